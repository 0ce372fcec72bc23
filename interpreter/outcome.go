package interpreter

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// finish ends the run after a Complete command: it cancels leftover work,
// waits until lock releases are delivered, refuses updates that are still
// queued, waits for update handlers to return, and maps the final status to the workflow's outcome.
func (s *shell) finish() (*model.Workflow, error) {
	for _, ref := range slices.SortedFunc(maps.Keys(s.tasks), compareRefs) {
		s.cancelTask(ref)
	}
	for _, id := range slices.Sorted(maps.Keys(s.timers)) {
		s.cancelTimer(id)
	}
	// A signal to a lock workflow is dropped if its sender has closed, so
	// the releases must be delivered first.
	for s.lockOps > 0 {
		s.sel.Select(s.dctx)
		s.drain()
	}
	for !workflow.AllHandlersFinished(s.ctx) {
		_ = workflow.Await(s.dctx, func() bool { return workflow.AllHandlersFinished(s.ctx) || len(s.queue) > 0 })
		s.drain()
	}
	return outcome(*s.done)
}

// outcome maps a final status to the workflow result: Completed for
// SUCCEEDED and FAILED_CONTINUE, Canceled for CANCELED, Failed (type = the
// status name, details = the final model) for TERMINAL, STOPPED and anything
// else.
func outcome(c engine.Complete) (*model.Workflow, error) {
	switch c.Status {
	case model.StatusSucceeded, model.StatusFailedContinue:
		return c.Workflow, nil
	case model.StatusCanceled:
		// The SDK closes the run as Canceled for a CanceledError, whether or
		// not Temporal asked for the cancellation.
		return nil, temporal.NewCanceledError(c.Workflow)
	default:
		return nil, temporal.NewApplicationErrorWithOptions(failureMessage(c), c.Status.String(),
			temporal.ApplicationErrorOptions{NonRetryable: true, Details: []any{c.Workflow}})
	}
}

// failureMessage names the final status and the first halted top-level
// stage with its error, in definition order.
func failureMessage(c engine.Complete) string {
	msg := fmt.Sprintf("workflow ended %s", c.Status)
	if c.Workflow == nil {
		return msg
	}
	for _, st := range c.Workflow.Stages {
		if st.IsSynthetic() || !st.Status.IsHalt() {
			continue
		}
		msg += fmt.Sprintf(": stage %s %s", st.RefID, st.Status)
		if e, ok := st.Context["error"].(string); ok && e != "" {
			msg += ": " + e
		}
		break
	}
	return msg
}

// compareRefs orders task refs for deterministic iteration.
func compareRefs(a, b engine.TaskRef) int {
	return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Task, b.Task),
		cmp.Compare(a.Run, b.Run), cmp.Compare(a.Exec, b.Exec))
}
