package interpreter

import (
	"errors"
	"strings"
	"testing"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

func TestChildDefinition(t *testing.T) {
	cfg := map[string]any{
		"stages": []any{
			map[string]any{"ref_id": "a", "type": "noop"},
			map[string]any{"ref_id": "b", "type": "noop", "requisite_stage_ref_ids": []any{"a"},
				"context": map[string]any{"k": "v"}},
		},
	}
	t.Run("semantics §11.1 Go rule: defaults, derived ids and depth in every stage", func(t *testing.T) {
		def, err := childDefinition(cfg, "p/sub/0/1/1", "p", 2, 10)
		if err != nil {
			t.Fatalf("childDefinition: %v", err)
		}
		if def.ID != "p/sub/0/1/1" || def.Application != "stabilize" || def.Name != "sub-workflow-depth-2" {
			t.Errorf("workflow = %q %q %q; want derived id and §11.1 defaults", def.ID, def.Application, def.Name)
		}
		for _, st := range def.Stages {
			if st.ID != "p/sub/0/1/1/"+st.RefID || st.Name != st.RefID || len(st.Tasks) != 1 {
				t.Errorf("stage %s: id %q name %q tasks %d", st.RefID, st.ID, st.Name, len(st.Tasks))
			}
			task := st.Tasks[0]
			if task.ID != st.ID+"/0" || task.ImplementingClass != "noop" || !task.StageStart || !task.StageEnd {
				t.Errorf("stage %s task = %+v", st.RefID, task)
			}
			if st.Context[keyRecursionDepth] != 2.0 || st.Context[keyMaxRecursionDepth] != 10.0 ||
				st.Context[keyParentWorkflowID] != "p" {
				t.Errorf("stage %s context = %v; want the recursion keys", st.RefID, st.Context)
			}
		}
		if def.Stages[1].Context["k"] != "v" {
			t.Errorf("own context lost: %v", def.Stages[1].Context)
		}
	})
	t.Run("same input gives the same definition (determinism)", func(t *testing.T) {
		a, _ := childDefinition(cfg, "p/x", "p", 1, 10)
		b, _ := childDefinition(cfg, "p/x", "p", 1, 10)
		if a.Stages[0].ID != b.Stages[0].ID || a.Stages[1].Tasks[0].ID != b.Stages[1].Tasks[0].ID {
			t.Error("ids differ between two derivations")
		}
	})
	bad := []struct {
		name string
		cfg  any
	}{
		{"semantics §11.1: empty config is terminal", nil},
		{"definition-format: unknown fields are errors", map[string]any{"stages": []any{map[string]any{"ref_id": "a", "type": "noop", "bogus": 1}}}},
		{"semantics §1.9: no stages", map[string]any{"name": "x"}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := childDefinition(tc.cfg, "c", "p", 1, 10); err == nil {
				t.Fatal("childDefinition: want an error")
			}
		})
	}
}

func TestChildResult(t *testing.T) {
	st := model.NewStage("noop", "a", "a", nil, nil)
	st.Outputs = map[string]any{"x": 1.0}
	out := model.New("app", "child", []*model.StageExecution{st})
	out.Status = model.StatusSucceeded
	tests := []struct {
		name       string
		out        *model.Workflow
		err        error
		wantStatus model.WorkflowStatus
		wantChild  string
	}{
		{"semantics §11.1: SUCCEEDED child gives its outputs", out, nil, model.StatusSucceeded, "SUCCEEDED"},
		{"semantics §11.1: TERMINAL child is terminal", nil, temporal.NewApplicationError("x", "TERMINAL"), model.StatusTerminal, "TERMINAL"},
		{"semantics §11.1: CANCELED child is terminal", nil, temporal.NewCanceledError(), model.StatusTerminal, "CANCELED"},
		{"other failures name TERMINAL", nil, errors.New("start failed"), model.StatusTerminal, "TERMINAL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := childResult("c1", tc.out, tc.err)
			if got.Status != tc.wantStatus {
				t.Fatalf("status = %s, want %s", got.Status, tc.wantStatus)
			}
			if tc.err == nil {
				if got.Outputs[keySubWorkflowID] != "c1" || got.Outputs[keySubWorkflowStatus] != tc.wantChild {
					t.Errorf("outputs = %v", got.Outputs)
				}
				if o, _ := got.Outputs[keySubWorkflowOutputs].(map[string]any); o["x"] != 1.0 {
					t.Errorf("sub_workflow_outputs = %v, want the child's get_context()", got.Outputs[keySubWorkflowOutputs])
				}
				return
			}
			if want := "Child workflow failed with status " + tc.wantChild; got.Error != want {
				t.Errorf("error = %q, want %q", got.Error, want)
			}
			if got.Context[keySubWorkflowStatus] != tc.wantChild {
				t.Errorf("context = %v", got.Context)
			}
		})
	}
}

