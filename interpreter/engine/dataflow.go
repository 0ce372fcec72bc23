package engine

import (
	"container/heap"
	"maps"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// effectiveContext builds a stage's context at planning with the two-layer
// rule of §8.8: freshly merged ancestor outputs (§4.2 steps 1-3), then the
// stage's own layers, the definition context with the runtime overlay over
// it, then the reducer keys (§4.2 step 4, §4.6). Own values are laid over
// the ancestors key by key: list over list appends the new items, anything
// else replaces. The merged ancestor values are never written back into
// the own layers, so a re-run sees fresh upstream data (JUMP-10).
func (e *Engine) effectiveContext(s *model.StageExecution) (map[string]any, error) {
	var ups []map[string]any
	if len(s.OutputReducers) > 0 {
		for _, u := range e.upstreams(s) {
			ups = append(ups, u.Outputs)
		}
	}
	anc, own := e.ancestorOutputs(s), e.ownLayers(s)
	// The history is laid over the built context shared, not copied
	// (history.go), unless an ancestor output or a reducer also names it:
	// then the general merge applies.
	hist, hasHist := own[KeyJumpHistory]
	if !hasHist {
		return model.BuildStageContext(anc, ups, s.OutputReducers, own)
	}
	delete(own, KeyJumpHistory)
	ctx, err := model.BuildStageContext(anc, ups, s.OutputReducers, own)
	if err != nil {
		return nil, err
	}
	_, clash := ctx[KeyJumpHistory]
	if _, reduced := s.OutputReducers[KeyJumpHistory]; clash || reduced {
		own[KeyJumpHistory] = hist
		return model.BuildStageContext(anc, ups, s.OutputReducers, own)
	}
	ctx[KeyJumpHistory] = hist
	return ctx, nil
}

// ownContext is a stage's own layers (§8.8): the definition context with
// the runtime overlay laid over it, key by key.
func (e *Engine) ownContext(s *model.StageExecution) map[string]any {
	r := e.rt(s)
	own := model.CloneMap(r.DefCtx)
	if own == nil {
		own = map[string]any{}
	}
	for k, v := range r.Overlay {
		own[k] = ctxCopy(k, v)
	}
	return own
}

// ownLayers is ownContext without the copies, for BuildStageContext, which
// copies what it takes and changes none of its inputs: a fresh map whose
// values are shared with the layers, so only the map may be changed.
func (e *Engine) ownLayers(s *model.StageExecution) map[string]any {
	r := e.rt(s)
	own := make(map[string]any, len(r.DefCtx)+len(r.Overlay))
	maps.Copy(own, r.DefCtx)
	maps.Copy(own, r.Overlay)
	return own
}

// numberOf converts any Go number to float64.
func numberOf(v any) (float64, bool) { return model.Float(v) }

// ancestors returns the transitive upstream closure of s among its
// siblings (§4.2 step 1: parent links are not followed), in topological
// order with ties broken by definition order (§4.2 step 2, Go rule).
func (e *Engine) ancestors(s *model.StageExecution) []*model.StageExecution {
	set := map[*model.StageExecution]bool{}
	stack := slices.Clone(e.upstreams(s))
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if set[u] || u == s {
			continue
		}
		set[u] = true
		stack = append(stack, e.upstreams(u)...)
	}
	if len(set) == 0 {
		return nil
	}
	indeg := map[*model.StageExecution]int{}
	down := map[*model.StageExecution][]*model.StageExecution{}
	for a := range set {
		for _, u := range e.upstreams(a) {
			if set[u] {
				indeg[a]++
				down[u] = append(down[u], a)
			}
		}
	}
	h := &stageHeap{order: e.order}
	for a := range set {
		if indeg[a] == 0 {
			heap.Push(h, a)
		}
	}
	out := make([]*model.StageExecution, 0, len(set))
	for h.Len() > 0 {
		a := heap.Pop(h).(*model.StageExecution)
		out = append(out, a)
		for _, d := range down[a] {
			indeg[d]--
			if indeg[d] == 0 {
				heap.Push(h, d)
			}
		}
	}
	return out
}

// stageHeap is a min-heap of stages by definition order.
type stageHeap struct {
	items []*model.StageExecution
	order map[*model.StageExecution]int
}

func (h *stageHeap) Len() int           { return len(h.items) }
func (h *stageHeap) Less(i, j int) bool { return h.order[h.items[i]] < h.order[h.items[j]] }
func (h *stageHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *stageHeap) Push(x any)         { h.items = append(h.items, x.(*model.StageExecution)) }
func (h *stageHeap) Pop() any {
	n := len(h.items) - 1
	x := h.items[n]
	h.items = h.items[:n]
	return x
}

// pyTruthy is Python truthiness over JSON-shaped values.
func pyTruthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	if f, ok := numberOf(v); ok {
		return f != 0
	}
	return true
}

// ctxFlag reads a boolean context flag (§4.8) with its default; the loader
// accepts JSON booleans only, other values fall back to truthiness.
func ctxFlag(ctx map[string]any, key string, def bool) bool {
	v, ok := ctx[key]
	if !ok || v == nil {
		return def
	}
	return pyTruthy(v)
}

// setCtx writes an engine- or task-written key: into the effective context
// and into the runtime overlay, so it survives re-plans (§8.8).
func (e *Engine) setCtx(s *model.StageExecution, key string, v any) {
	if s.Context == nil {
		s.Context = map[string]any{}
	}
	s.Context[key] = v
	e.rt(s).Overlay[key] = ctxCopy(key, v)
}

// delCtx removes a key from the context and the overlay (jump resets).
func (e *Engine) delCtx(s *model.StageExecution, key string) {
	delete(s.Context, key)
	delete(e.rt(s).Overlay, key)
	delete(e.rt(s).DefCtx, key)
}

// mergeCtx shallow-merges a result context into the stage (§3.4).
//
// Each key is set on its own, so map order cannot change the result: no
// sort (the engine's hot path on loops).
func (e *Engine) mergeCtx(s *model.StageExecution, ctx map[string]any) {
	for k, v := range ctx {
		e.setCtx(s, k, ctxCopy(k, v))
	}
}

// mergeOutputs shallow-merges result outputs into the stage (§3.4).
func mergeOutputs(s *model.StageExecution, outputs map[string]any) {
	if len(outputs) == 0 {
		return
	}
	if s.Outputs == nil {
		s.Outputs = map[string]any{}
	}
	for k, v := range outputs {
		s.Outputs[k] = model.CloneValue(v)
	}
}

// mergeOutputs merges result outputs into s (§3.4) and drops the folds
// they reach.
func (e *Engine) mergeOutputs(s *model.StageExecution, outputs map[string]any) {
	if len(outputs) == 0 {
		return
	}
	mergeOutputs(s, outputs)
	e.noteOutputs(s)
}
