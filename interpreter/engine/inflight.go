package engine

import "slices"

// The in-flight list (coreState.InFlight) keeps issue order, which State
// persists and Resumed and finish replay. A wide fan has thousands of
// executions in flight, so removing one by search and shift was O(width)
// per TaskFinished. Instead a removed entry becomes a hole (the zero
// TaskRef: every issued ref names a stage), inflightAt finds a live ref's
// position, leading holes are trimmed at once and the rest compacted when
// they outnumber the live entries. A ref is in flight at most once: each
// execution has its own Exec number.

// indexInFlight rebuilds the position index from e.st.InFlight (New,
// Restore).
func (e *Engine) indexInFlight() {
	e.st.InFlight = slices.DeleteFunc(e.st.InFlight, func(r TaskRef) bool { return r == TaskRef{} })
	e.inflightAt = make(map[TaskRef]int, len(e.st.InFlight))
	e.inflightOf = map[string]int{}
	for i, r := range e.st.InFlight {
		if _, dup := e.inflightAt[r]; !dup {
			e.inflightAt[r] = i
		}
		e.inflightOf[r.Stage]++
	}
	e.inflightLive = len(e.st.InFlight)
}

// inFlightCount is the number of executions in flight.
func (e *Engine) inFlightCount() int { return e.inflightLive }

// addInFlight records ref as issued.
func (e *Engine) addInFlight(ref TaskRef) {
	e.inflightAt[ref] = len(e.st.InFlight)
	e.st.InFlight = append(e.st.InFlight, ref)
	e.inflightLive++
	e.inflightOf[ref.Stage]++
}

// takeInFlight removes ref from the in-flight list, reporting whether it
// was there.
func (e *Engine) takeInFlight(ref TaskRef) bool {
	i, ok := e.inflightAt[ref]
	if !ok {
		return false
	}
	delete(e.inflightAt, ref)
	e.st.InFlight[i] = TaskRef{}
	e.inflightLive--
	if e.inflightOf[ref.Stage]--; e.inflightOf[ref.Stage] == 0 {
		delete(e.inflightOf, ref.Stage)
	}
	if e.inflightLive == 0 {
		e.st.InFlight = nil
		return true
	}
	if holes := len(e.st.InFlight) - e.inflightLive; holes > e.inflightLive+64 {
		e.compactInFlight()
	}
	return true
}

// compactInFlight removes the holes, keeping issue order.
func (e *Engine) compactInFlight() {
	live := make([]TaskRef, 0, e.inflightLive)
	for _, r := range e.st.InFlight {
		if r != (TaskRef{}) {
			e.inflightAt[r] = len(live)
			live = append(live, r)
		}
	}
	e.st.InFlight = live
}

// inFlightRefs returns the live in-flight refs in issue order (a fresh
// slice).
func (e *Engine) inFlightRefs() []TaskRef {
	out := make([]TaskRef, 0, e.inflightLive)
	for _, r := range e.st.InFlight {
		if r != (TaskRef{}) {
			out = append(out, r)
		}
	}
	return out
}

// clearInFlight forgets every execution in flight.
func (e *Engine) clearInFlight() {
	e.st.InFlight = nil
	e.inflightAt = map[TaskRef]int{}
	e.inflightOf = map[string]int{}
	e.inflightLive = 0
}
