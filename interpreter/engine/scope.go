package engine

import "github.com/stabilize-go/stabilize/model"

// parent returns the stage a synthetic stage belongs to, matched by id or
// by ref_id (definition-format.md allows either), or nil.
func (e *Engine) parent(s *model.StageExecution) *model.StageExecution {
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

// sameScope reports whether two stages are siblings: both top-level, or
// both children of the same parent. DAG edges only connect siblings.
func (e *Engine) sameScope(a, b *model.StageExecution) bool {
	return e.parent(a) == e.parent(b)
}

// upstreams returns the direct upstream stages of s (its requisites,
// resolved among its siblings), in definition order.
func (e *Engine) upstreams(s *model.StageExecution) []*model.StageExecution {
	if len(s.RequisiteStageRefIDs) == 0 {
		return nil
	}
	want := make(map[string]bool, len(s.RequisiteStageRefIDs))
	for _, r := range s.RequisiteStageRefIDs {
		want[r] = true
	}
	var out []*model.StageExecution
	for _, u := range e.scope(s) {
		if want[u.RefID] && u != s {
			out = append(out, u)
		}
	}
	return out
}

// downstreams returns the direct downstream stages of s, in definition
// order.
func (e *Engine) downstreams(s *model.StageExecution) []*model.StageExecution {
	var out []*model.StageExecution
	for _, d := range e.scope(s) {
		for _, r := range d.RequisiteStageRefIDs {
			if r == s.RefID && d != s {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// scope returns the siblings of s (s included), in definition order.
func (e *Engine) scope(s *model.StageExecution) []*model.StageExecution {
	if p := e.parent(s); p != nil {
		return e.children[p]
	}
	return e.topLevel()
}

// topLevel returns the stages without a parent, in definition order.
func (e *Engine) topLevel() []*model.StageExecution {
	out := make([]*model.StageExecution, 0, len(e.wf.Stages))
	for _, s := range e.wf.Stages {
		if e.parent(s) == nil {
			out = append(out, s)
		}
	}
	return out
}

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
