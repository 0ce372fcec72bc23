package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// jump applies a jump_to result of task i of source (§8). Until the jump
// patterns land only the missing-target rule is applied; any other jump
// completes the task as a success.
func (e *Engine) jump(source *model.StageExecution, i int, res model.TaskResult) {
	if _, ok := e.byRef[res.JumpTo]; !ok {
		e.failJump(source, fmt.Sprintf("Target stage not found: %s", res.JumpTo))
		return
	}
	e.finishTask(source, i, model.StatusSucceeded)
}

// failJump makes the source TERMINAL with jump_error (§8.2, §8.3): its
// RUNNING or REDIRECT tasks become TERMINAL, end_time is set, and the
// halted source completes, which runs the completion check.
func (e *Engine) failJump(source *model.StageExecution, msg string) {
	e.setCtx(source, "jump_error", msg)
	now := e.nowMs()
	for _, t := range source.Tasks {
		if t.Status == model.StatusRunning || t.Status == model.StatusRedirect {
			t.Status = model.StatusTerminal
			t.EndTime = &now
		}
	}
	e.cancelStageWork(source)
	e.setFinal(source, model.StatusTerminal)
	e.afterHalt(source)
}

// resetStage is the reset of §8.5: the stage and its synthetic descendants
// go back to NOT_STARTED with times and outputs cleared, the join keys
// removed and every task NOT_STARTED; the rest of the context is kept.
// Outstanding work of the old run is canceled and its results discarded
// (the run number moves on at the next start).
func (e *Engine) resetStage(s *model.StageExecution, _ bool) {
	for _, x := range append([]*model.StageExecution{s}, e.descendants(s)...) {
		e.cancelStageWork(x)
		x.Status = model.StatusNotStarted
		x.StartTime, x.EndTime = nil, nil
		x.Outputs = map[string]any{}
		x.Withdrawn = false
		for _, k := range []string{KeyJoinFired, KeyCompletedBranches, KeyActivatedBranches} {
			e.delCtx(x, k)
		}
		for _, t := range x.Tasks {
			t.Status = model.StatusNotStarted
			t.StartTime, t.EndTime = nil, nil
			t.TaskExceptionDetails = nil
		}
		r := e.rt(x)
		r.MilestoneWait, r.MutexWait = false, 0
	}
}
