package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// ptChain builds refs[0] -> refs[1] -> ... as NOT_STARTED stages.
func ptChain(refs ...string) []*model.StageExecution {
	out := make([]*model.StageExecution, len(refs))
	for i, r := range refs {
		if i == 0 {
			out[i] = ptStage(r, ptNst)
		} else {
			out[i] = ptStage(r, ptNst, refs[i-1])
		}
	}
	return out
}

// ptFind returns the stage with ref in wf (test helper; fails when absent).
func ptFind(t *testing.T, wf *model.Workflow, ref string) *model.StageExecution {
	t.Helper()
	for _, s := range wf.Stages {
		if s.RefID == ref {
			return s
		}
	}
	t.Fatalf("no stage %q", ref)
	return nil
}

func TestIsBackwardJump(t *testing.T) {
	// A -> B -> C ; A -> D ; X (unrelated)
	wf := ptWorkflow(append(ptChain("A", "B", "C"), ptStage("D", ptNst, "A"), ptStage("X", ptNst))...)
	tests := []struct {
		name           string
		source, target string
		want           bool
	}{
		{"JUMP-6 source downstream of target is backward", "C", "A", true},
		{"JUMP-1 jump to self is backward", "B", "B", true},
		{"JUMP-7 target downstream of source is forward", "A", "C", false},
		{"§8.4 sibling branch is forward", "C", "D", false},
		{"§8.4 unrelated stage is forward", "C", "X", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsBackwardJump(wf, ptFind(t, wf, tc.source), ptFind(t, wf, tc.target)); got != tc.want {
				t.Fatalf("IsBackwardJump(%s, %s) = %v, want %v", tc.source, tc.target, got, tc.want)
			}
		})
	}
}

