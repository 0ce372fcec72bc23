package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestJumpSetsMatch: the engine's indexed jump sets (jumpsets.go) equal
// IsBackwardJump, BackwardResetSet and ForwardSkipSet (§8.4-§8.6, JUMP-6,
// JUMP-7, JUMP-8) for every source and target pair of random definitions
// with synthetic stages.
func TestJumpSetsMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		wf := ptRandomDAG(rng, 2+rng.IntN(12))
		e := New(wf, Options{})
		for _, src := range wf.Stages {
			for _, tgt := range wf.Stages {
				name := fmt.Sprintf("round %d %s->%s", round, src.RefID, tgt.RefID)
				back := IsBackwardJump(wf, src, tgt)
				if got := e.isBackwardJump(src, tgt); got != back {
					t.Fatalf("%s: isBackwardJump = %v, want %v", name, got, back)
				}
				if got, want := ptRefs(e.backwardResetSet(src, tgt)), ptRefs(BackwardResetSet(wf, src, tgt)); !slices.Equal(got, want) {
					t.Fatalf("%s: backwardResetSet = %v, want %v", name, got, want)
				}
				if got, want := ptRefs(e.forwardSkipSet(src, tgt)), ptRefs(ForwardSkipSet(wf, src, tgt)); !slices.Equal(got, want) {
					t.Fatalf("%s: forwardSkipSet = %v, want %v", name, got, want)
				}
			}
		}
	}
}
