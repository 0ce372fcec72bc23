package engine

import (
	"errors"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// Options tune an Engine. The zero value is usable.
type Options struct {
	// Version is the semantics version recorded by the shell with
	// workflow.GetVersion; the engine branches on it when behaviour changes.
	Version int
	// MaxPendingTasks caps RunTask commands in flight; further ready tasks
	// wait in a queue. Optional: defaults to 500.
	MaxPendingTasks int
	// PollInterval is the delay before re-running a task that returned
	// RUNNING. Optional: defaults to 1s.
	PollInterval time.Duration
	// MaxInstances caps a multi-instance expansion. Optional: defaults to 1000.
	MaxInstances int
}

// State is the engine's whole state as plain data that round-trips through
// JSON, carried across continue-as-new.
type State struct {
	Workflow *model.Workflow `json:"workflow"`
	// Internal is the engine's bookkeeping beyond the model (queues,
	// timers with absolute deadlines, claims, armed checks, ...).
	Internal map[string]any `json:"internal,omitempty"`
}

// ErrNotImplemented is returned by placeholders until the engine lands.
var ErrNotImplemented = errors.New("engine: not implemented")
