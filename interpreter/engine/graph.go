package engine

import (
	"math"
	"strconv"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/model/expr"
)

// This file holds the small DAG helpers the pattern functions share. They
// walk wf.Stages in definition order and never range over a map where the
// order could reach a result, so every answer is deterministic.

// dagFind returns the stage with ref_id ref among stages, or nil.
func dagFind(stages []*model.StageExecution, ref string) *model.StageExecution {
	for _, s := range stages {
		if s.RefID == ref {
			return s
		}
	}
	return nil
}

// dagIsChildOf reports whether child names parent in parent_stage_id, which
// holds the parent's id or, in a definition, its ref_id.
func dagIsChildOf(child, parent *model.StageExecution) bool {
	if child.ParentStageID == "" || child == parent {
		return false
	}
	return child.ParentStageID == parent.ID || child.ParentStageID == parent.RefID
}

// dagSynthetic returns the synthetic children of st, their
// children, and so on, in definition order.
func dagSynthetic(wf *model.Workflow, st *model.StageExecution) []*model.StageExecution {
	in := map[*model.StageExecution]bool{st: true}
	for changed := true; changed; {
		changed = false
		for _, s := range wf.Stages {
			if in[s] || s.ParentStageID == "" {
				continue
			}
			for p := range in {
				if dagIsChildOf(s, p) {
					in[s], changed = true, true
					break
				}
			}
		}
	}
	var out []*model.StageExecution
	for _, s := range wf.Stages {
		if s != st && in[s] {
			out = append(out, s)
		}
	}
	return out
}

// dagRefs is a set of ref_ids.
type dagRefs map[string]bool

// dagReqsWithin reports whether s has requisites and all of them are in scope.
func dagReqsWithin(s *model.StageExecution, scope dagRefs) bool {
	if len(s.RequisiteStageRefIDs) == 0 {
		return false
	}
	for _, r := range s.RequisiteStageRefIDs {
		if !scope[r] {
			return false
		}
	}
	return true
}

// dagReqsTouch reports whether any requisite of s is in scope.
func dagReqsTouch(s *model.StageExecution, scope dagRefs) bool {
	for _, r := range s.RequisiteStageRefIDs {
		if scope[r] {
			return true
		}
	}
	return false
}

// dagExclusiveDown returns the stages found by repeatedly adding stages
// whose requisites are non-empty and all in {root} ∪ already-added
// (semantics §8.5 set 3, §8.6 S). A fan-in with an upstream outside that
// scope is left out. root itself is not in the result.
func dagExclusiveDown(wf *model.Workflow, root string) dagRefs {
	return dagClosure(wf, root, dagReqsWithin)
}

// dagNaiveDown returns every stage transitively downstream of root: the
// plain dagClosure over requisites (semantics §8.4, §8.6 T). root is not in the
// result unless a cycle leads back to it.
func dagNaiveDown(wf *model.Workflow, root string) dagRefs {
	return dagClosure(wf, root, dagReqsTouch)
}

// dagClosure grows {root} with the stages that join accepts until nothing
// changes, and returns what was added.
func dagClosure(wf *model.Workflow, root string, join func(*model.StageExecution, dagRefs) bool) dagRefs {
	scope := dagRefs{root: true}
	added := dagRefs{}
	for changed := true; changed; {
		changed = false
		for _, s := range wf.Stages {
			if s.RefID == root || added[s.RefID] || !join(s, scope) {
				continue
			}
			scope[s.RefID], added[s.RefID], changed = true, true, true
		}
	}
	return added
}

// dagOrdered returns the stages of wf whose pointer is in set, in
// definition order.
func dagOrdered(wf *model.Workflow, set map[*model.StageExecution]bool) []*model.StageExecution {
	var out []*model.StageExecution
	for _, s := range wf.Stages {
		if set[s] {
			out = append(out, s)
		}
	}
	return out
}

// jsonInt converts a JSON-decoded number (or a Go integer) to an int. It
// accepts float64 only when it holds an integral value within ±2^31, and
// strings that parse as base-10 integers (Python's int("3")); ok is false
// otherwise (bools included).
func jsonInt(v any) (n int, ok bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case int32:
		return int(x), true
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || x > math.MaxInt32 || x < math.MinInt32 {
			return 0, false
		}
		return int(x), true
	case string:
		i, err := strconv.Atoi(x)
		return i, err == nil
	}
	return 0, false
}

// jsonFlag reports whether ctx[key] is truthy by the expression
// language's (Python's) rules: absent, null, false, 0, "" and empty
// containers are false.
func jsonFlag(ctx map[string]any, key string) bool { return expr.Truthy(ctx[key]) }

// jsonStrings reads a list of strings from a JSON-decoded value ([]any of
// strings, or []string). ok is false for nil or any other shape.
func jsonStrings(v any) (out []string, ok bool) {
	switch x := v.(type) {
	case []string:
		return x, true
	case []any:
		for _, e := range x {
			s, isStr := e.(string)
			if !isStr {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// shallowCopy returns a shallow copy of m (never nil).
func shallowCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
