package engine

import (
	"github.com/stabilize-go/stabilize/model"
)

// completeStage is CompleteStage (§2.13).
func (e *Engine) completeStage(s *model.StageExecution) {
	if s.Status == model.StatusNotStarted {
		return // stale (COMPLETE-1)
	}
	if s.Status.IsComplete() {
		if s.Status.IsHalt() {
			e.afterHalt(s)
		}
		return
	}
	st := e.determineStatus(s)
	// Step 1: after-stages, once core work is done without a halt.
	if (st.IsComplete() && !st.IsHalt()) || (st == model.StatusRunning && e.coreDone(s)) {
		started := false
		for _, c := range initialOf(e.phase(s, model.OwnerStageAfter)) {
			if c.Status == model.StatusNotStarted {
				e.push(action{kind: actStart, stage: c})
				started = true
			}
		}
		if started {
			return
		}
	}
	// Step 3: anything not final means the request was stale.
	if !st.IsComplete() {
		return
	}
	// Step 6 (first half): _blocking_failure escalates (Go rule).
	if st == model.StatusFailedContinue && ctxFlag(s.Context, model.KeyBlockingFailure, false) {
		st = model.StatusTerminal
	}
	// Step 4.
	e.setFinal(s, st)
	// Step 5: a synthetic FAILED_CONTINUE without allowSibling ends the
	// parent FAILED_CONTINUE at once (Go rule).
	if st == model.StatusFailedContinue && s.IsSynthetic() && !ctxFlag(s.Context, model.KeyAllowSiblingStagesToContinueOnFailure, false) {
		if p := e.parent(s); p != nil && !p.Status.IsComplete() {
			e.forceComplete(p, model.StatusFailedContinue)
			return
		}
	}
	if st.IsHalt() {
		e.afterHalt(s) // step 7
		return
	}
	e.afterContinuable(s) // step 6
}

// coreDone reports whether the before-stages and tasks of s are all in
// {SUCCEEDED, SKIPPED, FAILED_CONTINUE}, with at least one of them.
func (e *Engine) coreDone(s *model.StageExecution) bool {
	core := e.coreStatuses(s)
	if len(core) == 0 {
		return s.Status == model.StatusRunning
	}
	for _, st := range core {
		if st != model.StatusSucceeded && st != model.StatusSkipped && st != model.StatusFailedContinue {
			return false
		}
	}
	return true
}

func (e *Engine) coreStatuses(s *model.StageExecution) []model.WorkflowStatus {
	var core []model.WorkflowStatus
	for _, c := range e.phase(s, model.OwnerStageBefore) {
		core = append(core, c.Status)
	}
	for _, t := range s.Tasks {
		core = append(core, t.Status)
	}
	return core
}

// determineStatus is determine_status of §2.12.
func (e *Engine) determineStatus(s *model.StageExecution) model.WorkflowStatus {
	core := e.coreStatuses(s)
	var after []model.WorkflowStatus
	for _, c := range e.phase(s, model.OwnerStageAfter) {
		after = append(after, c.Status)
	}
	has := func(list []model.WorkflowStatus, want ...model.WorkflowStatus) bool {
		for _, x := range list {
			for _, w := range want {
				if x == w {
					return true
				}
			}
		}
		return false
	}
	if len(core) == 0 {
		if s.Status == model.StatusRunning {
			switch {
			case has(after, model.StatusNotStarted, model.StatusRunning):
				return model.StatusRunning
			case has(after, model.StatusTerminal):
				return model.StatusTerminal
			}
			return model.StatusSucceeded
		}
		return model.StatusNotStarted
	}
	switch {
	case has(core, model.StatusTerminal):
		return failureStatus(s, model.StatusTerminal)
	case has(core, model.StatusStopped):
		return model.StatusStopped
	case has(core, model.StatusCanceled):
		return model.StatusCanceled
	case has(core, model.StatusPaused):
		return model.StatusPaused
	case has(core, model.StatusBuffered):
		return model.StatusBuffered
	case has(core, model.StatusSuspended):
		return model.StatusSuspended
	case has(core, model.StatusNotStarted, model.StatusRunning):
		return model.StatusRunning
	}
	for _, x := range core {
		if x != model.StatusSucceeded && x != model.StatusSkipped && x != model.StatusFailedContinue {
			return model.StatusRunning // e.g. REDIRECT
		}
	}
	switch {
	case has(after, model.StatusTerminal):
		return model.StatusTerminal
	case has(after, model.StatusStopped):
		return model.StatusStopped
	case has(after, model.StatusCanceled):
		return model.StatusCanceled
	case has(after, model.StatusNotStarted, model.StatusRunning):
		return model.StatusRunning
	case has(core, model.StatusFailedContinue):
		return model.StatusFailedContinue
	}
	return model.StatusSucceeded
}