func TestStageRecursionBounds(t *testing.T) {
	tests := []struct {
		name           string
		ctx            map[string]any
		depth, max     int
		wantErrContain string
	}{
		{"semantics §11.1: no keys take the run's depth and bound", nil, 3, 10, ""},
		{"semantics §11.1: _recursion_depth from the stage context", map[string]any{keyRecursionDepth: 10.0}, 10, 10, ""},
		{"semantics §11.1: _max_recursion_depth from the stage context", map[string]any{keyMaxRecursionDepth: 1}, 3, 1, ""},
		{"null keys are absent", map[string]any{keyRecursionDepth: nil, keyMaxRecursionDepth: nil}, 3, 10, ""},
		{"a fraction is refused", map[string]any{keyRecursionDepth: 1.5}, 0, 0, keyRecursionDepth},
		{"a string is refused", map[string]any{keyMaxRecursionDepth: "5"}, 0, 0, keyMaxRecursionDepth},
		{"a negative depth is refused", map[string]any{keyRecursionDepth: -1.0}, 0, 0, keyRecursionDepth},
		{"a bound of 0 is refused", map[string]any{keyMaxRecursionDepth: 0.0}, 0, 0, keyMaxRecursionDepth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			depth, maxDepth, err := stageRecursionBounds(tc.ctx, 3, 10)
			if tc.wantErrContain != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrContain) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErrContain)
				}
				return
			}
			if err != nil || depth != tc.depth || maxDepth != tc.max {
				t.Fatalf("= %d, %d, %v; want %d, %d", depth, maxDepth, err, tc.depth, tc.max)
			}
		})
	}
}

func TestSubWorkflowStageDepth(t *testing.T) {
	leaf := map[string]any{"stages": []any{map[string]any{"ref_id": "leaf", "type": "noop"}}}
	t.Run("SUB-1 _recursion_depth at the default bound: TERMINAL without a child", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Definition: def(stage("deep", "sub_workflow",
			map[string]any{keySubWorkflowConfig: leaf, keyRecursionDepth: 10.0}))})
		wantTerminalWorkflow(t, wf, err)
		if e := wf.StageByRefID("deep").Context["error"]; e != "Maximum recursion depth (10) exceeded" {
			t.Errorf("context.error = %v", e)
		}
	})
	t.Run("SUB-1 _max_recursion_depth 1 reaches the child's stages: the nested sub_workflow is TERMINAL", func(t *testing.T) {
		r := newEnvRun(t)
		middle := map[string]any{"stages": []any{map[string]any{"ref_id": "middle", "type": "sub_workflow",
			"context": map[string]any{keySubWorkflowConfig: leaf}}}}
		wf, err := r.run(Input{Definition: def(stage("outer", "sub_workflow",
			map[string]any{keySubWorkflowConfig: middle, keyMaxRecursionDepth: 1.0}))})
		wantTerminalWorkflow(t, wf, err)
		s := wf.StageByRefID("outer")
		if s.Context["error"] != "Child workflow failed with status TERMINAL" {
			t.Errorf("context = %v", s.Context)
		}
	})
	t.Run("a run recorded before the change keeps the run's depth (GetVersion default)", func(t *testing.T) {
		r := newEnvRun(t)
		r.env.OnGetVersion(stageDepthChangeID, workflow.DefaultVersion, stageDepthVersion).Return(workflow.DefaultVersion)
		wf, err := r.run(Input{Definition: def(stage("deep", "sub_workflow",
			map[string]any{keySubWorkflowConfig: leaf, keyRecursionDepth: 10.0}))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		if st := wf.StageByRefID("deep").Outputs[keySubWorkflowStatus]; st != "SUCCEEDED" {
			t.Errorf("sub_workflow_status = %v, want the child run as before the change", st)
		}
	})
}
