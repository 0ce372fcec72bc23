package engine

import "github.com/stabilize-go/stabilize/model"

// Engine is the state machine of one execution. It is not safe for
// concurrent use; the Temporal shell calls it from one coroutine.
type Engine struct {
	opts Options
	wf   *model.Workflow
}

// New returns an engine for a loaded, validated definition. It takes
// ownership of def.
func New(def *model.Workflow, opts Options) *Engine {
	return &Engine{opts: opts, wf: def}
}

// Restore rebuilds an engine from State after continue-as-new; feed it
// Resumed to re-emit outstanding work.
func Restore(s State, opts Options) *Engine {
	return &Engine{opts: opts, wf: s.Workflow}
}

// Step applies one event and returns the commands it causes, in a stable
// order. It is the only mutator.
func (e *Engine) Step(ev Event) []Command {
	panic(ErrNotImplemented)
}

// Validate reports, without changing anything, why an update event would be
// refused (an *model.InvalidStateTransitionError for an invalid transition,
// or an error naming an unknown stage). Nil means Step will accept it.
func (e *Engine) Validate(ev Event) error {
	return ErrNotImplemented
}

// View returns a deep copy of the workflow model for the status query.
func (e *Engine) View() *model.Workflow { panic(ErrNotImplemented) }

// StageView returns a deep copy of the stage with the given ref_id.
func (e *Engine) StageView(refID string) (*model.StageExecution, bool) {
	panic(ErrNotImplemented)
}

// Summary counts stages by status.
func (e *Engine) Summary() model.Summary { panic(ErrNotImplemented) }

// Status returns the workflow's current status.
func (e *Engine) Status() model.WorkflowStatus { return e.wf.Status }

// State returns the engine's state for continue-as-new.
func (e *Engine) State() State { panic(ErrNotImplemented) }

// InFlight returns how many RunTask commands await a TaskFinished.
func (e *Engine) InFlight() int { return 0 }

// SetHold stops (true) or restarts (false) the dispatch of new tasks; held
// tasks stay queued in State. The shell holds before continue-as-new and
// waits for InFlight to reach zero. Releasing returns the queued commands.
func (e *Engine) SetHold(hold bool) []Command { return nil }
