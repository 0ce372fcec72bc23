package interpreter

import "go.temporal.io/sdk/workflow"

// waitSet is the run's one selector, with the spent cases dropped.
//
// The SDK's selector never forgets a case: a future's case stays in its
// list after it fired (only its callback is cleared), and every Select
// walks the whole list. A run that starts one activity per task therefore
// paid O(tasks so far) per wait, O(tasks²) over the run: on a
// 10,000-stage chain that walk was a third of the workflow's CPU, live and
// on replay. waitSet counts the spent cases and, once they outnumber the
// live ones, moves the live cases to a new selector in their original
// order, so a wait costs O(live cases) amortised.
//
// Moving the cases changes nothing a history records: Select takes the
// first ready case in the order the cases were added, and blocks on the
// rest until one becomes ready, and both depend only on the live cases and
// their order, which the move keeps. A receive case is spent, as in the
// SDK, once its channel reports closed (more == false): the SDK's selector
// stops offering it then, and so does a rebuilt one. (The SDK may report a
// close twice, once to a blocked Select and once more to the next; a
// rebuild in between skips the second. The one closable channel here,
// ctx.Done(), has a handler that acts once, so nothing the run does
// depends on that second report.)
type waitSet struct {
	ctx   workflow.Context
	sel   workflow.Selector
	cases []*waitCase // live cases first-added first, plus spent ones not yet dropped
	spent int
}

// waitCase is one case of a waitSet: a receive (permanent until its
// channel closes) or a future (spent once it fired).
type waitCase struct {
	ch     workflow.ReceiveChannel
	onRecv func(workflow.ReceiveChannel, bool)
	fut    workflow.Future
	onFut  func(workflow.Future)
	spent  bool
}

// compactAfter is the fewest spent cases worth a rebuild; below it the
// walk over spent cases costs less than building a selector.
const compactAfter = 64

// newWaitSet returns an empty waitSet whose selectors belong to ctx.
func newWaitSet(ctx workflow.Context) *waitSet {
	return &waitSet{ctx: ctx, sel: workflow.NewSelector(ctx)}
}

// AddReceive adds a case that calls f whenever c has a value (or closes).
func (w *waitSet) AddReceive(c workflow.ReceiveChannel, f func(workflow.ReceiveChannel, bool)) {
	wc := &waitCase{ch: c}
	wc.onRecv = func(c workflow.ReceiveChannel, more bool) {
		if !more {
			w.markSpent(wc)
		}
		f(c, more)
	}
	w.cases = append(w.cases, wc)
	w.sel.AddReceive(c, wc.onRecv)
}

// AddFuture adds a case that calls f once, when fut is ready.
func (w *waitSet) AddFuture(fut workflow.Future, f func(workflow.Future)) {
	wc := &waitCase{fut: fut}
	wc.onFut = func(fut workflow.Future) {
		w.markSpent(wc)
		f(fut)
	}
	w.cases = append(w.cases, wc)
	w.sel.AddFuture(fut, wc.onFut)
}

// Select waits until one case is ready and runs its callback, after
// dropping the spent cases when they outnumber the live ones.
func (w *waitSet) Select(ctx workflow.Context) {
	if w.spent >= compactAfter && 2*w.spent >= len(w.cases) {
		w.compact()
	}
	w.sel.Select(ctx)
}

// markSpent records that wc will never match again.
func (w *waitSet) markSpent(wc *waitCase) {
	if !wc.spent {
		wc.spent = true
		w.spent++
	}
}

// compact moves the live cases, in order, to a new selector.
func (w *waitSet) compact() {
	sel := workflow.NewSelector(w.ctx)
	live := w.cases[:0]
	for _, wc := range w.cases {
		if wc.spent {
			continue
		}
		live = append(live, wc)
		if wc.fut != nil {
			sel.AddFuture(wc.fut, wc.onFut)
		} else {
			sel.AddReceive(wc.ch, wc.onRecv)
		}
	}
	clear(w.cases[len(live):]) // let the spent cases' futures and results go
	w.cases, w.sel, w.spent = live, sel, 0
}
