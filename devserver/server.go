package devserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/membership/static"
	"go.temporal.io/server/common/primitives"
	"go.temporal.io/server/temporal"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Time limits for start-up and shutdown steps that take no caller context.
const (
	// readyTimeout caps waitReady when the caller's context has no deadline.
	readyTimeout = 30 * time.Second
	// uiStopTimeout bounds how long Stop waits for open Web UI requests.
	uiStopTimeout = 5 * time.Second
)

// Server is a running embedded Temporal server with its Web UI. Its methods
// are safe for concurrent use.
type Server struct {
	temporal  temporal.Server
	conn      *grpc.ClientConn
	ui        *uiServer
	frontend  string
	uiAddress string
	namespace string
	logLevel  *slog.LevelVar

	stopOnce sync.Once
	stopErr  error
}

// Start starts a Temporal server as described by opts and returns once its
// frontend answers and every namespace carries SearchAttributes. A port that
// is already taken fails with an error naming the port. On error nothing is
// left running (except the pooled SQLite connection, see Stop).
func Start(ctx context.Context, opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	level, _ := parseLevel(opts.LogLevel) // validated by withDefaults
	logLevel := new(slog.LevelVar)
	logLevel.Set(level)
	logger := newServerLogger(opts.Logger, logLevel)

	ports, uiPort, err := choosePorts(opts)
	if err != nil {
		return nil, err
	}
	sql, err := sqlConfig(opts.DBFile)
	if err != nil {
		return nil, err
	}
	if err := preRegisterNamespaces(sql, opts.namespaces()); err != nil {
		return nil, err
	}
	srv, ports, uiPort, err := startTemporal(opts, ports, uiPort, sql, logger)
	if err != nil {
		return nil, err
	}
	s := &Server{
		temporal:  srv,
		frontend:  hostPort(opts.IP, ports.frontend),
		namespace: opts.Namespace,
		logLevel:  logLevel,
	}
	if err := s.finishStart(ctx, opts, uiPort); err != nil {
		return nil, errors.Join(err, s.Stop())
	}
	return s, nil
}

// finishStart waits for the frontend, registers search attributes and starts
// the Web UI.
func (s *Server) finishStart(ctx context.Context, opts Options, uiPort int) error {
	conn, err := grpc.NewClient(s.frontend, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return fmt.Errorf("dial frontend %s: %w", s.frontend, err)
	}
	s.conn = conn
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, readyTimeout)
		defer cancel()
	}
	if err := waitReady(ctx, conn, opts.namespaces()); err != nil {
		return err
	}
	for _, ns := range opts.namespaces() {
		if err := ensureSearchAttributes(ctx, conn, ns); err != nil {
			return err
		}
	}
	if uiPort < 0 {
		return nil
	}
	ui, err := startUI(opts.IP, uiPort, s.frontend, opts.Namespace)
	if err != nil {
		return err
	}
	s.ui = ui
	s.uiAddress = "http://" + hostPort(opts.IP, uiPort)
	return nil
}

// portAttempts bounds how often startTemporal chooses ports again.
const portAttempts = 3

// startTemporal builds and starts the Temporal server on ports. The ports
// left to the kernel (choosePorts) were free when chosen but are not held
// until the server binds them, so another process starting a server at
// the same moment (go test runs packages in parallel) can take one first;
// then the server fails with "address already in use", and startTemporal
// chooses ports again, up to portAttempts times. A port given in opts that
// is taken fails choosePorts at once, with an error naming it.
func startTemporal(opts Options, ports servicePorts, uiPort int, sql *config.SQL, logger log.Logger) (temporal.Server, servicePorts, int, error) {
	for attempt := 1; ; attempt++ {
		srv, err := newTemporalServer(serverConfig(opts.IP, ports, sql), ports, opts, logger)
		if err == nil {
			if err = srv.Start(); err != nil {
				_ = srv.Stop()
				err = fmt.Errorf("start temporal server with frontend on %s: %w", hostPort(opts.IP, ports.frontend), err)
			}
		}
		if err == nil {
			return srv, ports, uiPort, nil
		}
		if attempt == portAttempts || !addressInUse(err) {
			return nil, ports, 0, err
		}
		if ports, uiPort, err = choosePorts(opts); err != nil {
			return nil, ports, 0, err
		}
	}
}

