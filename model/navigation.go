package model

import (
	"container/heap"
	"errors"
	"fmt"
	"slices"
)

// ErrStageNotFound is wrapped by the error of StageByID.
var ErrStageNotFound = errors.New("stage not found")

// AddStage appends a stage to the workflow.
func (w *Workflow) AddStage(s *StageExecution) { w.Stages = append(w.Stages, s) }

// RemoveStage removes the stage with the given id, reporting whether one
// was removed.
func (w *Workflow) RemoveStage(stageID string) bool {
	n := len(w.Stages)
	w.Stages = slices.DeleteFunc(w.Stages, func(s *StageExecution) bool { return s.ID == stageID })
	return len(w.Stages) != n
}

// StageByID returns the stage with the given id, or an error wrapping
// ErrStageNotFound.
func (w *Workflow) StageByID(stageID string) (*StageExecution, error) {
	for _, s := range w.Stages {
		if s.ID == stageID {
			return s, nil
		}
	}
	return nil, fmt.Errorf("stage id %q: %w", stageID, ErrStageNotFound)
}

// StageByRefID returns the first stage, synthetic ones included, with the
// given ref_id, or nil.
func (w *Workflow) StageByRefID(refID string) *StageExecution {
	for _, s := range w.Stages {
		if s.RefID == refID {
			return s
		}
	}
	return nil
}

// InitialStages returns the top-level stages without requisites, in
// definition order: those that can start when the workflow starts.
func (w *Workflow) InitialStages() []*StageExecution {
	var out []*StageExecution
	for _, s := range w.Stages {
		if !s.IsSynthetic() && len(s.RequisiteStageRefIDs) == 0 {
			out = append(out, s)
		}
	}
	return out
}

// TopLevelStages returns the stages that are not synthetic, in definition
// order.
func (w *Workflow) TopLevelStages() []*StageExecution {
	var out []*StageExecution
	for _, s := range w.Stages {
		if !s.IsSynthetic() {
			out = append(out, s)
		}
	}
	return out
}

// Parent returns the parent of a synthetic stage, or nil for a top-level
// stage or a missing parent.
func (w *Workflow) Parent(s *StageExecution) *StageExecution {
	if !s.IsSynthetic() {
		return nil
	}
	p, _ := w.StageByID(s.ParentStageID)
	return p
}

// BeforeStages returns the STAGE_BEFORE children of parent in definition
// order (direct children only).
func (w *Workflow) BeforeStages(parent *StageExecution) []*StageExecution {
	return w.children(parent, OwnerStageBefore)
}

// AfterStages returns the STAGE_AFTER children of parent in definition
// order (direct children only, on-failure stages included).
func (w *Workflow) AfterStages(parent *StageExecution) []*StageExecution {
	return w.children(parent, OwnerStageAfter)
}

func (w *Workflow) children(parent *StageExecution, owner SyntheticStageOwner) []*StageExecution {
	var out []*StageExecution
	for _, s := range w.Stages {
		if s.ParentStageID == parent.ID && s.SyntheticStageOwner == owner {
			out = append(out, s)
		}
	}
	return out
}

// Siblings returns the stages that share s's parent (all top-level stages
// for a top-level s), s included, in definition order. Requisites and
// downstream links only ever connect siblings.
func (w *Workflow) Siblings(s *StageExecution) []*StageExecution {
	var out []*StageExecution
	for _, o := range w.Stages {
		if o.ParentStageID == s.ParentStageID {
			out = append(out, o)
		}
	}
	return out
}

// Downstream returns the stages that list refID among their requisites and
// share that stage's parent (top-level stages for a top-level ref), in
// definition order. An unknown ref is looked up among top-level stages.
func (w *Workflow) Downstream(refID string) []*StageExecution {
	parent := ""
	if s := w.StageByRefID(refID); s != nil {
		parent = s.ParentStageID
	}
	var out []*StageExecution
	for _, o := range w.Stages {
		if o.ParentStageID == parent && slices.Contains(o.RequisiteStageRefIDs, refID) {
			out = append(out, o)
		}
	}
	return out
}

// Upstream returns the direct upstream stages of s (its requisites, among
// its siblings) in definition order; unknown refs are left out.
func (w *Workflow) Upstream(s *StageExecution) []*StageExecution {
	var out []*StageExecution
	for _, o := range w.Siblings(s) {
		if slices.Contains(s.RequisiteStageRefIDs, o.RefID) {
			out = append(out, o)
		}
	}
	return out
}

// Ancestors returns the transitive upstream stages of s among its siblings
// (semantics §4.2 step 1; parent links are not followed), in topological
// order from the roots down with ties in definition order (step 2).
func (w *Workflow) Ancestors(s *StageExecution) []*StageExecution {
	sibs := w.Siblings(s)
	byRef := make(map[string]*StageExecution, len(sibs))
	for _, o := range sibs {
		if _, dup := byRef[o.RefID]; !dup {
			byRef[o.RefID] = o
		}
	}
	in := map[*StageExecution]bool{}
	stack := slices.Clone(s.RequisiteStageRefIDs)
	for len(stack) > 0 {
		ref := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		o := byRef[ref]
		if o == nil || in[o] || o == s {
			continue
		}
		in[o] = true
		stack = append(stack, o.RequisiteStageRefIDs...)
	}
	var set []*StageExecution
	for _, o := range sibs {
		if in[o] {
			set = append(set, o)
		}
	}
	return TopologicalOrder(set)
}

// TopologicalOrder sorts stages so that every stage comes after those of
// its requisites that are in the list (Kahn's algorithm). Among stages
// ready at the same time the earlier in the list goes first (the Go tie
// rule of semantics §4.2). Stages on a cycle are appended at the end in list
// order, so the result always holds every stage once. It runs in
// O((stages + edges) log stages).
func TopologicalOrder(stages []*StageExecution) []*StageExecution {
	index := make(map[string]int, len(stages))
	for i, s := range stages {
		if _, dup := index[s.RefID]; !dup {
			index[s.RefID] = i
		}
	}
	pending := make([]int, len(stages)) // unmet requisites in the list
	down := make([][]int, len(stages))
	for i, s := range stages {
		for _, r := range uniqueStrings(s.RequisiteStageRefIDs) {
			if j, ok := index[r]; ok && j != i {
				pending[i]++
				down[j] = append(down[j], i)
			}
		}
	}
	ready := &indexHeap{}
	for i := range stages {
		if pending[i] == 0 {
			heap.Push(ready, i)
		}
	}
	done := make([]bool, len(stages))
	out := make([]*StageExecution, 0, len(stages))
	for ready.Len() > 0 {
		i := heap.Pop(ready).(int)
		done[i] = true
		out = append(out, stages[i])
		for _, k := range down[i] {
			if pending[k]--; pending[k] == 0 {
				heap.Push(ready, k)
			}
		}
	}
	for i, s := range stages {
		if !done[i] {
			out = append(out, s)
		}
	}
	return out
}

// indexHeap is a min-heap of list indexes: the earliest ready stage first.
type indexHeap []int

func (h indexHeap) Len() int           { return len(h) }
func (h indexHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h indexHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *indexHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *indexHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func uniqueStrings(in []string) []string {
	var out []string
	for _, s := range in {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
