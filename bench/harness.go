package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/devserver"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/payload"
)

// DefaultTaskQueue is the task queue of the harness's worker when
// Options.TaskQueue is empty.
const DefaultTaskQueue = "bench"

// Options configures Start. The zero value benchmarks the devserver's
// default (fast) dynamic config.
type Options struct {
	// PlainDefaults starts the server with Temporal's stock dynamic config
	// instead of devserver's fast defaults (devserver.Options.PlainDefaults).
	// Optional: false uses the fast defaults.
	PlainDefaults bool
	// DynamicConfig holds extra dynamic-config overrides for the server.
	// Optional: nil adds none.
	DynamicConfig map[string]any
	// TaskQueue is the worker's task queue. Optional: defaults to
	// DefaultTaskQueue.
	TaskQueue string
	// Logger receives server and SDK logs. Optional: nil discards SDK logs
	// and leaves server logs at devserver's default (warnings to stderr).
	Logger *slog.Logger
}

// Harness is a running benchmark environment: an in-process Temporal
// server, a local HTTP target, a client and one worker that holds the
// interpreter, TwinWorkflow and the built-in activities.
type Harness struct {
	srv    *devserver.Server
	target *httptest.Server
	client client.Client
	worker worker.Worker
	queue  string
	// dc is the data converter of the client and worker; it decodes
	// local-activity markers and replays histories.
	dc converter.DataConverter
	// fc is the failure converter of the client and worker.
	fc converter.FailureConverter
}

// Start starts the server, the HTTP target and the worker. Close stops them.
func Start(ctx context.Context, opts Options) (_ *Harness, err error) {
	if opts.TaskQueue == "" {
		opts.TaskQueue = DefaultTaskQueue
	}
	h := &Harness{queue: opts.TaskQueue, dc: payload.DataConverter(), fc: payload.FailureConverter()}
	defer func() {
		if err != nil {
			err = errors.Join(err, h.Close())
		}
	}()
	h.srv, err = devserver.Start(ctx, devserver.Options{
		UIPort: -1, PlainDefaults: opts.PlainDefaults, DynamicConfig: opts.DynamicConfig, Logger: opts.Logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start devserver: %w", err)
	}
	h.target = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	var logger sdklog.Logger = sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	if opts.Logger != nil {
		logger = sdklog.NewStructuredLogger(opts.Logger)
	}
	h.client, err = client.Dial(client.Options{
		HostPort: h.srv.FrontendAddress(), Namespace: h.srv.Namespace(), Logger: logger, DataConverter: h.dc,
		FailureConverter: h.fc,
	})
	if err != nil {
		return nil, fmt.Errorf("dial devserver %s: %w", h.srv.FrontendAddress(), err)
	}
	reg, err := activities.Builtins(activities.Policy{HTTPAllowPrivate: true})
	if err != nil {
		return nil, fmt.Errorf("built-in activities: %w", err)
	}
	w := worker.New(h.client, h.queue, worker.Options{DisableRegistrationAliasing: true})
	interpreter.Register(w)
	w.RegisterWorkflowWithOptions(TwinWorkflow, workflow.RegisterOptions{Name: TwinWorkflowName})
	reg.RegisterActivities(w)
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("start worker on %s: %w", h.queue, err)
	}
	h.worker = w
	return h, nil
}

// Client returns the harness's Temporal client.
func (h *Harness) Client() client.Client { return h.client }

// TargetURL returns the URL of the local HTTP target the http stages call.
func (h *Harness) TargetURL() string { return h.target.URL }

// Close stops the worker, the client, the HTTP target and the server.
func (h *Harness) Close() error {
	if h.worker != nil {
		h.worker.Stop()
	}
	if h.client != nil {
		h.client.Close()
	}
	if h.target != nil {
		h.target.Close()
	}
	if h.srv != nil {
		return h.srv.Stop()
	}
	return nil
}
