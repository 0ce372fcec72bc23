package model

import (
	"fmt"
	"slices"
	"strings"
)

// graph indexes a workflow's stages for validation.
type graph struct {
	stages []*StageExecution
	// firstRef and firstID map a ref_id or id to the first stage using it.
	firstRef map[string]int
	firstID  map[string]int
	// bySibling maps parent id + "\x00" + ref_id to the first such stage.
	bySibling map[string]int
	// down lists, per stage, the siblings that require it (no self-edges,
	// first stage of a duplicated ref_id only).
	down [][]int
}

func newGraph(w *Workflow) *graph {
	g := &graph{stages: w.Stages, firstRef: map[string]int{}, firstID: map[string]int{},
		bySibling: map[string]int{}, down: make([][]int, len(w.Stages))}
	for i, s := range w.Stages {
		if _, ok := g.bySibling[s.ParentStageID+"\x00"+s.RefID]; !ok {
			g.bySibling[s.ParentStageID+"\x00"+s.RefID] = i
		}
		if _, ok := g.firstRef[s.RefID]; !ok && s.RefID != "" {
			g.firstRef[s.RefID] = i
		}
		if _, ok := g.firstID[s.ID]; !ok && s.ID != "" {
			g.firstID[s.ID] = i
		}
	}
	for i, s := range w.Stages {
		for k, ref := range s.RequisiteStageRefIDs {
			if j := g.sibling(ref, s.ParentStageID); j >= 0 && j != i && slices.Index(s.RequisiteStageRefIDs, ref) == k {
				g.down[j] = append(g.down[j], i)
			}
		}
	}
	return g
}

// sibling returns the index of the stage with ref_id ref and the given
// parent, or -1.
func (g *graph) sibling(ref, parent string) int {
	if i, ok := g.bySibling[parent+"\x00"+ref]; ok {
		return i
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
	var out []string
	for _, j := range g.down[i] {
		if ref := g.stages[j].RefID; !slices.Contains(out, ref) {
			out = append(out, ref)
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
			v.probs.add(joinPath(stagePath(i), "ref_id"), nil, ErrRequired, "expected a non-empty string, unique in the workflow")
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
// ref_ids on one cycle through it, in definition order of the group's
// first stage. Self-edges are reported elsewhere.
func (v *validator) cycles(stagePath func(int) string, w *Workflow, g *graph) {
	for _, comp := range stronglyConnected(g.down) {
		if len(comp) < 2 {
			continue
		}
		path := cyclePath(comp[0], g.down, comp)
		names := make([]string, len(path))
		for k, j := range path {
			names[k] = w.Stages[j].RefID
		}
		if len(names) > 12 {
			// A long cycle is named by its first ten stages.
			names = append(names[:10:10], fmt.Sprintf("... (%d more)", len(names)-11), names[len(names)-1])
		}
		v.probs.add(joinPath(stagePath(comp[0]), "requisite_stage_ref_ids"), nil, ErrCycle,
			"%s: stages that wait for each other can never start", strings.Join(names, " -> "))
	}
}

// stronglyConnected returns the strongly connected components of the
// graph (Tarjan's algorithm), each sorted, ordered by their first node.
func stronglyConnected(down [][]int) [][]int {
	n := len(down)
	index, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	var comps [][]int
	next := 0
	var visit func(x int)
	visit = func(x int) {
		index[x], low[x] = next, next
		next++
		stack = append(stack, x)
		onStack[x] = true
		for _, y := range down[x] {
			switch {
			case index[y] < 0:
				visit(y)
				low[x] = min(low[x], low[y])
			case onStack[y]:
				low[x] = min(low[x], index[y])
			}
		}
		if low[x] != index[x] {
			return
		}
		var comp []int
		for {
			y := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[y] = false
			comp = append(comp, y)
			if y == x {
				break
			}
		}
		slices.Sort(comp)
		comps = append(comps, comp)
	}
	for i := range n {
		if index[i] < 0 {
			visit(i)
		}
	}
	slices.SortFunc(comps, func(a, b []int) int { return a[0] - b[0] })
	return comps
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
