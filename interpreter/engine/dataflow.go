package engine

import (
	"container/heap"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// effectiveContext builds a stage's context at planning with the two-layer
// rule of §8.8: freshly merged ancestor outputs (§4.2 steps 1-3), then the
// definition context, then the runtime overlay, then the reducer keys
// (§4.2 step 4, §4.6). Own layers are laid over the ancestors key by key:
// list over list appends the new items, anything else replaces.
func (e *Engine) effectiveContext(s *model.StageExecution) (map[string]any, error) {
	base := map[string]any{}
	for _, a := range e.ancestors(s) {
		foldOutputs(base, a.Outputs)
	}
	reduced, err := e.reduceUpstreams(s)
	if err != nil {
		return nil, err
	}
	r := e.rt(s)
	own := cloneMap(r.DefCtx)
	if own == nil {
		own = map[string]any{}
	}
	for k, v := range r.Overlay {
		own[k] = cloneValue(v)
	}
	for k, v := range own {
		if _, isReduced := s.OutputReducers[k]; isReduced {
			continue
		}
		if bl, ok := base[k].([]any); ok {
			if ol, ok := v.([]any); ok {
				base[k] = appendNew(bl, ol)
				continue
			}
		}
		base[k] = v
	}
	for k, v := range reduced {
		base[k] = v
	}
	return base, nil
}

// foldOutputs merges one stage's outputs into base (§4.2 step 3): list onto
// list appends the items not already present; otherwise the later value
// replaces the earlier one.
func foldOutputs(base, outputs map[string]any) {
	for k, v := range outputs {
		if bl, ok := base[k].([]any); ok {
			if nl, ok := v.([]any); ok {
				base[k] = appendNew(bl, nl)
				continue
			}
		}
		base[k] = cloneValue(v)
	}
}

// appendNew returns a copy of dst with the items of src that dst lacks.
func appendNew(dst, src []any) []any {
	out := make([]any, 0, len(dst)+len(src))
	for _, v := range dst {
		out = append(out, cloneValue(v))
	}
	for _, v := range src {
		if !slices.ContainsFunc(out, func(x any) bool { return sameJSON(x, v) }) {
			out = append(out, cloneValue(v))
		}
	}
	return out
}

// sameJSON compares JSON-shaped values, treating every number kind alike.
func sameJSON(a, b any) bool {
	if fa, ok := numberOf(a); ok {
		fb, ok := numberOf(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	return false
}

// numberOf converts any Go number to float64.
func numberOf(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}

// ancestors returns the transitive upstream closure of s among its
// siblings (§4.2 step 1: parent links are not followed), in topological
// order with ties broken by definition order (§4.2 step 2, Go rule).
func (e *Engine) ancestors(s *model.StageExecution) []*model.StageExecution {
	set := map[*model.StageExecution]bool{}
	stack := e.upstreams(s)
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

// reduceUpstreams computes the reducer keys of s (§4.2 step 4): for each
// key in output_reducers, the values of that key in the direct upstreams
// that have it, in definition order, reduced by name (§4.6).
func (e *Engine) reduceUpstreams(s *model.StageExecution) (map[string]any, error) {
	if len(s.OutputReducers) == 0 {
		return nil, nil
	}
	ups := e.upstreams(s)
	out := map[string]any{}
	for _, key := range slices.Sorted(maps.Keys(s.OutputReducers)) {
		var vals []any
		for _, u := range ups {
			if v, ok := u.Outputs[key]; ok {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			continue
		}
		v, err := reduceValues(s.OutputReducers[key], vals)
		if err != nil {
			return nil, fmt.Errorf("output_reducers[%s]: %w", key, err)
		}
		out[key] = v
	}
	return out, nil
}

// reduceValues applies one named reducer of §4.6.
func reduceValues(name string, vals []any) (any, error) {
	switch name {
	case "collect", "append", "extend":
		out := []any{}
		for _, v := range vals {
			if v == nil && name == "extend" {
				continue
			}
			if l, ok := v.([]any); ok {
				for _, x := range l {
					if x == nil && name == "extend" {
						continue
					}
					out = append(out, cloneValue(x))
				}
				continue
			}
			out = append(out, cloneValue(v))
		}
		return out, nil
	case "sum":
		sum := 0.0
		for _, v := range vals {
			if v == nil {
				continue
			}
			f, ok := numberOf(v)
			if !ok {
				return nil, fmt.Errorf("sum: expected a number, got %#v", v)
			}
			sum += f
		}
		return sum, nil
	case "max", "min":
		best, found := 0.0, false
		for _, v := range vals {
			if v == nil {
				continue
			}
			f, ok := numberOf(v)
			if !ok {
				return nil, fmt.Errorf("%s: expected a number, got %#v", name, v)
			}
			if !found || (name == "max" && f > best) || (name == "min" && f < best) {
				best, found = f, true
			}
		}
		if !found {
			return nil, fmt.Errorf("%s: expected at least one non-null value, got none", name)
		}
		if math.IsNaN(best) {
			return nil, fmt.Errorf("%s: got NaN", name)
		}
		return best, nil
	case "merge":
		out := map[string]any{}
		for _, v := range vals {
			if m, ok := v.(map[string]any); ok {
				for k, x := range m {
					out[k] = cloneValue(x)
				}
			}
		}
		return out, nil
	case "first":
		return cloneValue(vals[0]), nil
	case "last":
		return cloneValue(vals[len(vals)-1]), nil
	}
	return nil, fmt.Errorf("unknown reducer %q: expected collect, append, extend, sum, max, min, merge, first or last", name)
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
	e.rt(s).Overlay[key] = cloneValue(v)
}

// delCtx removes a key from the context and the overlay (jump resets).
func (e *Engine) delCtx(s *model.StageExecution, key string) {
	delete(s.Context, key)
	delete(e.rt(s).Overlay, key)
	delete(e.rt(s).DefCtx, key)
}

// mergeCtx shallow-merges a result context into the stage (§3.4).
func (e *Engine) mergeCtx(s *model.StageExecution, ctx map[string]any) {
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		e.setCtx(s, k, cloneValue(ctx[k]))
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
		s.Outputs[k] = cloneValue(v)
	}
}