// setFinal writes a final status and end_time, and runs what any status
// change to COMPLETE releases: the stage's mutex and its waiters.
func (e *Engine) setFinal(s *model.StageExecution, st model.WorkflowStatus) {
	now := e.nowMs()
	e.setStatus(s, st)
	s.EndTime = &now
	e.releaseMutex(s)
	e.releaseGlobalLock(s)
}

// forceComplete ends a stage with st at once (§2.13 step 5 Go rule): its
// unfinished tasks and synthetic children stop, then it completes normally.
func (e *Engine) forceComplete(s *model.StageExecution, st model.WorkflowStatus) {
	e.cancelStageWork(s)
	for _, t := range s.Tasks {
		if t.Status == model.StatusRunning {
			t.Status = model.StatusCanceled
		}
	}
	for _, c := range e.descendants(s) {
		if !c.Status.IsComplete() && c.Status != model.StatusNotStarted {
			e.cancelStage(c, false)
		}
	}
	e.setFinal(s, st)
	if st.IsHalt() {
		e.afterHalt(s)
		return
	}
	e.afterContinuable(s)
}

// afterHalt is step 7 of §2.13: a top-level stage arms the completion
// check, a synthetic stage completes its parent.
func (e *Engine) afterHalt(s *model.StageExecution) {
	if p := e.parent(s); p != nil {
		e.push(action{kind: actComplete, stage: p})
		return
	}
	e.arm()
}

// afterContinuable is step 6 of §2.13: expand a multi-instance parent
// (§9.1), apply the split, record join
// tracking, then start the activated downstream stages and skip the
// others; a sink continues its parent's phase or arms the check.
func (e *Engine) afterContinuable(s *model.StageExecution) {
	if err := e.expandInstances(s); err != nil {
		// §9.1 Go rule: a bad count or collection makes the parent TERMINAL.
		e.setCtx(s, "exception", map[string]any{"details": map[string]any{"error": err.Error()}})
		e.setStatus(s, model.StatusTerminal)
		e.afterHalt(s)
		return
	}
	down := e.downstreams(s)
	if len(down) == 0 {
		e.afterSink(s)
		return
	}
	activated, skipped := e.split(s, down)
	for _, d := range down {
		if d.JoinType == model.JoinDiscriminator || d.JoinType == model.JoinNOfM {
			e.addCompletedBranch(d, s.RefID)
		}
	}
	for _, d := range activated {
		e.activate(d)
	}
	for _, d := range skipped {
		e.push(action{kind: actSkip, stage: d})
	}
}

// afterSink continues the parent's phase (synthetic) or arms the
// completion check (top level) after a sink completes or is skipped.
func (e *Engine) afterSink(s *model.StageExecution) {
	if s.IsSynthetic() {
		e.push(action{kind: actContinue, stage: s})
		return
	}
	e.arm()
}

