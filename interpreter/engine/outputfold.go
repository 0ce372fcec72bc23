package engine

import "github.com/stabilize-go/stabilize/model"

// The output fold cache makes planning O(1) along a chain. A stage's
// context starts from its ancestors' outputs folded in topological order
// (§4.2 steps 1-3). For a stage s with the single upstream u, the
// ancestors of s are those of u followed by u itself: u is the only sink of
// that set, so Kahn's order (ties by definition order) pops it last. The
// fold of s's ancestors is therefore "through(u)", the fold over u's
// ancestors and u, and through(s) is through(u) with s's outputs laid
// over it (MergeOutputs is a left fold, and laying a folded map again
// changes nothing: mergeValue(nil, v) is a copy of v).
//
// through(s) is cached per stage position in e.fold (nil = not cached).
// Invariant: a cached stage's upstreams are all cached. A change of s's
// outputs therefore clears s and its cached descendants, and the walk
// stops at a stage that is not cached (none of its descendants is).
// Every stage is cleared at most once per computation, so invalidation is
// amortised into the folds themselves. A stage with several upstreams
// folds its full ancestor walk (once per plan, O(ancestors)).

// resetFolds drops every cached fold (reindex: the adjacency changed).
func (e *Engine) resetFolds() {
	e.fold = make([]map[string]any, len(e.wf.Stages))
}

// noteOutputs drops the cached folds that s's outputs reach: s and its
// cached descendants. Call it after every change of s.Outputs.
func (e *Engine) noteOutputs(s *model.StageExecution) {
	i, ok := e.order[s]
	if !ok || e.fold[i] == nil {
		return
	}
	stack := []*model.StageExecution{s}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		j := e.order[x]
		if e.fold[j] == nil {
			continue
		}
		e.fold[j] = nil
		stack = append(stack, e.downs[x]...)
	}
}

// ancestorOutputs returns the outputs to fold for s's ancestors, for
// model.BuildStageContext: through(u) alone when s has one upstream u,
// else every ancestor's outputs in topological order. The maps are the
// engine's own; callers must not modify them.
func (e *Engine) ancestorOutputs(s *model.StageExecution) []map[string]any {
	ups := e.upstreams(s)
	if len(ups) == 1 {
		if f, ok := e.through(ups[0]); ok {
			return []map[string]any{f}
		}
	}
	var anc []map[string]any
	for _, a := range e.ancestors(s) {
		anc = append(anc, a.Outputs)
	}
	return anc
}

// through returns the cached fold of s's ancestors' and s's outputs,
// computing it (and any missing upstream fold first, depth first) when
// needed. ok is false when the requisites form a cycle; nothing on the
// cycle is cached then.
func (e *Engine) through(s *model.StageExecution) (map[string]any, bool) {
	if f := e.fold[e.order[s]]; f != nil {
		return f, true
	}
	const (
		open = 1 // on the stack, upstreams pushed
		done = 2
	)
	mark := map[*model.StageExecution]uint8{}
	stack := []*model.StageExecution{s}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		j := e.order[x]
		if e.fold[j] != nil || mark[x] == done {
			stack = stack[:len(stack)-1]
			continue
		}
		if mark[x] == open {
			stack = stack[:len(stack)-1]
			e.fold[j] = e.foldThrough(x)
			mark[x] = done
			continue
		}
		mark[x] = open
		for _, u := range e.upstreams(x) {
			if e.fold[e.order[u]] != nil {
				continue
			}
			if mark[u] == open {
				return nil, false // a requisite cycle
			}
			stack = append(stack, u)
		}
	}
	return e.fold[e.order[s]], true
}

// foldThrough computes through(x) once every upstream of x is cached.
func (e *Engine) foldThrough(x *model.StageExecution) map[string]any {
	ups := e.upstreams(x)
	var parts []map[string]any
	if len(ups) == 1 {
		parts = append(parts, e.fold[e.order[ups[0]]])
	} else {
		for _, a := range e.ancestors(x) {
			parts = append(parts, a.Outputs)
		}
	}
	return model.MergeOutputs(append(parts, x.Outputs)...)
}
