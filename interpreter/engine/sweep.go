package engine

import (
	"maps"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// The sweeps below run only when the engine is idle (nothing in flight,
// no timer, nothing suspended or paused). Each resolves a state Python
// leaves hanging, and each makes progress whenever it queues work, so
// settle cannot loop on them.

// sweepFinished completes, once nothing runs, every RUNNING stage whose
// work is all final: a parent whose synthetic child was canceled by
// cancel_stage or a region, or whose after-phase a forward jump left.
// Python leaves such a stage, and the workflow, RUNNING for good. It
// reports whether it queued work; each queued stage becomes COMPLETE.
func (e *Engine) sweepFinished() bool {
	woke := false
	for _, s := range e.wf.Stages {
		if s.Status == model.StatusRunning && e.determineStatus(s).IsComplete() {
			e.push(action{kind: actComplete, stage: s})
			woke = true
		}
	}
	return woke
}

// sweepIdleMutexes hands a mutex held by a stage that a jump reset to
// NOT_STARTED (it keeps the claim, §2.8) to its waiters once nothing
// runs: the holder may itself be waiting for a waiter (a backward jump to
// a stage upstream of the holder), which Python never resolves. The
// holder runs nothing, so no two stages ever run under one key.
func (e *Engine) sweepIdleMutexes() bool {
	woke := false
	for _, key := range slices.Sorted(maps.Keys(e.st.Mutex.Holders)) {
		h := e.st.Mutex.Holders[key]
		holder, ok := e.byRef[h]
		if !ok || holder.Status != model.StatusNotStarted || len(e.st.Mutex.Waiters[key]) == 0 {
			continue
		}
		for _, ref := range e.st.Mutex.Release(key, h) {
			if w, ok := e.byRef[ref]; ok && w.Status == model.StatusNotStarted {
				e.push(action{kind: actStart, stage: w})
				woke = true
			}
		}
	}
	return woke
}

// sweepForgotten evaluates, once nothing else can move, every stage that
// has requisites, is NOT_STARTED, waits at no gate, and whose join would
// fire: a stage nobody evaluated because the upstream that should have
// started it was completed by a forward jump (§8.6 completes the source
// without starting its downstream). Python leaves such a stage, and the
// workflow, waiting until its one-hour timeout. It reports whether it
// queued work; every queued stage changes status or starts waiting at a
// gate, so the sweep cannot repeat forever.
func (e *Engine) sweepForgotten() bool {
	if e.wf.IsCanceled {
		return false
	}
	woke := false
	for _, s := range e.wf.Stages {
		r := e.rt(s)
		if s.Status != model.StatusNotStarted || len(s.RequisiteStageRefIDs) == 0 || r.MilestoneWait || r.Lock == lockPending {
			continue
		}
		if s.JoinType == model.JoinMultiMerge {
			continue // fires only once per upstream completion (§2.2 Go rule)
		}
		if p := e.parent(s); p != nil && p.Status != model.StatusRunning {
			continue
		}
		if s.MutexKey != "" && slices.Contains(e.st.Mutex.Waiters[s.MutexKey], s.RefID) {
			continue
		}
		s.Context = e.ownContext(s)
		if e.readiness(s) == ReadinessFire && len(e.upstreams(s)) > 0 {
			e.push(action{kind: actStart, stage: s})
			woke = true
		}
	}
	return woke
}
