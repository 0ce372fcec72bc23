package engine

import (
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// The jump sets of §8.4-§8.6 as the engine computes them: the same sets
// as IsBackwardJump, BackwardResetSet and ForwardSkipSet (which scan
// wf.Stages until nothing changes, O(stages × depth) per jump), found by
// walking two indexes instead, so a jump costs O(size of the sets it
// touches) whatever the size of the definition:
//
//   - reqBy[ref]: the stages whose requisite_stage_ref_ids name ref (any
//     parent, as dagClosure reads them), in definition order;
//   - childOf[key]: the stages whose parent_stage_id is key, so a stage's
//     synthetic children are childOf[id] ∪ childOf[ref_id] (dagIsChildOf).
//
// Both are rebuilt by reindex. TestJumpSetsMatch checks the engine's sets
// against the exported functions on random definitions.

// rebuildJumpIndexes fills reqBy and childOf from wf.Stages.
func (e *Engine) rebuildJumpIndexes() {
	e.reqBy = map[string][]*model.StageExecution{}
	e.childOf = map[string][]*model.StageExecution{}
	for _, s := range e.wf.Stages {
		seen := map[string]bool{}
		for _, r := range s.RequisiteStageRefIDs {
			if !seen[r] {
				seen[r] = true
				e.reqBy[r] = append(e.reqBy[r], s)
			}
		}
		if s.ParentStageID != "" {
			e.childOf[s.ParentStageID] = append(e.childOf[s.ParentStageID], s)
		}
	}
}

// distinctReqs counts the distinct refs in s's requisites.
func distinctReqs(s *model.StageExecution) int {
	if len(s.RequisiteStageRefIDs) <= 1 {
		return len(s.RequisiteStageRefIDs)
	}
	seen := map[string]bool{}
	for _, r := range s.RequisiteStageRefIDs {
		seen[r] = true
	}
	return len(seen)
}

// naiveDown is dagNaiveDown(wf, root): every stage transitively naming
// root in its requisites.
func (e *Engine) naiveDown(root string) dagRefs {
	return e.downFrom(root, func(*model.StageExecution) bool { return true })
}

// exclusiveDown is dagExclusiveDown(wf, root): the stages whose
// requisites are non-empty and all in {root} ∪ already-added. A stage is
// added when the last of its distinct requisites enters the scope.
func (e *Engine) exclusiveDown(root string) dagRefs {
	inScope := map[*model.StageExecution]int{}
	return e.downFrom(root, func(s *model.StageExecution) bool {
		inScope[s]++
		return inScope[s] == distinctReqs(s)
	})
}

// downFrom walks breadth-first from root along reqBy (the stages naming a
// stage in their requisites) and returns the stages admitted, root left
// out. admit is asked once per requisite edge reaching a stage not yet
// added; an admitted stage is added and walked on from.
func (e *Engine) downFrom(root string, admit func(*model.StageExecution) bool) dagRefs {
	out := dagRefs{}
	queue := []string{root}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		for _, s := range e.reqBy[r] {
			if s.RefID == root || out[s.RefID] {
				continue
			}
			if admit(s) {
				out[s.RefID] = true
				queue = append(queue, s.RefID)
			}
		}
	}
	return out
}

// synthetic is dagSynthetic(wf, st) as a set: st's synthetic children,
// their children, and so on.
func (e *Engine) synthetic(st *model.StageExecution, into map[*model.StageExecution]bool) {
	stack := []*model.StageExecution{st}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		kids := e.childOf[p.RefID]
		if p.ID != "" && p.ID != p.RefID {
			kids = append(slices.Clone(kids), e.childOf[p.ID]...)
		}
		for _, c := range kids {
			if c == p || c == st || into[c] {
				continue
			}
			into[c] = true
			stack = append(stack, c)
		}
	}
}

// inOrder returns the stages of set that are in wf.Stages, in definition
// order.
func (e *Engine) inOrder(set map[*model.StageExecution]bool) []*model.StageExecution {
	out := make([]*model.StageExecution, 0, len(set))
	for s := range set {
		if _, ok := e.order[s]; ok {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *model.StageExecution) int { return e.order[a] - e.order[b] })
	return out
}

// isBackwardJump is IsBackwardJump(e.wf, source, target).
func (e *Engine) isBackwardJump(source, target *model.StageExecution) bool {
	if source == target || source.RefID == target.RefID {
		return true
	}
	return e.naiveDown(target.RefID)[source.RefID]
}

// backwardResetSet is BackwardResetSet(e.wf, source, target).
func (e *Engine) backwardResetSet(source, target *model.StageExecution) []*model.StageExecution {
	set := map[*model.StageExecution]bool{target: true, source: true}
	for ref := range e.exclusiveDown(target.RefID) {
		if s, ok := e.byRef[ref]; ok {
			set[s] = true
		}
	}
	for _, s := range e.inOrder(set) {
		e.synthetic(s, set)
	}
	out := e.inOrder(set)
	for _, s := range []*model.StageExecution{target, source} {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// forwardSkipSet is ForwardSkipSet(e.wf, source, target).
func (e *Engine) forwardSkipSet(source, target *model.StageExecution) []*model.StageExecution {
	t := e.naiveDown(target.RefID)
	t[target.RefID] = true
	set := map[*model.StageExecution]bool{}
	for ref := range e.exclusiveDown(source.RefID) {
		if s, ok := e.byRef[ref]; ok && !t[ref] {
			set[s] = true
		}
	}
	return e.inOrder(set)
}