func TestBackwardResetSet(t *testing.T) {
	// Synthetic shape for JUMP-8: P has a before-stage pb (with a nested
	// child pbn) and an after-stage pa; P -> Q -> R, R jumps to P.
	p := ptStage("P", ptSuc)
	pb := ptChild("pb", p, model.OwnerStageBefore)
	pbn := ptChild("pbn", pb, model.OwnerStageBefore)
	pa := ptChild("pa", p, model.OwnerStageAfter)
	r := ptStage("R", ptRun, "Q")
	rb := ptChild("rb", r, model.OwnerStageBefore)
	synth := ptWorkflow(p, pb, pbn, pa, ptStage("Q", ptSuc, "P"), r, rb, ptStage("Z", ptNst))

	tests := []struct {
		name           string
		wf             *model.Workflow
		source, target string
		want           []string
	}{
		{"JUMP-6 §8.5 example A -> B -> C, C jumps to A",
			ptWorkflow(ptChain("A", "B", "C")...), "C", "A", []string{"A", "B", "C"}},
		{"JUMP-6 §8.5 fan-in with an outside upstream is not reset",
			ptWorkflow(ptStage("X", ptSuc), ptStage("A", ptSuc), ptStage("B", ptRun, "A"), ptStage("F", ptNst, "X", "B")),
			"B", "A", []string{"A", "B"}},
		{"JUMP-6 §8.5 set 3 reset whatever its status (parallel branch)",
			ptWorkflow(ptStage("A", ptSuc), ptStage("B", ptRun, "A"), ptStage("C", ptRun, "A")),
			"B", "A", []string{"A", "B", "C"}},
		{"JUMP-1 self jump resets the stage and its exclusive downstream",
			ptWorkflow(ptChain("A", "B")...), "A", "A", []string{"A", "B"}},
		{"JUMP-8 synthetic descendants of every reset stage, definition order",
			synth, "R", "P", []string{"P", "pb", "pbn", "pa", "Q", "R", "rb"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ptRefs(BackwardResetSet(tc.wf, ptFind(t, tc.wf, tc.source), ptFind(t, tc.wf, tc.target)))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestForwardSkipSet(t *testing.T) {
	tests := []struct {
		name           string
		wf             *model.Workflow
		source, target string
		want           []string
	}{
		{"JUMP-7 §8.6 example A[jump to D] -> B -> C -> D -> E",
			ptWorkflow(ptChain("A", "B", "C", "D", "E")...), "A", "D", []string{"B", "C"}},
		{"JUMP-7 diamond: both branches and the join are skipped",
			ptWorkflow(ptStage("A", ptRun), ptStage("B", ptNst, "A"), ptStage("C", ptNst, "A"),
				ptStage("D", ptNst, "B", "C"), ptStage("E", ptNst, "D")),
			"A", "E", []string{"B", "C", "D"}},
		{"JUMP-7 fan-in with external deps is not skipped",
			ptWorkflow(ptStage("A", ptRun), ptStage("B", ptNst, "A"), ptStage("X", ptRun),
				ptStage("J", ptNst, "B", "X"), ptStage("T", ptNst, "A")),
			"A", "T", []string{"B"}},
		{"§8.6 jump to an unrelated branch skips the source's exclusive downstream",
			ptWorkflow(ptStage("A", ptRun), ptStage("B", ptNst, "A"), ptStage("U", ptNst)),
			"A", "U", []string{"B"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ptRefs(ForwardSkipSet(tc.wf, ptFind(t, tc.wf, tc.source), ptFind(t, tc.wf, tc.target)))
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestJumpAllowed(t *testing.T) {
	tests := []struct {
		name          string
		wfCtx, srcCtx map[string]any
		count, max    int
		ok            bool
	}{
		{"JUMP-2 default limit is 10", nil, nil, 0, 10, true},
		{"JUMP-2 count at the default limit fails", nil, map[string]any{KeyJumpCount: 10.0}, 10, 10, false},
		{"JUMP-2 workflow _max_jumps wins over the source", map[string]any{KeyMaxJumps: 3.0},
			map[string]any{KeyMaxJumps: 7.0, KeyJumpCount: 2.0}, 2, 3, true},
		{"JUMP-2 N jumps succeed and the (N+1)th fails", map[string]any{KeyMaxJumps: 3.0},
			map[string]any{KeyJumpCount: 3.0}, 3, 3, false},
		{"JUMP-2 null workflow _max_jumps is absent", map[string]any{KeyMaxJumps: nil},
			map[string]any{KeyMaxJumps: 1.0}, 0, 1, true},
		{"JUMP-2 source _max_jumps when the workflow has none", nil,
			map[string]any{KeyMaxJumps: 2.0, KeyJumpCount: 2.0}, 2, 2, false},
		{"JUMP-3 _max_jumps = 0 blocks every jump", map[string]any{KeyMaxJumps: 0.0}, nil, 0, 0, false},
		{"JUMP-2 a non-integer _max_jumps is ignored", map[string]any{KeyMaxJumps: "lots"}, nil, 0, 10, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := ptStage("S", ptRun)
			if tc.srcCtx != nil {
				src.Context = tc.srcCtx
			}
			wf := ptWorkflow(src)
			if tc.wfCtx != nil {
				wf.Context = tc.wfCtx
			}
			count, max, ok := JumpAllowed(wf, src)
			if count != tc.count || max != tc.max || ok != tc.ok {
				t.Fatalf("JumpAllowed = %d, %d, %v; want %d, %d, %v", count, max, ok, tc.count, tc.max, tc.ok)
			}
		})
	}
}

func TestJumpContext(t *testing.T) {
	prior := map[string]any{"from_stage": "C", "to_stage": "A", "jump_number": 1.0, "context_keys": []any{}}
	src := ptStage("C", ptRun)
	src.Context[KeyJumpHistory] = []any{prior}
	res := model.TaskResult{Status: model.StatusRedirect, JumpTo: "A",
		Context: map[string]any{"iter": 2.0, "b": "x"}, Outputs: map[string]any{"o": 1.0}}

	sourceCtx, targetCtx := JumpContext(src, "A", res, 1)
	entry := map[string]any{"from_stage": "C", "to_stage": "A", "jump_number": 2.0, "context_keys": []any{"b", "iter"}}
	wantSource := map[string]any{"iter": 2.0, "b": "x", KeyJumpCount: 2.0, KeyJumpHistory: []any{prior, entry}}
	wantTarget := map[string]any{"iter": 2.0, "b": "x", KeyJumpCount: 2.0, KeyJumpHistory: []any{prior, entry},
		KeyJumpOutputs: map[string]any{"o": 1.0}}

	t.Run("JUMP-5 §8.7 source gets context, count and history", func(t *testing.T) {
		if !reflect.DeepEqual(sourceCtx, wantSource) {
			t.Fatalf("source ctx = %#v\nwant %#v", sourceCtx, wantSource)
		}
	})
	t.Run("JUMP-5 §8.7 target also gets _jump_outputs", func(t *testing.T) {
		if !reflect.DeepEqual(targetCtx, wantTarget) {
			t.Fatalf("target ctx = %#v\nwant %#v", targetCtx, wantTarget)
		}
	})
	t.Run("§8.7 the source's history is not aliased", func(t *testing.T) {
		if h := src.Context[KeyJumpHistory].([]any); len(h) != 1 {
			t.Fatalf("source history mutated: %v", h)
		}
	})
	t.Run("JUMP-5 no _jump_outputs when outputs are empty", func(t *testing.T) {
		_, tgt := JumpContext(ptStage("C", ptRun), "A", model.TaskResult{Status: model.StatusRedirect}, 0)
		if _, ok := tgt[KeyJumpOutputs]; ok || tgt[KeyJumpCount] != 1.0 {
			t.Fatalf("target ctx = %#v", tgt)
		}
	})
}

func TestResetStage(t *testing.T) {
	t.Run("JUMP-6 §8.5 reset clears status, times, outputs, join keys and tasks", func(t *testing.T) {
		now := int64(5)
		s := ptStage("J", ptSuc)
		s.StartTime, s.EndTime, s.RunCount = &now, &now, 2
		s.Outputs = map[string]any{"x": 1.0}
		s.Context = map[string]any{
			KeyJoinFired: true, KeyCompletedBranches: []any{"a"}, KeyActivatedBranches: []any{"a"},
			KeyJumpCount: 1.0, KeyJumpHistory: []any{}, "user": "kept",
		}
		s.Tasks[0].Status, s.Tasks[0].StartTime, s.Tasks[0].EndTime = ptTer, &now, &now
		s.Tasks[0].TaskExceptionDetails = map[string]any{"error": "boom"}

		ResetStage(s)

		if s.Status != ptNst || s.StartTime != nil || s.EndTime != nil || len(s.Outputs) != 0 || s.Outputs == nil {
			t.Fatalf("stage not reset: %+v", s)
		}
		wantCtx := map[string]any{KeyJumpCount: 1.0, KeyJumpHistory: []any{}, "user": "kept"}
		if !reflect.DeepEqual(s.Context, wantCtx) {
			t.Fatalf("context = %#v, want %#v", s.Context, wantCtx)
		}
		task := s.Tasks[0]
		if task.Status != ptNst || task.StartTime != nil || task.EndTime != nil || task.TaskExceptionDetails != nil {
			t.Fatalf("task not reset: %+v", task)
		}
		if s.RunCount != 2 || len(s.Tasks) != 1 {
			t.Fatalf("run_count or tasks changed: %d, %d", s.RunCount, len(s.Tasks))
		}
	})
}

// ptRandomDAG builds a random DAG of n top-level stages (edges only from
// lower to higher index), gives some stages a synthetic child, and
// shuffles the definition order.
func ptRandomDAG(rng *rand.Rand, n int) *model.Workflow {
	var stages []*model.StageExecution
	for i := range n {
		var reqs []string
		for j := range i {
			if rng.IntN(4) == 0 {
				reqs = append(reqs, fmt.Sprintf("s%d", j))
			}
		}
		s := ptStage(fmt.Sprintf("s%d", i), ptNst, reqs...)
		stages = append(stages, s)
		if rng.IntN(3) == 0 {
			stages = append(stages, ptChild(fmt.Sprintf("c%d", i), s, model.OwnerStageBefore))
		}
	}
	rng.Shuffle(len(stages), func(a, b int) { stages[a], stages[b] = stages[b], stages[a] })
	return ptWorkflow(stages...)
}

func TestJumpSetProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		wf := ptRandomDAG(rng, 2+rng.IntN(10))
		var top []*model.StageExecution
		for _, s := range wf.Stages {
			if !s.IsSynthetic() {
				top = append(top, s)
			}
		}
		src, tgt := top[rng.IntN(len(top))], top[rng.IntN(len(top))]
		pos := map[*model.StageExecution]int{}
		for i, s := range wf.Stages {
			pos[s] = i
		}
		ordered := func(set []*model.StageExecution) bool {
			for i := 1; i < len(set); i++ {
				if pos[set[i-1]] >= pos[set[i]] {
					return false
				}
			}
			return true
		}
		if IsBackwardJump(wf, src, tgt) {
			set := BackwardResetSet(wf, src, tgt)
			t.Run(fmt.Sprintf("JUMP-6 round %d: reset set is ordered, unique, deterministic", round), func(t *testing.T) {
				if !ordered(set) || !slices.Equal(ptRefs(set), ptRefs(BackwardResetSet(wf, src, tgt))) {
					t.Fatalf("reset set %v", ptRefs(set))
				}
				if !slices.Contains(set, src) || !slices.Contains(set, tgt) {
					t.Fatalf("reset set %v misses %s or %s", ptRefs(set), src.RefID, tgt.RefID)
				}
				in := dagRefs{tgt.RefID: true}
				for _, s := range set {
					in[s.RefID] = true
				}
				for _, s := range set {
					if s != src && s != tgt && !s.IsSynthetic() && !dagReqsWithin(s, in) {
						t.Fatalf("%s reset but has an upstream outside the scope", s.RefID)
					}
					for _, c := range dagSynthetic(wf, s) {
						if !slices.Contains(set, c) {
							t.Fatalf("JUMP-8: synthetic %s of %s not reset", c.RefID, s.RefID)
						}
					}
				}
			})
			continue
		}
		set := ForwardSkipSet(wf, src, tgt)
		t.Run(fmt.Sprintf("JUMP-7 round %d: skip set is downstream of the source and outside T", round), func(t *testing.T) {
			if !ordered(set) {
				t.Fatalf("skip set %v not in definition order", ptRefs(set))
			}
			down, tdown := dagNaiveDown(wf, src.RefID), dagNaiveDown(wf, tgt.RefID)
			for _, s := range set {
				if !down[s.RefID] || tdown[s.RefID] || s == tgt || s.IsSynthetic() {
					t.Fatalf("%s in skip set %v", s.RefID, ptRefs(set))
				}
			}
		})
	}
}
