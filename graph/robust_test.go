package graph

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// TestRenderBrokenDefinitions renders workflows that Validate would
// reject: the graph command may be pointed at them, and a running
// workflow's view is never validated again, so Render must draw what it
// can instead of panicking or looping.
func TestRenderBrokenDefinitions(t *testing.T) {
	stage := func(ref string, reqs ...string) *model.StageExecution {
		s := model.NewStage("noop", ref, ref, nil, reqs)
		s.ID = "id-" + ref
		return s
	}
	tests := []struct {
		name   string
		stages func() []*model.StageExecution
	}{
		{name: "nil stage", stages: func() []*model.StageExecution { return []*model.StageExecution{stage("a"), nil, stage("b", "a")} }},
		{name: "requisite cycle (validate_graph: cycle)", stages: func() []*model.StageExecution {
			return []*model.StageExecution{stage("a", "c"), stage("b", "a"), stage("c", "b")}
		}},
		{name: "self requisite and unknown requisite", stages: func() []*model.StageExecution {
			return []*model.StageExecution{stage("a", "a", "ghost"), stage("b", "a", "a")}
		}},
		{name: "duplicate ref_id", stages: func() []*model.StageExecution {
			b := stage("a")
			b.ID = "id-a2"
			return []*model.StageExecution{stage("a"), b, stage("c", "a")}
		}},
		{name: "parent cycle", stages: func() []*model.StageExecution {
			a, b := stage("a"), stage("b")
			a.ParentStageID, a.SyntheticStageOwner = b.ID, model.OwnerStageBefore
			b.ParentStageID, b.SyntheticStageOwner = a.ID, model.OwnerStageAfter
			return []*model.StageExecution{a, b, stage("c", "a")}
		}},
		{name: "own parent and unknown parent", stages: func() []*model.StageExecution {
			a, b := stage("a"), stage("b")
			a.ParentStageID = a.ID
			b.ParentStageID = "nobody"
			return []*model.StageExecution{a, b}
		}},
		{name: "milestone on itself, unknown milestone, malformed routes", stages: func() []*model.StageExecution {
			a, b := stage("a"), stage("b", "a")
			a.MilestoneRefID, a.MilestoneStatus = "a", "RUNNING"
			b.MilestoneRefID = "ghost"
			b.Context["routes"] = []any{"x", map[string]any{"jump_to": 3}, map[string]any{"jump_to": "ghost"}, map[string]any{"jump_to": "a"}}
			return []*model.StageExecution{a, b}
		}},
		{name: "out-of-range status", stages: func() []*model.StageExecution {
			a := stage("a")
			a.Status = model.WorkflowStatus(99)
			return []*model.StageExecution{a}
		}},
	}
	for _, tc := range tests {
		for _, f := range Formats() {
			t.Run(tc.name+"/"+string(f), func(t *testing.T) {
				stages := tc.stages()
				wf := model.New("broken", "wf", stages)
				var buf bytes.Buffer
				if err := Render(&buf, wf, f); err != nil {
					t.Fatalf("Render: %v", err)
				}
				for _, s := range stages {
					if s != nil && !strings.Contains(buf.String(), s.RefID) {
						t.Errorf("stage %s not drawn", s.RefID)
					}
				}
			})
		}
	}
}

// TestRenderEmptyWorkflow draws a workflow without stages.
func TestRenderEmptyWorkflow(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, model.New("a", "b", nil), f); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(buf.String(), "a / b") {
				t.Errorf("no title in %s", buf.String())
			}
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

var errWrite = errors.New("disk full")

// TestRenderWriteError reports the writer's error, wrapped.
func TestRenderWriteError(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			err := Render(failingWriter{}, load(t, "../examples/hello.yaml"), f)
			if !errors.Is(err, errWrite) || !strings.Contains(err.Error(), "render graph as "+string(f)) {
				t.Errorf("err = %v", err)
			}
		})
	}
}
