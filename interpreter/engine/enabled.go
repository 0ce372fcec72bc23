package engine

import (
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/model/expr"
)

// StageEnabled runs start gate 1, context.stageEnabled (semantics §2.5):
//
//	absent or null                         → enabled
//	a bool                                 → enabled iff true
//	{type: expression, expression: "..."}  → enabled iff the expression
//	                                         (default "true") is truthy
//	anything else (the string "false", a map with another type, a number)
//	                                       → enabled
//	an expression that fails (or that is not a string) → enabled
//
// The expression sees a copy of the stage's own context as it is before
// planning (no merged ancestor outputs) plus, for each DIRECT upstream with
// non-empty outputs, the key ref_id → outputs, which overrides a context
// key of the same name (the Go rule of §2.5, matching what Python loads in
// practice). upstreams are the stage's direct upstream stages.
func StageEnabled(stage *model.StageExecution, upstreams []*model.StageExecution) bool {
	switch v := stage.Context[model.KeyStageEnabled].(type) {
	case nil:
		return true
	case bool:
		return v
	case map[string]any:
		if v["type"] != "expression" {
			return true
		}
		src := "true"
		if e, present := v["expression"]; present {
			s, isString := e.(string)
			if !isString {
				return true
			}
			src = s
		}
		vars := shallowCopy(stage.Context)
		for _, u := range upstreams {
			if len(u.Outputs) > 0 {
				vars[u.RefID] = u.Outputs
			}
		}
		ok, err := expr.EvalBool(src, vars)
		return err != nil || ok
	}
	return true
}
