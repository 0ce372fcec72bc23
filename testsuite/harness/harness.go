// Package harness runs StabilizeWorkflow against a real, in-process
// Temporal server: an embedded devserver, an SDK client and a worker that
// registers the workflow and the task activities. Test binaries start one
// Harness in TestMain and run many workflows on it.
package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/devserver"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/payload"
)

// DefaultTaskQueue is the task queue of the harness worker when
// Options.TaskQueue is empty.
const DefaultTaskQueue = "stabilize-testsuite"

// Options configure Start. The zero value is usable.
type Options struct {
	// Server configures the embedded server. Optional: the zero value is an
	// in-memory server; Start disables the Web UI unless UIPort is set.
	Server devserver.Options
	// TaskQueue is the worker's task queue. Optional: defaults to
	// DefaultTaskQueue.
	TaskQueue string
	// RegisterActivities registers the task activities on the worker.
	// Optional: defaults to the built-in tasks with the default policy
	// (activities.Builtins(activities.Policy{})).
	RegisterActivities func(worker.ActivityRegistry)
	// Logger receives SDK client and worker logs, and the server's unless
	// Server.Logger is set. Optional: nil discards them.
	Logger *slog.Logger
}

// Harness is a running server, client and worker. Stop releases them.
type Harness struct {
	Server    *devserver.Server
	Client    client.Client
	TaskQueue string
	worker    worker.Worker
}

// Start starts the server, dials a client and starts a worker that
// registers StabilizeWorkflow and the activities.
func Start(ctx context.Context, opts Options) (*Harness, error) {
	if opts.Server.UIPort == 0 {
		opts.Server.UIPort = -1
	}
	if opts.TaskQueue == "" {
		opts.TaskQueue = DefaultTaskQueue
	}
	if opts.RegisterActivities == nil {
		reg, err := activities.Builtins(activities.Policy{})
		if err != nil {
			return nil, fmt.Errorf("built-in activities: %w", err)
		}
		opts.RegisterActivities = reg.RegisterActivities
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Server.Logger == nil {
		opts.Server.Logger = logger
	}
	srv, err := devserver.Start(ctx, opts.Server)
	if err != nil {
		return nil, fmt.Errorf("start dev server: %w", err)
	}
	c, err := client.Dial(client.Options{
		HostPort:         srv.FrontendAddress(),
		Namespace:        srv.Namespace(),
		Logger:           sdklog.NewStructuredLogger(logger),
		DataConverter:    payload.DataConverter(),
		FailureConverter: payload.FailureConverter(),
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("dial %s: %w", srv.FrontendAddress(), err), srv.Stop())
	}
	w := worker.New(c, opts.TaskQueue, worker.Options{DisableRegistrationAliasing: true})
	interpreter.Register(w)
	opts.RegisterActivities(w)
	if err := w.Start(); err != nil {
		c.Close()
		return nil, errors.Join(fmt.Errorf("start worker on %s: %w", opts.TaskQueue, err), srv.Stop())
	}
	return &Harness{Server: srv, Client: c, TaskQueue: opts.TaskQueue, worker: w}, nil
}

// Stop stops the worker, closes the client and stops the server.
func (h *Harness) Stop() error {
	h.worker.Stop()
	h.Client.Close()
	return h.Server.Stop()
}

// Start starts StabilizeWorkflow for def (its id is the workflow id) with
// the run options, on the harness task queue.
func (h *Harness) Start(ctx context.Context, def *model.Workflow, opts interpreter.RunOptions) (client.WorkflowRun, error) {
	run, err := h.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:        def.ID,
		TaskQueue: h.TaskQueue,
	}, model.WorkflowName, interpreter.Input{Definition: def, Options: opts})
	if err != nil {
		return nil, fmt.Errorf("start workflow %s: %w", def.ID, err)
	}
	return run, nil
}

// History returns the full history of one run, closed or not.
func (h *Harness) History(ctx context.Context, workflowID, runID string) (*historypb.History, error) {
	it := h.Client.GetWorkflowHistory(ctx, workflowID, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	hist := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("history of %s/%s: %w", workflowID, runID, err)
		}
		hist.Events = append(hist.Events, ev)
	}
	return hist, nil
}

// HistoryJSON renders a history in the JSON format of
// `temporal workflow show --output json`, which
// worker.WorkflowReplayer.ReplayWorkflowHistoryFromJSONFile reads.
func HistoryJSON(hist *historypb.History) ([]byte, error) {
	b, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
	if err != nil {
		return nil, fmt.Errorf("marshal history: %w", err)
	}
	return append(b, '\n'), nil
}
