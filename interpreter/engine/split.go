package engine

import (
	"slices"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/model/expr"
)

// SplitActivation applies stage's split to its direct downstream stages,
// given in definition order, when stage completes with a CONTINUABLE status
// (semantics §5.1, §5.2). It returns the stages to evaluate (activated) and
// those to send SkipStage (skipped); SkipStage affects only stages still
// NOT_STARTED, and a skip does not propagate down a branch (§5.3).
//
// An AND split, or an OR split with no split_conditions, activates every
// downstream. An OR split evaluates, per downstream D in order, the
// condition split_conditions[D.ref_id] against a copy of stage.Context with
// stage.Outputs laid over it (outputs win):
//
//   - no condition for D    → activated;
//   - condition truthy      → activated;
//   - condition falsy       → skipped;
//   - any evaluation error  → skipped (Go rule: Python leaves the split
//     stage RUNNING on a non-ExpressionError);
//
// and when none is activated the first downstream is activated and the rest
// skipped. The split never writes _activated_branches (§5.4 Go rule).
// The returned slices are fresh; they never alias downstream.
func SplitActivation(stage *model.StageExecution, downstream []*model.StageExecution) (activated, skipped []*model.StageExecution) {
	if stage.SplitType != model.SplitOr || len(stage.SplitConditions) == 0 {
		return slices.Clone(downstream), nil
	}
	vars := shallowCopy(stage.Context)
	for k, v := range stage.Outputs {
		vars[k] = v
	}
	for _, d := range downstream {
		cond, has := stage.SplitConditions[d.RefID]
		if !has {
			activated = append(activated, d)
			continue
		}
		if ok, err := expr.EvalBool(cond, vars); err == nil && ok {
			activated = append(activated, d)
		} else {
			skipped = append(skipped, d)
		}
	}
	if len(activated) == 0 && len(downstream) > 0 {
		return slices.Clone(downstream[:1]), slices.Clone(downstream[1:])
	}
	return activated, skipped
}
