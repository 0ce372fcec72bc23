package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// onStarted begins the execution (§10.10): ignored unless NOT_STARTED or
// when already canceled; an expired start cancels the workflow as
// "system"; otherwise the workflow runs and every initial stage is
// evaluated.
func (e *Engine) onStarted() {
	wf := e.wf
	if e.st.Finished || wf.Status != model.StatusNotStarted || wf.IsCanceled {
		return
	}
	if wf.StartTimeExpiry != nil && e.nowMs() > *wf.StartTimeExpiry {
		e.cancelWorkflow("system", "Could not begin execution before start time expiry")
		return
	}
	var initial []*model.StageExecution
	for _, s := range e.topLevel() {
		if len(s.RequisiteStageRefIDs) == 0 {
			initial = append(initial, s)
		}
	}
	if len(initial) == 0 {
		e.finish(model.StatusTerminal)
		return
	}
	wf.Status = model.StatusRunning
	now := e.nowMs()
	wf.StartTime = &now
	for _, s := range initial {
		e.push(action{kind: actStart, stage: s})
	}
}

// startStage evaluates a stage (StartStage): readiness (§2.2), then the
// start gates of §2.4 in order, then the claim, planning and dispatch.
func (e *Engine) startStage(s *model.StageExecution, bypass bool) {
	if s.Status != model.StatusNotStarted || e.wf.IsCanceled || e.wf.Status.IsComplete() {
		return // gate 0
	}
	if p := e.parent(s); p != nil && p.Status.IsComplete() {
		return // a finished parent starts no children
	}
	// Before planning a stage sees only its own layers (§2.5, §8.8): the
	// definition context and the runtime overlay, without the ancestor
	// outputs a previous run merged in.
	s.Context = e.ownContext(s)
	r := e.rt(s)
	if !bypass && !pyTruthy(s.Context[KeyJumpBypass]) {
		switch e.readiness(s) {
		case ReadinessWait:
			r.MilestoneWait = false
			return
		case ReadinessBlocked:
			r.MilestoneWait = false
			e.withdrawMutex(s)
			e.arm() // BLOCKED: stays NOT_STARTED, completion check (§2.2)
			return
		}
	}
	// A milestone wait is re-established below if the gate still holds.
	r.MilestoneWait = false
	// Gate 1: stageEnabled.
	if !e.stageEnabled(s) {
		e.push(action{kind: actSkip, stage: s})
		return
	}
	// Gate 2: milestone (§2.7 Go rule: the stage waits).
	if s.MilestoneRefID != "" {
		switch CheckMilestone(s, e.byRef[s.MilestoneRefID]) {
		case MilestoneExpired:
			e.push(action{kind: actSkip, stage: s})
			return
		case MilestoneWait:
			r.MilestoneWait = true
			return
		}
	}
	// Gate 3: mutex held by another live stage → wait (§2.8); the table
	// records the waiter.
	if s.MutexKey != "" && e.mutexBusy(s) {
		e.st.Mutex.TryAcquire(s.MutexKey, s.RefID)
		return
	}
	if !e.globalLockReady(s) {
		return
	}
	// Gate 4: deferred choice already decided → withdrawn (§2.9).
	if g := s.DeferredChoiceGroup; g != "" && e.choiceDecided(s) {
		e.cancelStage(s, true)
		return
	}
	// Gate 5: start_time_expiry, strictly after.
	if s.StartTimeExpiry != nil && e.nowMs() > *s.StartTimeExpiry {
		e.push(action{kind: actSkip, stage: s})
		return
	}
	// Gate 6: claim.
	now := e.nowMs()
	e.setStatus(s, model.StatusRunning)
	s.StartTime = &now
	s.EndTime = nil
	s.RunCount++
	r.Run++
	r.Exec = 0
	if s.MutexKey != "" {
		e.st.Mutex.TryAcquire(s.MutexKey, s.RefID)
	}
	// Gate 7: the choice winner withdraws the other members.
	if g := s.DeferredChoiceGroup; g != "" {
		e.st.Choice[g] = s.RefID
		for _, o := range ChoiceLosers(e.wf, s) {
			e.cancelStage(o, true)
		}
	}
	// Gate 8: fired flag.
	if s.JoinType == model.JoinDiscriminator || s.JoinType == model.JoinNOfM {
		e.setCtx(s, KeyJoinFired, true)
	}
	e.delCtx(s, KeyJumpBypass)
	e.maybeCancelRemaining(s)
	// Gate 9: plan.
	if err := e.plan(s); err != nil {
		e.failStage(s, err, true)
		return
	}
	// Gate 10: dispatch.
	e.dispatchStage(s)
}

// choiceDecided reports whether s's deferred-choice group is decided: a
// member has claimed it (the claim never moves, not even after a jump
// reset) or any other member has left NOT_STARTED (§2.9 Go rule).
func (e *Engine) choiceDecided(s *model.StageExecution) bool {
	if w, ok := e.st.Choice[s.DeferredChoiceGroup]; ok {
		return w != s.RefID
	}
	return ChoiceDecided(e.wf, s)
}

// stageEnabled evaluates gate 1 (§2.5).
func (e *Engine) stageEnabled(s *model.StageExecution) bool {
	v, ok := s.Context[model.KeyStageEnabled]
	if !ok || v == nil {
		return true
	}
	if b, ok := v.(bool); ok {
		return b
	}
	return StageEnabled(s, e.upstreams(s))
}

// plan rebuilds the stage context (§2.10 step 1 with the §8.8 two-layer
// rule) and derives the stage_start/stage_end flags from the task order
// (§3.1 Go rule). Synthetic children come from the definition and are
// never rebuilt.
func (e *Engine) plan(s *model.StageExecution) error {
	ctx, err := e.effectiveContext(s)
	if err != nil {
		return fmt.Errorf("plan stage %s: %w", s.RefID, err)
	}
	s.Context = ctx
	for i, t := range s.Tasks {
		t.StageStart = i == 0
		t.StageEnd = i == len(s.Tasks)-1
	}
	return nil
}

// dispatchStage performs exactly one of the dispatch steps of §2.11.
func (e *Engine) dispatchStage(s *model.StageExecution) {
	if before := e.phase(s, model.OwnerStageBefore); len(before) > 0 {
		for _, c := range initialOf(before) {
			e.push(action{kind: actStart, stage: c})
		}
		return
	}
	if len(s.Tasks) > 0 {
		e.push(action{kind: actStartTask, stage: s, task: 0})
		return
	}
	if after := e.phase(s, model.OwnerStageAfter); len(after) > 0 {
		for _, c := range initialOf(after) {
			e.push(action{kind: actStart, stage: c})
		}
		return
	}
	e.push(action{kind: actComplete, stage: s})
}

// failStage applies the Go rule for engine-side errors (§2.13): the stage
// becomes TERMINAL with context.exception.details.error (and
// beforeStagePlanningFailed for start or planning errors), then takes the
// halt path.
func (e *Engine) failStage(s *model.StageExecution, err error, planning bool) {
	e.setCtx(s, "exception", map[string]any{"details": map[string]any{"error": err.Error()}})
	if planning {
		e.setCtx(s, "beforeStagePlanningFailed", true)
	}
	if s.Status == model.StatusNotStarted {
		now := e.nowMs()
		s.StartTime = &now
	}
	e.cancelStageWork(s)
	e.setFinal(s, model.StatusTerminal)
	e.afterHalt(s)
}
