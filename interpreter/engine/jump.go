package engine

import (
	"maps"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// Context keys of dynamic routing (semantics §4.8, §8).
const (
	// KeyJumpCount is the number of jumps along a chain (§8.2).
	KeyJumpCount = "_jump_count"
	// KeyJumpHistory lists {from_stage, to_stage, jump_number,
	// context_keys} entries (§8.7).
	KeyJumpHistory = "_jump_history"
	// KeyJumpOutputs holds a jump's outputs on the target (§8.7).
	KeyJumpOutputs = "_jump_outputs"
	// KeyMaxJumps caps a chain of jumps; read from the workflow context
	// first, then the source stage (§8.2).
	KeyMaxJumps = model.KeyMaxJumps
	// DefaultMaxJumps is the jump limit when no _max_jumps is set.
	DefaultMaxJumps = 10
)

// IsBackwardJump reports whether a jump from source to target goes
// backward (semantics §8.4): the target is the source itself, or the
// source is among the target's transitive downstream stages (a plain
// closure over requisites). Anything else, a jump to an unrelated branch
// included, is forward.
func IsBackwardJump(wf *model.Workflow, source, target *model.StageExecution) bool {
	if source == target || source.RefID == target.RefID {
		return true
	}
	return dagNaiveDown(wf, target.RefID)[source.RefID]
}

// BackwardResetSet returns the stages a backward jump from source to
// target resets (semantics §8.5), in definition order and without
// duplicates:
//
//  1. the target;
//  2. the source, when it is not the target;
//  3. the resettable downstream of the target: stages whose requisites are
//     non-empty and all in {target} ∪ already-added, so a fan-in with an
//     upstream outside that scope is not reset;
//
// each with its synthetic descendants (JUMP-8). Set 3 is reset whatever
// its status, RUNNING stages on a parallel path included; the caller
// discards their in-flight results by run number. Apply ResetStage to each.
func BackwardResetSet(wf *model.Workflow, source, target *model.StageExecution) []*model.StageExecution {
	set := map[*model.StageExecution]bool{target: true, source: true}
	down := dagExclusiveDown(wf, target.RefID)
	for _, s := range wf.Stages {
		if down[s.RefID] {
			set[s] = true
		}
	}
	for _, s := range dagOrdered(wf, set) {
		for _, c := range dagSynthetic(wf, s) {
			set[c] = true
		}
	}
	// The target or source may be absent from wf.Stages only in broken
	// input; keep them anyway so the caller never loses the pair.
	out := dagOrdered(wf, set)
	for _, s := range []*model.StageExecution{target, source} {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// ForwardSkipSet returns S − T for a forward jump from source to target
// (semantics §8.6), in definition order: S is the stages exclusively
// downstream of the source (found as in §8.5, starting from the source), T
// is the target plus its naive transitive downstream. The caller marks the
// NOT_STARTED ones SKIPPED with their tasks SKIPPED, sends no SkipStage, and
// leaves the others alone.
func ForwardSkipSet(wf *model.Workflow, source, target *model.StageExecution) []*model.StageExecution {
	s := dagExclusiveDown(wf, source.RefID)
	t := dagNaiveDown(wf, target.RefID)
	t[target.RefID] = true
	set := map[*model.StageExecution]bool{}
	for _, st := range wf.Stages {
		if s[st.RefID] && !t[st.RefID] {
			set[st] = true
		}
	}
	return dagOrdered(wf, set)
}

// JumpAllowed applies the jump limit of semantics §8.2 to a jump from
// source. count is source.context._jump_count (default 0); max is the
// workflow context's _max_jumps when present and not null, else the source
// context's, else DefaultMaxJumps (10). A value that is not an integer is
// treated as absent. ok is count < max, so _max_jumps = 0 refuses every
// jump (JUMP-3) and _max_jumps = N lets N jumps through. When ok is false
// the caller makes the source TERMINAL with jump_error
// "Max jump count exceeded: <count>/<max>".
func JumpAllowed(wf *model.Workflow, source *model.StageExecution) (count, max int, ok bool) {
	count, _ = jsonInt(source.Context[KeyJumpCount])
	max = DefaultMaxJumps
	if wf == nil {
		wf = &model.Workflow{}
	}
	if n, found := jsonInt(wf.Context[KeyMaxJumps]); found {
		max = n
	} else if n, found := jsonInt(source.Context[KeyMaxJumps]); found {
		max = n
	}
	return count, max, count < max
}

// JumpContext returns the keys a jump writes (shallowly) into the source
// and target contexts (semantics §8.7), given the jump count read by
// JumpAllowed:
//
//   - both: every key of res.Context; _jump_count = count + 1; _jump_history
//     = the source's list plus {from_stage, to_stage, jump_number,
//     context_keys} (context_keys sorted);
//   - target only: _jump_outputs = res.Outputs, when non-empty.
//
// Numbers are float64, as JSON decoding would give them, so the state is
// the same before and after a continue-as-new round trip. The returned
// maps share no mutable value with source.
func JumpContext(source *model.StageExecution, targetRef string, res model.TaskResult, count int) (sourceCtx, targetCtx map[string]any) {
	return jumpContext(source, targetRef, res, count, func(prev []any, entry any) []any {
		return append(slices.Clone(prev), entry)
	}, func(h []any) []any { return slices.Clone(h) })
}

// jumpContext is JumpContext with the history list built by extend and
// given to each side through share.
func jumpContext(source *model.StageExecution, targetRef string, res model.TaskResult, count int,
	extend func(prev []any, entry any) []any, share func([]any) []any) (sourceCtx, targetCtx map[string]any) {
	keys := make([]any, 0, len(res.Context))
	for _, k := range slices.Sorted(maps.Keys(res.Context)) {
		keys = append(keys, k)
	}
	prev, _ := source.Context[KeyJumpHistory].([]any)
	history := extend(prev, map[string]any{
		"from_stage":   source.RefID,
		"to_stage":     targetRef,
		"jump_number":  float64(count + 1),
		"context_keys": keys,
	})
	build := func() map[string]any {
		m := shallowCopy(res.Context)
		m[KeyJumpCount] = float64(count + 1)
		m[KeyJumpHistory] = share(history)
		return m
	}
	sourceCtx, targetCtx = build(), build()
	if len(res.Outputs) > 0 {
		targetCtx[KeyJumpOutputs] = shallowCopy(res.Outputs)
	}
	return sourceCtx, targetCtx
}

// ResetStage resets one stage as a backward jump does (semantics §8.5):
// status NOT_STARTED; start_time, end_time and outputs cleared; the join
// keys _join_fired, _completed_branches and _activated_branches removed;
// every task NOT_STARTED with its times and exception details cleared. The
// rest of the context is kept (so _jump_count and _jump_history survive),
// tasks are kept rather than rebuilt, and run_count is left to the caller,
// which bumps it when the stage starts again. Synthetic children are reset
// by calling ResetStage on each member of BackwardResetSet.
func ResetStage(st *model.StageExecution) {
	st.Status = model.StatusNotStarted
	st.StartTime, st.EndTime = nil, nil
	st.Outputs = map[string]any{}
	delete(st.Context, KeyJoinFired)
	delete(st.Context, KeyCompletedBranches)
	delete(st.Context, KeyActivatedBranches)
	for _, t := range st.Tasks {
		t.Status = model.StatusNotStarted
		t.StartTime, t.EndTime = nil, nil
		t.TaskExceptionDetails = nil
	}
}
