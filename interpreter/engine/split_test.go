package engine

import (
	"slices"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestSplitActivation(t *testing.T) {
	tests := []struct {
		name          string
		split         model.SplitType
		conds         map[string]string
		ctx, outputs  map[string]any
		down          []string
		wantActivated []string
		wantSkipped   []string
	}{
		{"SPLIT-AND-1 AND split activates every downstream", model.SplitAnd, map[string]string{"a": "false"},
			nil, nil, []string{"a", "b"}, []string{"a", "b"}, nil},
		{"§5.1 OR split with no conditions behaves as AND", model.SplitOr, nil,
			nil, nil, []string{"a", "b"}, []string{"a", "b"}, nil},
		{"SPLIT-OR-1 §5.2 example: n=3 activates a and c", model.SplitOr,
			map[string]string{"a": "n > 1", "b": "n > 5", "c": "missing_key == None"},
			nil, map[string]any{"n": 3.0}, []string{"a", "b", "c"}, []string{"a", "c"}, []string{"b"}},
		{"SPLIT-OR-2 §5.2 example: none true activates the first", model.SplitOr,
			map[string]string{"a": "n > 1", "b": "n > 5"},
			nil, map[string]any{"n": 0.0}, []string{"a", "b"}, []string{"a"}, []string{"b"}},
		{"SPLIT-OR-2 none true: first in the given (definition) order", model.SplitOr,
			map[string]string{"a": "false", "b": "false"},
			nil, nil, []string{"b", "a"}, []string{"b"}, []string{"a"}},
		{"SPLIT-OR-2 no condition for a downstream activates it", model.SplitOr,
			map[string]string{"b": "false"}, nil, nil, []string{"a", "b"}, []string{"a"}, []string{"b"}},
		{"SPLIT-OR-2 an evaluation error skips", model.SplitOr,
			map[string]string{"a": "x > 5", "b": "true"}, nil, nil, []string{"a", "b"}, []string{"b"}, []string{"a"}},
		{"SPLIT-OR-2 a syntax error skips", model.SplitOr,
			map[string]string{"a": "x +", "b": "true"}, nil, nil, []string{"a", "b"}, []string{"b"}, []string{"a"}},
		{"SPLIT-OR-1 outputs win over the context", model.SplitOr,
			map[string]string{"a": "n > 1", "b": "n < 1"},
			map[string]any{"n": 0.0}, map[string]any{"n": 3.0}, []string{"a", "b"}, []string{"a"}, []string{"b"}},
		{"SPLIT-OR-1 the context is visible", model.SplitOr,
			map[string]string{"a": "env == 'prod'", "b": "env == 'dev'"},
			map[string]any{"env": "dev"}, nil, []string{"a", "b"}, []string{"b"}, []string{"a"}},
		{"SPLIT-OR-3 §5.3 only the branch's first stage is skipped", model.SplitOr,
			map[string]string{"a1": "true", "b1": "false"}, nil, nil, []string{"a1", "b1"}, []string{"a1"}, []string{"b1"}},
		{"§5.2 no downstream", model.SplitOr, map[string]string{"a": "true"}, nil, nil, nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ptStage("S", ptSuc)
			s.SplitType, s.SplitConditions = tc.split, tc.conds
			if tc.ctx != nil {
				s.Context = tc.ctx
			}
			if tc.outputs != nil {
				s.Outputs = tc.outputs
			}
			var down []*model.StageExecution
			for _, r := range tc.down {
				down = append(down, ptStage(r, ptNst, "S"))
			}
			act, skip := SplitActivation(s, down)
			if got := ptRefs(act); !slices.Equal(got, append([]string{}, tc.wantActivated...)) {
				t.Errorf("activated = %v, want %v", got, tc.wantActivated)
			}
			if got := ptRefs(skip); !slices.Equal(got, append([]string{}, tc.wantSkipped...)) {
				t.Errorf("skipped = %v, want %v", got, tc.wantSkipped)
			}
			if _, set := s.Context[KeyActivatedBranches]; set {
				t.Error("§5.4 Go rule: the split wrote _activated_branches")
			}
		})
	}
}

func TestSplitActivationFreshSlices(t *testing.T) {
	t.Run("§5.2 default-first result does not alias the downstream slice", func(t *testing.T) {
		s := ptStage("S", ptSuc)
		s.SplitType, s.SplitConditions = model.SplitOr, map[string]string{"a": "false", "b": "false"}
		down := []*model.StageExecution{ptStage("a", ptNst, "S"), ptStage("b", ptNst, "S")}
		act, skip := SplitActivation(s, down)
		_ = append(act, ptStage("x", ptNst))
		if skip[0].RefID != "b" || down[1].RefID != "b" {
			t.Fatalf("append to activated overwrote skipped: %v / %v", ptRefs(skip), ptRefs(down))
		}
	})
}
