package engine

import (
	"github.com/stabilize-go/stabilize/model"
)

// _jump_history grows by one entry per jump (§8.7) and sits in the source
// and target contexts, their runtime overlays and every planned context.
// Copying it at each of those places made a router loop's iteration
// O(jumps so far), so a loop of n iterations cost O(n²) in the engine.
// Instead the engine treats a history list and its entries as immutable
// values: it shares them between contexts without copying (ctxCopy), and
// extends a list in place when nobody else can see the slot it writes
// (extendHistory). Everything that hands a context out of the engine copies
// it first: View and Complete clone the workflow, State goes through JSON,
// and task inputs leave the history out (task_input.go).

// ctxCopy is the value to store for context key k: a deep copy of v, or v
// itself for _jump_history and _completed_branches (branches.go), lists
// the engine never modifies in place.
func ctxCopy(k string, v any) any {
	if k == KeyJumpHistory || k == KeyCompletedBranches {
		return v
	}
	return model.CloneValue(v)
}

// extendHistory returns prev with entry appended. A list the engine built
// is extended in its own backing array when its length is the array's
// high-water mark (no longer list shares the slot it writes) and there is
// room; otherwise the items are copied into a new array with room to
// double. Lists may share a prefix but never see each other's later
// items, and a loop's history grows in O(1) amortised per jump.
func (e *Engine) extendHistory(prev []any, entry any) []any {
	if len(prev) > 0 && len(prev) < cap(prev) {
		base := &prev[:1][0]
		if e.histTail[base] == len(prev) {
			e.histTail[base] = len(prev) + 1
			return append(prev, entry)
		}
	}
	out := make([]any, len(prev)+1, 2*(len(prev)+1))
	copy(out, prev)
	out[len(prev)] = entry
	if e.histTail == nil {
		e.histTail = map[*any]int{}
	}
	e.histTail[&out[0]] = len(out)
	return out
}

// jumpContext is JumpContext for the engine: the history is extended with
// extendHistory and shared by the source and the target.
func (e *Engine) jumpContext(source *model.StageExecution, targetRef string, res model.TaskResult, count int) (sourceCtx, targetCtx map[string]any) {
	return jumpContext(source, targetRef, res, count, e.extendHistory, func(h []any) []any { return h })
}
