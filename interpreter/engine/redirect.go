package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// jump applies a jump_to result of task i of source (§8): the limit
// (§8.2), a missing target (§8.3), then a backward reset (§8.5) or a
// forward skip (§8.6), the jump context (§8.7), and finally the target
// starts with the bypass. The jumping task stays REDIRECT (§8.9) unless a
// reset applies. Everything happens in this one step (JUMP-9).
func (e *Engine) jump(source *model.StageExecution, i int, res model.TaskResult) {
	target, ok := e.byRef[res.JumpTo]
	if !ok {
		e.failJump(source, fmt.Sprintf("Target stage not found: %s", res.JumpTo))
		return
	}
	count, limit, allowed := JumpAllowed(e.wf, source)
	if !allowed {
		e.failJump(source, fmt.Sprintf("Max jump count exceeded: %d/%d", count, limit))
		return
	}
	now := e.nowMs()
	source.Tasks[i].EndTime = &now
	srcCtx, tgtCtx := e.jumpContext(source, target.RefID, res, count)
	if e.isBackwardJump(source, target) {
		for _, s := range e.backwardResetSet(source, target) {
			e.resetStage(s)
		}
	} else {
		e.cancelStageWork(source)
		for _, t := range source.Tasks {
			if t.Status == model.StatusRunning {
				t.Status = model.StatusSucceeded
				t.EndTime = &now
			}
		}
		e.setFinal(source, model.StatusSucceeded)
		for _, s := range e.forwardSkipSet(source, target) {
			if s.Status != model.StatusNotStarted {
				continue
			}
			for _, t := range s.Tasks {
				t.Status = model.StatusSkipped
			}
			e.setFinal(s, model.StatusSkipped)
		}
		if source.IsSynthetic() {
			// The source's phase may now be done (e.g. a jump out of the
			// last after-stage); its siblings decide (§7.3).
			e.push(action{kind: actContinue, stage: source})
		}
	}
	e.mergeCtx(source, srcCtx)
	e.mergeCtx(target, tgtCtx)
	e.setCtx(target, KeyJumpBypass, true)
	e.push(action{kind: actStart, stage: target, bypass: true})
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

// resetStage is the reset of §8.5 for one stage (callers pass the
// synthetic children too, as BackwardResetSet does): NOT_STARTED with times
// and outputs cleared, the join keys removed and every task NOT_STARTED;
// the rest of the context, the overlay included, is kept. Outstanding work
// of the old run is canceled and its results discarded (the run number
// moves on at the next start). A held mutex stays held (§2.8).
func (e *Engine) resetStage(s *model.StageExecution) {
	e.cancelStageWork(s)
	ResetStage(s)
	e.noteStatus(s)
	e.noteOutputs(s)
	for _, k := range []string{KeyJoinFired, KeyCompletedBranches, KeyActivatedBranches} {
		e.delCtx(s, k)
	}
	s.Withdrawn = false
	e.rt(s).MilestoneWait = false
}
