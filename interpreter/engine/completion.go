package engine

import (
	"maps"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// arm arms the workflow-completion check (§6.6 Go rule): from now on it is
// re-evaluated after every state change until it yields a final status.
func (e *Engine) arm() { e.st.Armed = true }

// completionCheck runs the armed check, and applies the quiescence rule
// when it is not armed. It reports whether it queued work that needs
// another settle pass.
func (e *Engine) completionCheck() bool {
	if e.st.Finished || (e.wf.Status == model.StatusNotStarted && !e.wf.IsCanceled) {
		return false
	}
	if e.wf.Status == model.StatusPaused && !e.wf.IsCanceled {
		return false // a completion during a pause is held until resume
	}
	if e.idle() && (e.sweepFinished() || e.sweepIdleMutexes() || e.sweepForgotten()) {
		return true
	}
	if !e.st.Armed {
		if !e.quiescent() {
			return false
		}
		e.arm()
	}
	st, done := e.finalStatus()
	if done {
		e.finish(st)
		return false
	}
	if !e.quiescent() {
		return false
	}
	// Nothing can change any more: stages still waiting for a milestone
	// are skipped, "or when the workflow ends" (§2.7).
	woke := false
	for _, s := range e.milestoneStages {
		if e.rt(s).MilestoneWait && s.Status == model.StatusNotStarted {
			e.rt(s).MilestoneWait = false
			e.push(action{kind: actSkip, stage: s})
			woke = true
		}
	}
	return woke
}

// idle reports that no work can make progress on its own: no task in
// flight or queued, no timer, no stage waiting for a signal or a global
// lock, no paused stage.
func (e *Engine) idle() bool {
	if e.inFlightCount() > 0 || len(e.st.Queue) > 0 || len(e.st.Timers) > 0 || e.agendaPending() {
		return false
	}
	return e.allStatus[model.StatusSuspended] == 0 && e.allStatus[model.StatusPaused] == 0 && e.lockPending == 0
}

// quiescent is idle with no MULTI_MERGE firing queued either: the state
// in which the completion check is armed (§6.6 Go rule).
func (e *Engine) quiescent() bool {
	if !e.idle() {
		return false
	}
	for _, s := range e.mergeStages {
		if e.rt(s).Queued > 0 {
			return false
		}
	}
	return true
}

// finalStatus is the algorithm of §6.6 over the top-level stages that are
// not withdrawn (§2.9, §9.3 Go rules).
func (e *Engine) finalStatus() (model.WorkflowStatus, bool) {
	if e.finalStatusPending() {
		return 0, false
	}
	top := e.counted()
	for _, s := range top {
		if e.rt(s).Queued > 0 {
			return 0, false // a MULTI_MERGE firing is queued
		}
	}
	all := true
	terminal, canceled, stopped := false, false, false
	for _, s := range top {
		if !s.Status.IsContinuable() {
			all = false
		}
		switch s.Status {
		case model.StatusTerminal:
			terminal = true
		case model.StatusCanceled:
			canceled = true
		case model.StatusStopped:
			stopped = true
		}
	}
	switch {
	case all:
		return model.StatusSucceeded, true
	case terminal:
		return model.StatusTerminal, true
	case canceled:
		return model.StatusCanceled, true
	case stopped && !e.otherBranchesIncomplete(top):
		for _, s := range e.wf.Stages {
			if s.Status == model.StatusStopped && ctxFlag(s.Context, model.KeyCompleteOtherBranchesThenFail, false) {
				return model.StatusTerminal, true
			}
		}
		return model.StatusSucceeded, true
	}
	return 0, false
}

// counted returns the top-level stages that count toward the final status:
// all but the withdrawn ones (deferred-choice losers, instances canceled by
// cancel_remaining) and the NOT_STARTED stages downstream of them, which
// can never run (§2.9, §9.3 Go rules).
func (e *Engine) counted() []*model.StageExecution {
	top := e.topLevel()
	out := map[*model.StageExecution]bool{}
	for changed := true; changed; {
		changed = false
		for _, s := range top {
			if out[s] {
				continue
			}
			if s.Withdrawn {
				out[s], changed = true, true
				continue
			}
			if s.Status != model.StatusNotStarted {
				continue
			}
			for _, u := range e.upstreams(s) {
				if out[u] {
					out[s], changed = true, true
					break
				}
			}
		}
	}
	var kept []*model.StageExecution
	for _, s := range top {
		if !out[s] {
			kept = append(kept, s)
		}
	}
	return kept
}

// otherBranchesIncomplete: some top-level stage is RUNNING, or NOT_STARTED
// with every direct upstream CONTINUABLE (§6.6).
func (e *Engine) otherBranchesIncomplete(top []*model.StageExecution) bool {
	for _, s := range top {
		switch s.Status {
		case model.StatusRunning:
			return true
		case model.StatusNotStarted:
			// A requisite that does not exist yet (p_mi_join before its
			// parent expands) can never complete on its own.
			ok := true
			for _, r := range s.RequisiteStageRefIDs {
				if _, exists := e.byRef[r]; !exists {
					ok = false
				}
			}
			for _, u := range e.upstreams(s) {
				if !u.Status.IsContinuable() {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// finish ends the workflow (§6.6 "On a final status"): end_time; unless
// SUCCEEDED, every RUNNING top-level stage is canceled; then Complete
// carries a deep copy of the final workflow. Nothing starts afterwards.
func (e *Engine) finish(st model.WorkflowStatus) {
	now := e.nowMs()
	e.wf.Status = st
	e.wf.EndTime = &now
	if st != model.StatusSucceeded {
		for _, s := range e.topLevel() {
			if s.Status == model.StatusRunning {
				e.cancelStage(s, false)
			}
		}
	}
	// Nothing outlives the run: stray executions, timers and global locks
	// (of stages left SUSPENDED or PAUSED) are handed back.
	for _, ref := range e.inFlightRefs() {
		e.emit(CancelTask{Task: ref})
	}
	for _, id := range slices.Sorted(maps.Keys(e.st.Timers)) {
		e.emit(CancelTimer{Timer: id})
	}
	for _, s := range e.wf.Stages {
		e.releaseGlobalLock(s)
	}
	e.clearInFlight()
	e.st.Timers = map[TimerID]*timerRec{}
	e.st.Finished = true
	e.st.Queue = nil
	e.agenda, e.agendaHead = nil, 0
	e.emit(Complete{Status: st, Workflow: e.wf.Clone()})
}