// activate evaluates a downstream stage after a CONTINUABLE upstream
// completion. A MULTI_MERGE join instead queues one firing per such
// completion (§2.2 Go rule, WCP-8); wakeMerges starts them one at a time.
func (e *Engine) activate(d *model.StageExecution) {
	if d.JoinType == model.JoinMultiMerge {
		e.rt(d).Queued++
		return
	}
	e.push(action{kind: actStart, stage: d})
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// skipStage is SkipStage (§2.14): only a NOT_STARTED stage is skipped; its
// downstream stages are then started (a skip does not propagate, §5.3).
func (e *Engine) skipStage(s *model.StageExecution) {
	if s.Status != model.StatusNotStarted {
		return
	}
	e.rt(s).MilestoneWait = false
	e.withdrawMutex(s)
	e.setFinal(s, model.StatusSkipped)
	down := e.downstreams(s)
	if len(down) == 0 {
		e.afterSink(s)
		return
	}
	for _, d := range down {
		e.activate(d)
	}
}

// cancelStage is CancelStage (§2.14) with the Go rules: NOT_STARTED and
// RUNNING tasks are canceled together with the stage (in-flight work is
// told to stop and its result discarded), and so are the stage's
// unfinished synthetic descendants. Nothing downstream starts and no
// completion check runs. A withdrawn stage is left out of the final
// status (§2.9).
func (e *Engine) cancelStage(s *model.StageExecution, withdrawn bool) {
	if s.Status.IsComplete() {
		return
	}
	e.cancelStageWork(s)
	for _, t := range s.Tasks {
		if t.Status == model.StatusNotStarted || t.Status == model.StatusRunning {
			t.Status = model.StatusCanceled
		}
	}
	r := e.rt(s)
	r.MilestoneWait = false
	e.withdrawMutex(s)
	if withdrawn {
		s.Withdrawn = true
	}
	e.setFinal(s, model.StatusCanceled)
	for _, c := range e.descendants(s) {
		if c.Status.IsComplete() {
			continue
		}
		e.cancelStageWork(c)
		for _, t := range c.Tasks {
			if t.Status == model.StatusNotStarted || t.Status == model.StatusRunning {
				t.Status = model.StatusCanceled
			}
		}
		e.setFinal(c, model.StatusCanceled)
	}
}

// releaseMutex frees the mutex a completed stage holds and re-evaluates
// its waiters in the order they began waiting (§2.8 Go rule); the first
// to pass its gates claims it, the others wait again.
func (e *Engine) releaseMutex(s *model.StageExecution) {
	if s.MutexKey == "" || !s.Status.IsComplete() {
		return
	}
	for _, ref := range e.st.Mutex.Release(s.MutexKey, s.RefID) {
		if w, ok := e.byRef[ref]; ok && w.Status == model.StatusNotStarted {
			e.push(action{kind: actStart, stage: w})
		}
	}
}

// withdrawMutex drops a stage that will not start any more from its
// mutex's waiters.
func (e *Engine) withdrawMutex(s *model.StageExecution) {
	if s.MutexKey != "" {
		e.st.Mutex.Withdraw(s.MutexKey, s.RefID)
	}
}

// mutexBusy reports whether another live stage holds s's mutex; a holder
// that is COMPLETE or gone loses the claim (§2.8).
func (e *Engine) mutexBusy(s *model.StageExecution) bool {
	h, held := e.st.Mutex.Holder(s.MutexKey)
	if !held || h == s.RefID {
		return false
	}
	if holder, ok := e.byRef[h]; ok && !holder.Status.IsComplete() {
		return true
	}
	e.st.Mutex.Release(s.MutexKey, h)
	return false
}

// split applies the stage's split (§5) to its direct downstream stages,
// in definition order. Following the observed Python behaviour (§5.4 Go
// rule), an OR split never writes _activated_branches into OR joins.
func (e *Engine) split(s *model.StageExecution, down []*model.StageExecution) (activated, skipped []*model.StageExecution) {
	return SplitActivation(s, down)
}
