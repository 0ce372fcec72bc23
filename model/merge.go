package model

import (
	"maps"
	"slices"
)

// MergeOutputs folds stage outputs into one map, in the order given
// (semantics §4.2 step 3): when the value so far and the new value are both
// lists, the new list's items that are not already present (EqualValues)
// are appended; otherwise the later value replaces the earlier. The result
// shares no maps or lists with the inputs.
func MergeOutputs(outputs ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, o := range outputs {
		// Key order within one map cannot change the result: each key's
		// value depends on that key alone, so no sort (see CloneMap).
		for k, v := range o {
			out[k] = mergeValue(out[k], v)
		}
	}
	return out
}

// mergeValue lays next over prev: list over list concatenates with
// equality dedup, anything else replaces.
func mergeValue(prev, next any) any {
	pl, ok1 := prev.([]any)
	nl, ok2 := next.([]any)
	if !ok1 || !ok2 {
		return CloneValue(next)
	}
	merged := slices.Clone(pl)
	for _, item := range nl {
		if !containsValue(merged, item) {
			merged = append(merged, CloneValue(item))
		}
	}
	return merged
}

// GetContext returns the outputs of every top-level stage folded with
// MergeOutputs in topological order, ties in definition order (semantics
// §4.3). Synthetic stages and the workflow's own context are left out.
// This is the "outputs" of the status query.
func (w *Workflow) GetContext() map[string]any {
	stages := TopologicalOrder(w.TopLevelStages())
	outs := make([]map[string]any, len(stages))
	for i, s := range stages {
		outs[i] = s.Outputs
	}
	return MergeOutputs(outs...)
}

// BuildStageContext computes a stage's context at planning (semantics
// §4.2 steps 3-5): the ancestors' outputs folded in topological order, the
// reducer keys computed over the direct upstreams' outputs (in upstream
// order) replacing their keys, then the stage's own context laid on top,
// key by key: keys with a reducer are skipped, a list over a list appends
// the own items not already present, anything else replaces. The inputs
// are not modified.
func BuildStageContext(ancestorOutputs, upstreamOutputs []map[string]any, reducers map[string]string, own map[string]any) (map[string]any, error) {
	ctx := MergeOutputs(ancestorOutputs...)
	reduced, err := ApplyReducers(reducers, upstreamOutputs)
	if err != nil {
		return nil, err
	}
	// Key by key, each key on its own: map order cannot change the result.
	maps.Copy(ctx, reduced)
	for k, v := range own {
		if _, ok := reducers[k]; ok {
			continue
		}
		ctx[k] = mergeValue(ctx[k], v)
	}
	return ctx, nil
}

// PlanningContext is BuildStageContext over the workflow's current data
// for stage s: its ancestors (Ancestors), its direct upstreams (Upstream),
// its output_reducers and its own context.
func (w *Workflow) PlanningContext(s *StageExecution) (map[string]any, error) {
	var anc, up []map[string]any
	for _, a := range w.Ancestors(s) {
		anc = append(anc, a.Outputs)
	}
	for _, u := range w.Upstream(s) {
		up = append(up, u.Outputs)
	}
	return BuildStageContext(anc, up, s.OutputReducers, s.Context)
}
