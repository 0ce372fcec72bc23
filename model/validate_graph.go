package model

import (
	"slices"
	"strings"
)

// graph indexes a workflow's stages for validation.
type graph struct {
	stages []*StageExecution
	// firstRef and firstID map a ref_id or id to the first stage using it.
	firstRef map[string]int
	firstID  map[string]int
}

func newGraph(w *Workflow) *graph {
	g := &graph{stages: w.Stages, firstRef: map[string]int{}, firstID: map[string]int{}}
	for i, s := range w.Stages {
		if _, ok := g.firstRef[s.RefID]; !ok && s.RefID != "" {
			g.firstRef[s.RefID] = i
		}
		if _, ok := g.firstID[s.ID]; !ok && s.ID != "" {
			g.firstID[s.ID] = i
		}
	}
	return g
}

// sibling returns the index of the stage with ref_id ref and the given
// parent, or -1.
func (g *graph) sibling(ref, parent string) int {
	for i, s := range g.stages {
		if s.RefID == ref && s.ParentStageID == parent {
			return i
		}
	}
	return -1
}

// siblingRefs lists the ref_ids of the stages with the given parent.
func (g *graph) siblingRefs(parent string) []string {
	var out []string
	for _, s := range g.stages {
		if s.ParentStageID == parent {
			out = append(out, s.RefID)
		}
	}
	return out
}

// downstreamRefs lists the ref_ids of the siblings of stage i that list it
// as a requisite, in definition order.
func (g *graph) downstreamRefs(i int) []string {
	s := g.stages[i]
	var out []string
	for _, o := range g.stages {
		if o != s && o.ParentStageID == s.ParentStageID && slices.Contains(o.RequisiteStageRefIDs, s.RefID) &&
			!slices.Contains(out, o.RefID) {
			out = append(out, o.RefID)
		}
	}
	return out
}

// graph checks identities, requisites, synthetic links and cycles, in the
// order of semantics §1.9.
func (v *validator) graph(base string, w *Workflow, g *graph) {
	stagePath := func(i int) string { return indexPath(joinPath(base, "stages"), i) }
	for i, s := range w.Stages {
		if s.RefID == "" {
			v.probs.add(joinPath(stagePath(i), "ref_id"), nil, ErrRequired, "")
		} else if j := g.firstRef[s.RefID]; j != i {
			v.probs.add(joinPath(stagePath(i), "ref_id"), s.RefID, ErrDuplicate, "ref_id already used by %s", stagePath(j))
		}
		if j, ok := g.firstID[s.ID]; ok && j != i {
			v.probs.add(joinPath(stagePath(i), "id"), s.ID, ErrDuplicate, "id already used by %s", stagePath(j))
		}
	}
	for i, s := range w.Stages {
		rp := joinPath(stagePath(i), "requisite_stage_ref_ids")
		for k, ref := range s.RequisiteStageRefIDs {
			p := indexPath(rp, k)
			switch {
			case ref == s.RefID:
				v.probs.add(p, ref, ErrSelfEdge, "a stage cannot require itself")
			case slices.Index(s.RequisiteStageRefIDs, ref) < k:
				v.probs.add(p, ref, ErrDuplicate, "requisite listed twice")
			case g.sibling(ref, s.ParentStageID) < 0:
				v.unknownRequisite(p, ref, s, g)
			}
		}
	}
	v.synthetic(stagePath, w, g)
	v.cycles(stagePath, w, g)
}

func (v *validator) unknownRequisite(path, ref string, s *StageExecution, g *graph) {
	scope := "a top-level stage"
	if s.IsSynthetic() {
		scope = "a sibling synthetic stage (same parent_stage_id)"
	}
	if _, elsewhere := g.firstRef[ref]; elsewhere {
		v.probs.add(path, ref, ErrUnknownRef, "expected the ref_id of %s; this ref_id belongs to a stage with another parent", scope)
		return
	}
	if sug := suggest(ref, g.siblingRefs(s.ParentStageID)); sug != "" {
		v.probs.add(path, ref, ErrUnknownRef, "expected the ref_id of %s (did you mean %q?)", scope, sug)
		return
	}
	v.probs.add(path, ref, ErrUnknownRef, "expected the ref_id of %s", scope)
}

