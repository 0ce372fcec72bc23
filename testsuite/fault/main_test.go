package fault

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/stabilize-go/stabilize/devserver"
	"github.com/stabilize-go/stabilize/payload"
)

// Start-up limits of TestMain. The first build of the worker on a cold
// cache takes minutes on a small machine, hence the generous bound.
const (
	buildTimeout       = 10 * time.Minute
	serverStartTimeout = 2 * time.Minute
)

// env is the shared state of the test binary, set up by requireServer.
var env struct {
	// dir is the temporary directory of the binary, removed at exit.
	dir string
	// workerBin is the worker binary built from ./worker.
	workerBin string
	// dbFile is the server's SQLite database; it outlives a restart.
	dbFile string
	// port is the server's frontend port, kept across restarts.
	port int
	// client talks to the server; gRPC reconnects it after a restart.
	client client.Client

	mu  sync.Mutex
	srv *devserver.Server
}

// TestMain runs the tests, then stops what the first requireServer set
// up. Nothing is set up for a run that needs no server (-list, -short, a
// -run pattern that selects no fault test).
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if err := tearDown(); err != nil {
		fmt.Fprintln(os.Stderr, "fault: tear down:", err)
	}
	if env.dir != "" {
		os.RemoveAll(env.dir)
	}
	os.Exit(code)
}

// setup holds the outcome of the one set-up of the binary.
var setup struct {
	once sync.Once
	err  error
}

// requireServer sets up the worker binary, the server and the client on
// first use, and skips the test under -short.
func requireServer(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests start a server and worker processes; skipped with -short")
	}
	setup.once.Do(func() {
		dir, err := os.MkdirTemp("", "stabilize-fault-")
		if err != nil {
			setup.err = fmt.Errorf("temp dir: %w", err)
			return
		}
		setup.err = setUp(dir)
	})
	if setup.err != nil {
		t.Fatalf("set up the fault environment: %v", setup.err)
	}
}

// setUp builds the worker binary into dir, starts the server on a database
// file in dir and dials the client.
func setUp(dir string) error {
	env.dir = dir
	env.workerBin = filepath.Join(dir, "worker")
	env.dbFile = filepath.Join(dir, "temporal.db")
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	build := exec.CommandContext(ctx, "go", "build", "-o", env.workerBin, "github.com/stabilize-go/stabilize/worker")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./worker: %w\n%s", err, out)
	}
	if err := startServer(0); err != nil {
		return err
	}
	c, err := client.Dial(client.Options{
		HostPort:         env.srv.FrontendAddress(),
		Namespace:        env.srv.Namespace(),
		Logger:           sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
		DataConverter:    payload.DataConverter(),
		FailureConverter: payload.FailureConverter(),
	})
	if err != nil {
		return fmt.Errorf("dial %s: %w", env.srv.FrontendAddress(), err)
	}
	env.client = c
	return nil
}

// startServer starts the embedded server on env.dbFile and port (0 picks
// a free one, remembered in env.port for restarts).
func startServer(port int) error {
	ctx, cancel := context.WithTimeout(context.Background(), serverStartTimeout)
	defer cancel()
	logFile, err := os.OpenFile(filepath.Join(env.dir, "server.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("open server log: %w", err)
	}
	srv, err := devserver.Start(ctx, devserver.Options{
		Port:     port,
		UIPort:   -1,
		DBFile:   env.dbFile,
		LogLevel: "error",
		Logger:   slog.New(slog.NewTextHandler(logFile, nil)),
	})
	if err != nil {
		logFile.Close()
		return fmt.Errorf("start server on port %d with %s: %w", port, env.dbFile, err)
	}
	_, portText, err := net.SplitHostPort(srv.FrontendAddress())
	if err != nil {
		return errors.Join(fmt.Errorf("frontend address: %w", err), srv.Stop())
	}
	p, err := strconv.Atoi(portText)
	if err != nil {
		return errors.Join(fmt.Errorf("frontend port: expected a number, got %q: %w", portText, err), srv.Stop())
	}
	env.mu.Lock()
	env.srv, env.port = srv, p
	env.mu.Unlock()
	return nil
}

// tearDown closes the client and stops the server, whichever exist.
func tearDown() error {
	if env.client != nil {
		env.client.Close()
	}
	env.mu.Lock()
	srv := env.srv
	env.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Stop()
}

// frontend returns the server's frontend host:port.
func frontend() string {
	env.mu.Lock()
	defer env.mu.Unlock()
	return env.srv.FrontendAddress()
}
