package engine

import "github.com/stabilize-go/stabilize/model"

// parent returns the stage a synthetic stage belongs to, or nil.
func (e *Engine) parent(s *model.StageExecution) *model.StageExecution { return e.parents[s] }

// lookupParent finds the stage a synthetic stage belongs to, matched by id
// or by ref_id (definition-format.md allows either), or nil.
func (e *Engine) lookupParent(s *model.StageExecution) *model.StageExecution {
	if s.ParentStageID == "" {
		return nil
	}
	if p, ok := e.byID[s.ParentStageID]; ok && p != s {
		return p
	}
	if p, ok := e.byRef[s.ParentStageID]; ok && p != s {
		return p
	}
	return nil
}

// upstreams returns the direct upstream stages of s (its requisites,
// resolved among its siblings), in definition order.
func (e *Engine) upstreams(s *model.StageExecution) []*model.StageExecution { return e.ups[s] }

// downstreams returns the direct downstream stages of s, in definition
// order.
func (e *Engine) downstreams(s *model.StageExecution) []*model.StageExecution { return e.downs[s] }

// topLevel returns the stages without a parent, in definition order.
func (e *Engine) topLevel() []*model.StageExecution { return e.top }

// phase returns the synthetic children of s with the given owner.
func (e *Engine) phase(s *model.StageExecution, owner model.SyntheticStageOwner) []*model.StageExecution {
	var out []*model.StageExecution
	for _, c := range e.children[s] {
		if c.SyntheticStageOwner == owner {
			out = append(out, c)
		}
	}
	return out
}

// initialOf returns the stages of a phase with no requisites.
func initialOf(stages []*model.StageExecution) []*model.StageExecution {
	var out []*model.StageExecution
	for _, s := range stages {
		if len(s.RequisiteStageRefIDs) == 0 {
			out = append(out, s)
		}
	}
	return out
}

// descendants returns every synthetic descendant of s, depth first in
// definition order.
func (e *Engine) descendants(s *model.StageExecution) []*model.StageExecution {
	var out []*model.StageExecution
	for _, c := range e.children[s] {
		out = append(out, c)
		out = append(out, e.descendants(c)...)
	}
	return out
}
