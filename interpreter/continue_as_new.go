package interpreter

import (
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// continueAsNewDue reports whether the history is long enough to continue
// as new: the server suggests it, or it passed
// RunOptions.ContinueAsNewAfterEvents. The length compared is
// estimatedHistoryLength, which also counts the local-activity markers the
// current workflow task will record (history_estimate.go): the recorded
// length only moves when a workflow task starts, and one workflow task can
// run thousands of local tasks. Runs from before historyEstimateChangeID
// compare the recorded length only.
func (s *shell) continueAsNewDue() bool {
	info := workflow.GetInfo(s.ctx)
	if info.GetContinueAsNewSuggested() {
		return true
	}
	n := s.in.Options.ContinueAsNewAfterEvents
	if n <= 0 {
		return false
	}
	if info.GetCurrentHistoryLength() >= n {
		return true
	}
	return s.estimatedHistoryLength() >= n && s.countsLocalMarkers()
}

// continueAsNew moves the run towards continue-as-new: hold new
// dispatches, wait for in-flight tasks and children and for lock messages
// to reach their lock workflow (timers may stay: the state keeps their
// deadlines), let update handlers finish, step any buffered signals, then
// hand eng.State() to a new run. It reports ready with the continue-as-new
// error once nothing is left to wait for.
func (s *shell) continueAsNew() (ready bool, err error) {
	if !s.hold {
		s.hold = true
		s.log.Info("holding dispatch to continue as new", "HistoryLength", workflow.GetInfo(s.ctx).GetCurrentHistoryLength(),
			"EstimatedHistoryLength", s.estimatedHistoryLength())
		s.apply(s.eng.SetHold(true))
	}
	if len(s.queue) > 0 || s.eng.InFlight() > 0 || s.lockOps > 0 {
		return false, nil
	}
	if !workflow.AllHandlersFinished(s.ctx) {
		_ = workflow.Await(s.dctx, func() bool { return workflow.AllHandlersFinished(s.ctx) || len(s.queue) > 0 })
		if len(s.queue) > 0 {
			return false, nil
		}
	}
	if s.drainSignals() {
		return false, nil
	}
	st := s.eng.State()
	return true, workflow.NewContinueAsNewError(s.ctx, model.WorkflowName, Input{
		State:   &st,
		Options: s.in.Options,
		Depth:   s.in.Depth,
	})
}