// synthetic checks parent_stage_id and synthetic_stage_owner.
func (v *validator) synthetic(stagePath func(int) string, w *Workflow, g *graph) {
	for i, s := range w.Stages {
		pp := joinPath(stagePath(i), "parent_stage_id")
		op := joinPath(stagePath(i), "synthetic_stage_owner")
		if !s.IsSynthetic() {
			if s.SyntheticStageOwner != OwnerNone {
				v.probs.add(op, s.SyntheticStageOwner.String(), ErrInvalid, "set on a top-level stage: expected parent_stage_id too")
			}
			continue
		}
		j, ok := g.firstID[s.ParentStageID]
		switch {
		case !ok:
			v.probs.add(pp, s.ParentStageID, ErrUnknownRef, "expected the id or ref_id of the parent stage")
		case j == i:
			v.probs.add(pp, s.ParentStageID, ErrSelfEdge, "a stage cannot be its own parent")
		case v.parentLoop(g, i):
			v.probs.add(pp, s.ParentStageID, ErrCycle, "parent_stage_id links form a loop")
		}
		if s.SyntheticStageOwner == OwnerNone {
			v.probs.add(op, nil, ErrRequired, "a synthetic stage needs STAGE_BEFORE or STAGE_AFTER")
		}
	}
}

// parentLoop reports whether following parent links from stage i comes
// back to i.
func (v *validator) parentLoop(g *graph, i int) bool {
	seen := map[int]bool{i: true}
	cur := i
	for {
		j, ok := g.firstID[g.stages[cur].ParentStageID]
		if !ok || g.stages[cur].ParentStageID == "" {
			return false
		}
		if j == i {
			return true
		}
		if seen[j] {
			return false // a loop further up, reported on its own stages
		}
		seen[j] = true
		cur = j
	}
}

// cycles reports each strongly connected group of stages once, naming the
// ref_ids on one cycle through it. Self-edges are reported elsewhere.
func (v *validator) cycles(stagePath func(int) string, w *Workflow, g *graph) {
	n := len(w.Stages)
	// down[i] lists the stages that require stage i (same parent).
	down := make([][]int, n)
	for i, s := range w.Stages {
		for _, ref := range s.RequisiteStageRefIDs {
			if j := g.sibling(ref, s.ParentStageID); j >= 0 && j != i && g.firstRef[ref] == j {
				down[j] = append(down[j], i)
			}
		}
	}
	// Kahn's algorithm leaves the stages on a cycle and those below one.
	indeg := make([]int, n)
	for _, ds := range down {
		for _, y := range ds {
			indeg[y]++
		}
	}
	queue := []int{}
	for i := range n {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	left := make([]bool, n)
	for i := range left {
		left[i] = true
	}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		left[x] = false
		for _, y := range down[x] {
			if indeg[y]--; indeg[y] == 0 {
				queue = append(queue, y)
			}
		}
	}
	reach := func(from int) map[int]bool {
		seen := map[int]bool{}
		stack := []int{from}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, y := range down[x] {
				if left[y] && !seen[y] {
					seen[y] = true
					stack = append(stack, y)
				}
			}
		}
		return seen
	}
	reaches := make([]map[int]bool, n)
	for i := range n {
		if left[i] {
			reaches[i] = reach(i)
		}
	}
	done := make([]bool, n)
	for i := range n {
		if done[i] || !left[i] || !reaches[i][i] {
			continue
		}
		// The component of i: stages reachable from i that reach i.
		var comp []int
		for j := range n {
			if left[j] && reaches[i][j] && reaches[j][i] {
				comp = append(comp, j)
				done[j] = true
			}
		}
		path := cyclePath(i, down, comp)
		names := make([]string, len(path))
		for k, j := range path {
			names[k] = w.Stages[j].RefID
		}
		v.probs.add(joinPath(stagePath(i), "requisite_stage_ref_ids"), nil, ErrCycle,
			"%s: stages that wait for each other can never start", strings.Join(names, " -> "))
	}
}

// cyclePath returns the shortest walk from start back to start along down
// edges inside comp, start repeated at the end.
func cyclePath(start int, down [][]int, comp []int) []int {
	prev := map[int]int{}
	queue := []int{start}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range down[x] {
			if !slices.Contains(comp, y) {
				continue
			}
			if y == start {
				path := []int{start}
				for c := x; c != start; c = prev[c] {
					path = append(path, c)
				}
				path = append(path, start)
				slices.Reverse(path[1 : len(path)-1])
				return path
			}
			if _, seen := prev[y]; !seen {
				prev[y] = x
				queue = append(queue, y)
			}
		}
	}
	return []int{start, start}
}
