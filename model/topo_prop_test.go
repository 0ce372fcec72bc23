package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// naiveTopological is the §4.2 rule spelled out: repeatedly take the
// earliest stage in the list whose in-list requisites are all taken.
func naiveTopological(stages []*StageExecution) []string {
	taken := map[string]bool{}
	inList := map[string]bool{}
	for _, s := range stages {
		inList[s.RefID] = true
	}
	var out []string
	for len(out) < len(stages) {
		progress := false
		for _, s := range stages {
			if taken[s.RefID] {
				continue
			}
			ready := true
			for _, r := range s.RequisiteStageRefIDs {
				if r != s.RefID && inList[r] && !taken[r] {
					ready = false
				}
			}
			if ready {
				taken[s.RefID] = true
				out = append(out, s.RefID)
				progress = true
				break
			}
		}
		if !progress {
			for _, s := range stages {
				if !taken[s.RefID] {
					out = append(out, s.RefID)
				}
			}
			break
		}
	}
	return out
}

// TestTopologicalOrderProperty compares TopologicalOrder with the naive
// rule over random graphs in random list order, cycles and unknown refs
// included.
func TestTopologicalOrderProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 500 {
		n := 1 + r.IntN(12)
		stages := make([]*StageExecution, n)
		for j := range n {
			var req []string
			for k := range n {
				if r.IntN(4) == 0 && (k < j || r.IntN(8) == 0) { // mostly a DAG, sometimes a back edge
					req = append(req, fmt.Sprintf("s%d", k))
				}
			}
			if r.IntN(10) == 0 {
				req = append(req, "elsewhere")
			}
			stages[j] = &StageExecution{RefID: fmt.Sprintf("s%d", j), RequisiteStageRefIDs: req}
		}
		r.Shuffle(n, func(a, b int) { stages[a], stages[b] = stages[b], stages[a] })
		got := refs(TopologicalOrder(stages))
		want := naiveTopological(stages)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d: TopologicalOrder = %v, naive rule = %v", i, got, want)
		}
	}
}
