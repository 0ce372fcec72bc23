package interpreter

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

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
