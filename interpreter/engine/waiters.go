package engine

import (
	"cmp"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// wakeWaiters re-evaluates stages held at a start gate whose condition has
// changed: milestone waiters whose milestone moved (§2.7 Go rule) and
// mutex waiters whose key is free (§2.8 Go rule: in the order they began
// waiting, ties in definition order). It reports whether it queued work.
func (e *Engine) wakeWaiters() bool {
	woke := false
	for _, s := range e.wf.Stages {
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
	var waiting []*model.StageExecution
	for _, s := range e.wf.Stages {
		if e.rt(s).MutexWait > 0 && s.Status == model.StatusNotStarted {
			waiting = append(waiting, s)
		}
	}
	slices.SortStableFunc(waiting, func(a, b *model.StageExecution) int {
		return cmp.Compare(e.rt(a).MutexWait, e.rt(b).MutexWait)
	})
	freed := map[string]bool{}
	for _, s := range waiting {
		h, held := e.st.Mutex[s.MutexKey]
		if held {
			if holder, ok := e.byRef[h]; ok && !holder.Status.IsComplete() {
				continue
			}
		}
		if freed[s.MutexKey] {
			continue // one waiter per key per pass: the first claims it
		}
		freed[s.MutexKey] = true
		e.push(action{kind: actStart, stage: s})
		woke = true
	}
	if e.wakeMerges() {
		woke = true
	}
	return woke
}
