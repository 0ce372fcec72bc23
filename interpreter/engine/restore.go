package engine

import (
	"maps"
	"slices"
	"time"
)

// onResumed re-emits, after Restore, the work that was outstanding when the
// state was taken: every timer with its remaining time (from its absolute
// deadline), every execution that was in flight (its activity belonged to
// the previous run), then the queue.
func (e *Engine) onResumed() {
	if e.st.Finished {
		return
	}
	for _, id := range slices.Sorted(maps.Keys(e.st.Timers)) {
		after := time.Duration(e.st.Timers[id].Deadline - e.now.UnixNano())
		if after < 0 {
			after = 0
		}
		e.emit(StartTimer{Timer: id, After: after})
	}
	inflight := e.inFlightRefs()
	e.clearInFlight()
	for _, ref := range inflight {
		if e.current(ref) {
			e.issue(ref)
		}
	}
}