// addressInUse reports a failure to bind a port someone else holds. The
// server's dependency injection flattens some errors into text, so the
// message counts too.
func addressInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || strings.Contains(err.Error(), "address already in use")
}

// choosePorts resolves the frontend, internal and UI ports (-1 for no UI).
func choosePorts(opts Options) (servicePorts, int, error) {
	var ports servicePorts
	var err error
	if ports.frontend, err = resolvePort("frontend", opts.IP, opts.Port); err != nil {
		return ports, 0, err
	}
	for _, p := range []*int{&ports.frontendHTTP, &ports.history, &ports.matching, &ports.worker} {
		if *p, err = pickFreePort(opts.IP); err != nil {
			return ports, 0, err
		}
	}
	uiPort := opts.UIPort
	if uiPort >= 0 {
		if uiPort, err = resolvePort("ui", opts.IP, uiPort); err != nil {
			return ports, 0, err
		}
	}
	return ports, uiPort, nil
}

// newTemporalServer assembles the server with static membership (no gossip
// ports) and the dynamic config.
func newTemporalServer(cfg *config.Config, ports servicePorts, opts Options, logger log.Logger) (temporal.Server, error) {
	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("create authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&cfg.Global.Authorization, logger)
	if err != nil {
		return nil, fmt.Errorf("create claim mapper: %w", err)
	}
	hosts := map[primitives.ServiceName]static.Hosts{
		primitives.FrontendService: static.SingleLocalHost(hostPort(opts.IP, ports.frontend)),
		primitives.HistoryService:  static.SingleLocalHost(hostPort(opts.IP, ports.history)),
		primitives.MatchingService: static.SingleLocalHost(hostPort(opts.IP, ports.matching)),
		primitives.WorkerService:   static.SingleLocalHost(hostPort(opts.IP, ports.worker)),
	}
	srv, err := temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(hosts),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dynamicConfigClient(opts.PlainDefaults, opts.DynamicConfig)),
	)
	if err != nil {
		return nil, fmt.Errorf("create temporal server: %w", err)
	}
	return srv, nil
}

// FrontendAddress returns the frontend gRPC host:port, e.g. "127.0.0.1:7233".
func (s *Server) FrontendAddress() string { return s.frontend }

// UIAddress returns the Web UI base URL, e.g. "http://127.0.0.1:8233", or ""
// when the UI is disabled.
func (s *Server) UIAddress() string { return s.uiAddress }

// Namespace returns the primary namespace registered at start.
func (s *Server) Namespace() string { return s.namespace }

// Stop shuts down the Web UI and the server and releases their ports. It is
// idempotent: later calls return the first call's result. Temporal's SQLite
// plugin keeps its database connection for the life of the process, so an
// in-memory database stays allocated after Stop and a file database stays
// open (a later Start on the same file reuses that connection).
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		// The services stop one by one, and those still running warn and
		// fail about the ones gone; some goroutines outlive Stop and keep
		// redialing. None of it is worth a user's attention: Stop returns
		// the errors that matter.
		s.logLevel.Set(levelSilent)
		var errs []error
		if s.ui != nil {
			ctx, cancel := context.WithTimeout(context.Background(), uiStopTimeout)
			errs = append(errs, s.ui.stop(ctx))
			cancel()
		}
		if s.conn != nil {
			errs = append(errs, s.conn.Close())
		}
		if err := s.temporal.Stop(); err != nil {
			errs = append(errs, fmt.Errorf("stop temporal server: %w", err))
		}
		s.stopErr = errors.Join(errs...)
	})
	return s.stopErr
}
