package engine

import (
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestStageEnabled(t *testing.T) {
	exprOf := func(src string) map[string]any { return map[string]any{"type": "expression", "expression": src} }
	withOutputs := func(ref string, out map[string]any) *model.StageExecution {
		s := ptStage(ref, ptSuc)
		s.Outputs = out
		return s
	}
	tests := []struct {
		name      string
		value     any
		absent    bool
		ctx       map[string]any
		upstreams []*model.StageExecution
		want      bool
	}{
		{"ENABLE-1 absent is enabled", nil, true, nil, nil, true},
		{"ENABLE-1 null is enabled", nil, false, nil, nil, true},
		{"ENABLE-1 false disables", false, false, nil, nil, false},
		{"ENABLE-1 true enables", true, false, nil, nil, true},
		{"ENABLE-1 the string \"false\" is enabled", "false", false, nil, nil, true},
		{"ENABLE-1 a number is enabled", 0.0, false, nil, nil, true},
		{"ENABLE-1 a map with another type is enabled", map[string]any{"type": "bool", "expression": "false"}, false, nil, nil, true},
		{"ENABLE-1 expression defaults to true", map[string]any{"type": "expression"}, false, nil, nil, true},
		{"ENABLE-1 falsy expression disables", exprOf("false"), false, nil, nil, false},
		{"ENABLE-1 expression error is enabled", exprOf("x > 5"), false, nil, nil, true},
		{"ENABLE-1 syntax error is enabled", exprOf("len(x)"), false, nil, nil, true},
		{"ENABLE-1 a non-string expression is enabled", map[string]any{"type": "expression", "expression": 0.0}, false, nil, nil, true},
		{"ENABLE-2 §2.5 example B: A.flag == True with A.flag false is skipped", exprOf("A.flag == True"), false, nil,
			[]*model.StageExecution{withOutputs("A", map[string]any{"flag": false})}, false},
		{"ENABLE-2 upstream outputs are visible by ref_id", exprOf("build.version == '2'"), false, nil,
			[]*model.StageExecution{withOutputs("build", map[string]any{"version": "2"})}, true},
		{"ENABLE-2 §2.5 example E: upstream keys are not merged into the context", exprOf("flag == False"), false, nil,
			[]*model.StageExecution{withOutputs("A", map[string]any{"flag": false})}, false},
		{"ENABLE-2 the own context is visible", exprOf("mode == 'fast'"), false, map[string]any{"mode": "fast"}, nil, true},
		{"ENABLE-2 an upstream ref overrides a context key", exprOf("A == 'ctx'"), false, map[string]any{"A": "ctx"},
			[]*model.StageExecution{withOutputs("A", map[string]any{"x": 1.0})}, false},
		{"ENABLE-2 an upstream with empty outputs is not exposed", exprOf("A == 'ctx'"), false, map[string]any{"A": "ctx"},
			[]*model.StageExecution{withOutputs("A", map[string]any{})}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ptStage("B", ptNst)
			if tc.ctx != nil {
				s.Context = tc.ctx
			}
			if !tc.absent {
				s.Context[model.KeyStageEnabled] = tc.value
			}
			if got := StageEnabled(s, tc.upstreams); got != tc.want {
				t.Fatalf("StageEnabled = %v, want %v", got, tc.want)
			}
			if _, leaked := s.Context["A"]; leaked && tc.ctx == nil {
				t.Fatal("upstream outputs were written into the stage context")
			}
		})
	}
}
