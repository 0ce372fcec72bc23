package interpreter

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// Input is the argument of StabilizeWorkflow. A first run carries
// Definition; a run started by continue-as-new carries State instead.
type Input struct {
	// Definition is the loaded, validated workflow to run (model.Load fills
	// in ids and defaults before the start, never inside the workflow).
	Definition *model.Workflow `json:"definition"`
	// State is the engine state carried over by continue-as-new. When set,
	// Definition is ignored.
	State *engine.State `json:"state,omitempty"`
	// Options tune the run.
	Options RunOptions `json:"options"`
	// Depth is the sub-workflow nesting depth: 0 for a top-level run.
	Depth int `json:"depth,omitempty"`
}

// RunOptions tune one run of StabilizeWorkflow. The zero value is usable.
type RunOptions struct {
	// MaxPendingTasks caps the tasks in flight at once.
	// Optional: defaults to the engine's default (500).
	MaxPendingTasks int `json:"max_pending_tasks,omitempty"`
	// MaxLocalTasks caps the local activities (cheap tasks,
	// local_activity.go) in flight at once, within MaxPendingTasks; the rest
	// wait in arrival order. Runs started before the cap keep every local
	// task in flight. Optional: defaults to DefaultMaxLocalTasks.
	MaxLocalTasks int `json:"max_local_tasks,omitempty"`
	// ContinueAsNewAfterEvents continues as new once the history holds at
	// least this many events. Optional: 0 continues as new only when the
	// server suggests it.
	ContinueAsNewAfterEvents int `json:"continue_as_new_after_events,omitempty"`
	// PollInterval is the delay before a task that returned RUNNING runs
	// again. Optional: defaults to the engine's default (1s).
	PollInterval time.Duration `json:"poll_interval,omitempty"`
	// MaxDepth bounds sub-workflow recursion: a sub_workflow task at depth
	// MaxDepth or deeper ends TERMINAL. Optional: defaults to
	// DefaultMaxDepth.
	MaxDepth int `json:"max_depth,omitempty"`
	// LockPingInterval is how often a lock or concurrency coordinator that
	// this run starts pings its holders to notice one whose run closed
	// without releasing. Optional: defaults to DefaultLockPingInterval.
	LockPingInterval time.Duration `json:"lock_ping_interval,omitempty"`
}

// DefaultMaxDepth is the sub-workflow recursion bound when
// RunOptions.MaxDepth is zero (semantics §11.1).
const DefaultMaxDepth = 10

// DefaultMaxLocalTasks is the cap on local activities in flight when
// RunOptions.MaxLocalTasks is zero. The Go SDK runs each local activity in
// a coroutine of its own and resumes every one of them on every event, so
// each one in flight costs every event, live and on replay. On a
// 1 -> 3,000 -> 1 noop fan (issue #9) caps of 4, 8, 16 and 32 took 0.9-1.1,
// 1.0-1.1, 1.4 and 2.0-2.1 s live and replayed at 1.5, 2.2, 3.1-3.5 and
// 5.1-5.2 s per 10,000 events: beyond a few, more in flight only costs.
// Cheap tasks finish at once, so a handful in flight keeps them busy; a
// definition that opts slow tasks into local activities may raise it.
const DefaultMaxLocalTasks = 8

// legacyMaxLocalTasks is the default cap of runs recorded before
// bundledVersion; their histories replay with it.
const legacyMaxLocalTasks = 32

// maxLocalTasks returns MaxLocalTasks or the default of semantics version v.
func (o RunOptions) maxLocalTasks(v workflow.Version) int {
	if o.MaxLocalTasks > 0 {
		return o.MaxLocalTasks
	}
	if v < bundledVersion {
		return legacyMaxLocalTasks
	}
	return DefaultMaxLocalTasks
}

// maxDepth returns MaxDepth or its default.
func (o RunOptions) maxDepth() int {
	if o.MaxDepth > 0 {
		return o.MaxDepth
	}
	return DefaultMaxDepth
}

// engineOptions returns the engine options for semantics version v.
func (o RunOptions) engineOptions(v int) engine.Options {
	return engine.Options{
		Version:         v,
		MaxPendingTasks: o.MaxPendingTasks,
		PollInterval:    o.PollInterval,
	}
}
