package engine

import "github.com/stabilize-go/stabilize/model"

// wakeWaiters re-evaluates stages held at a start gate whose condition has
// changed: milestone waiters whose milestone moved (§2.7 Go rule) and
// MULTI_MERGE joins with a queued firing (§2.2 Go rule). Mutex waiters are
// woken by the release itself. It reports whether it queued work.
func (e *Engine) wakeWaiters() bool {
	woke := false
	for _, s := range e.milestoneStages {
		r := e.rt(s)
		if !r.MilestoneWait || s.Status != model.StatusNotStarted {
			continue
		}
		if CheckMilestone(s, e.byRef[s.MilestoneRefID]) != MilestoneWait {
			r.MilestoneWait = false
			e.push(action{kind: actStart, stage: s})
			woke = true
		}
	}
	if e.wakeMerges() {
		woke = true
	}
	return woke
}
