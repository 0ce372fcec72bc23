package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Validate reports, without changing anything, why an update event would be
// refused: an *model.InvalidStateTransitionError for an invalid transition
// (resume of a workflow that is not paused, pause of one that is not
// running, anything on a finished workflow, restart of a stage that is not
// complete), or an error naming an unknown stage ref_id. Nil means Step
// will accept it.
func (e *Engine) Validate(ev Event) error {
	wf := e.wf
	if e.st.Finished || wf.Status.IsComplete() {
		switch ev.(type) {
		case Started, Resumed, TaskFinished, TimerFired, LockGranted:
			return nil
		}
		return &model.InvalidStateTransitionError{EntityType: "workflow", EntityID: wf.ID,
			From: wf.Status, To: targetOf(ev)}
	}
	switch ev := ev.(type) {
	case PauseRequested:
		if wf.Status != model.StatusRunning {
			return &model.InvalidStateTransitionError{EntityType: "workflow", EntityID: wf.ID,
				From: wf.Status, To: model.StatusPaused}
		}
	case ResumeRequested:
		if wf.Status != model.StatusPaused {
			return &model.InvalidStateTransitionError{EntityType: "workflow", EntityID: wf.ID,
				From: wf.Status, To: model.StatusRunning}
		}
	case StageSignaled:
		return e.knownStage(ev.Signal.StageRefID)
	case ApprovalDecided:
		return e.knownStage(ev.Req.StageRefID)
	case StageCancelRequested:
		return e.knownStage(ev.Req.StageRefID)
	case StageRestartRequested:
		if err := e.knownStage(ev.Req.StageRefID); err != nil {
			return err
		}
		s := e.byRef[ev.Req.StageRefID]
		if wf.IsCanceled || !s.Status.IsComplete() {
			return &model.InvalidStateTransitionError{EntityType: "stage", EntityID: s.RefID,
				From: s.Status, To: model.StatusNotStarted}
		}
	case InstanceAdded:
		return e.validateInstance(ev.Req)
	}
	return nil
}

// targetOf names the status an update aims at, for refusal messages.
func targetOf(ev Event) model.WorkflowStatus {
	switch ev.(type) {
	case PauseRequested:
		return model.StatusPaused
	case CancelRequested, RegionCanceled, StageCancelRequested:
		return model.StatusCanceled
	}
	return model.StatusRunning
}

// knownStage returns an error unless ref names a stage.
func (e *Engine) knownStage(ref string) error {
	if _, ok := e.byRef[ref]; !ok {
		return fmt.Errorf("stage_ref_id: unknown stage %q", ref)
	}
	return nil
}

// onPause pauses a RUNNING workflow (§10.4 Go rule): tasks are parked at
// their next dispatch; in-flight ones finish. paused_ms accumulates.
func (e *Engine) onPause(ev PauseRequested) {
	if e.Validate(ev) != nil {
		return
	}
	now := e.nowMs()
	var acc int64
	if e.wf.Paused != nil {
		acc = e.wf.Paused.PausedMs
	}
	e.wf.Status = model.StatusPaused
	e.wf.Paused = &model.PausedDetails{PausedBy: ev.Req.User, PauseTime: &now, PausedMs: acc}
}

// onResume resumes a PAUSED workflow (§10.4 Go rule, the union of both
// Python paths): resume_time is recorded, the interval added to paused_ms,
// every parked task runs again, and a completion held during the pause is
// applied.
func (e *Engine) onResume(ev ResumeRequested) {
	if e.Validate(ev) != nil {
		return
	}
	now := e.nowMs()
	if p := e.wf.Paused; p != nil {
		p.ResumeTime = &now
		if p.PauseTime != nil {
			p.PausedMs += now - *p.PauseTime
		}
	}
	e.wf.Status = model.StatusRunning
	for _, s := range e.wf.Stages {
		if s.Status != model.StatusPaused {
			continue
		}
		e.setStatus(s, model.StatusRunning)
		for i, t := range s.Tasks {
			if t.Status == model.StatusPaused {
				t.Status = model.StatusRunning
				e.push(action{kind: actExec, stage: s, task: i})
				break
			}
		}
	}
}

// onCancel cancels the workflow (§10.6).
func (e *Engine) onCancel(ev CancelRequested) {
	if e.Validate(ev) != nil {
		return
	}
	e.cancelWorkflow(ev.Req.User, ev.Req.Reason)
}

// cancelWorkflow is CancelWorkflow: is_canceled with who and why, every
// incomplete top-level stage canceled (NOT_STARTED ones included), then the
// completion check, which gives CANCELED (or TERMINAL when a TERMINAL
// top-level stage exists).
func (e *Engine) cancelWorkflow(user, reason string) {
	if user == "" {
		user = "unknown"
	}
	e.wf.IsCanceled = true
	e.wf.CanceledBy = user
	e.wf.CancellationReason = reason
	for _, s := range e.topLevel() {
		if !s.Status.IsComplete() {
			e.cancelStage(s, false)
		}
	}
	e.arm()
}

// onRegionCanceled cancels every stage of a region, synthetic included
// (§10.8); no completion check is triggered (quiescence may end the run).
func (e *Engine) onRegionCanceled(ev RegionCanceled) {
	if e.Validate(ev) != nil || ev.Req.Region == "" {
		return
	}
	for _, s := range e.wf.Stages {
		if s.CancelRegion == ev.Req.Region && !s.Status.IsComplete() {
			e.cancelStage(s, false)
		}
	}
}

// onStageCancel cancels one stage (§10.7).
func (e *Engine) onStageCancel(ev StageCancelRequested) {
	if e.Validate(ev) != nil {
		return
	}
	e.cancelStage(e.byRef[ev.Req.StageRefID], false)
}

// onStageRestart restarts a completed stage (§8.11): it is reset (the
// downstream is not) and evaluated again without a bypass.
func (e *Engine) onStageRestart(ev StageRestartRequested) {
	if e.Validate(ev) != nil {
		return
	}
	s := e.byRef[ev.Req.StageRefID]
	e.resetStage(s)
	for _, c := range e.descendants(s) {
		e.resetStage(c)
	}
	e.push(action{kind: actStart, stage: s})
}
