package engine

import "github.com/stabilize-go/stabilize/model"

// wakeMerges starts queued MULTI_MERGE firings (§2.2 Go rule). The first
// firing starts the join as usual. A later one waits until the previous
// firing has drained (the join and every stage it reset-scopes, as a
// backward jump to the join would, are COMPLETE or NOT_STARTED), then
// resets them without counting as a jump and starts the join again.
func (e *Engine) wakeMerges() bool {
	woke := false
	for _, m := range e.mergeStages {
		r := e.rt(m)
		if r.Queued == 0 || m.JoinType != model.JoinMultiMerge {
			continue
		}
		if m.Status != model.StatusNotStarted {
			if !m.Status.IsComplete() {
				continue
			}
			scope := e.backwardResetSet(m, m)
			drained := true
			for _, s := range scope {
				if !s.Status.IsComplete() && s.Status != model.StatusNotStarted {
					drained = false
					break
				}
			}
			if !drained {
				continue
			}
			for _, s := range scope {
				e.resetStage(s)
			}
		}
		r.Queued--
		e.push(action{kind: actStart, stage: m})
		woke = true
	}
	return woke
}
