package engine

import (
	"slices"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// stage builds a top-level stage for tests: ref, status, requisites.
func ptStage(ref string, status model.WorkflowStatus, reqs ...string) *model.StageExecution {
	return &model.StageExecution{
		ID: "id-" + ref, RefID: ref, Type: "noop", Name: ref, Status: status,
		Context: map[string]any{}, Outputs: map[string]any{}, RequisiteStageRefIDs: reqs,
		Tasks: []*model.TaskExecution{{ID: "t-" + ref, Name: "noop", ImplementingClass: "noop"}},
	}
}

// child builds a synthetic stage of parent for tests.
func ptChild(ref string, parent *model.StageExecution, owner model.SyntheticStageOwner, reqs ...string) *model.StageExecution {
	s := ptStage(ref, model.StatusNotStarted, reqs...)
	s.ParentStageID, s.SyntheticStageOwner = parent.ID, owner
	return s
}

// workflow wraps stages into a workflow for tests.
func ptWorkflow(stages ...*model.StageExecution) *model.Workflow {
	return &model.Workflow{ID: "wf", Application: "app", Name: "test", Stages: stages, Context: map[string]any{}}
}

// refs returns the ref_ids of stages, in order.
func ptRefs(stages []*model.StageExecution) []string {
	out := []string{}
	for _, s := range stages {
		out = append(out, s.RefID)
	}
	return out
}

// sortedRefs returns the members of set, sorted.
func ptSorted(set dagRefs) []string {
	out := []string{}
	for r := range set {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

func TestGraphClosures(t *testing.T) {
	// X -> F ; A -> B -> F ; B -> G (the §8.5 fan-in example, plus a tail).
	wf := ptWorkflow(
		ptStage("X", 0), ptStage("A", 0), ptStage("B", 0, "A"), ptStage("F", 0, "X", "B"), ptStage("G", 0, "B"),
	)
	tests := []struct {
		name string
		got  dagRefs
		want []string
	}{
		{"§8.5 set 3: fan-in with an outside upstream is not exclusive", dagExclusiveDown(wf, "A"), []string{"B", "G"}},
		{"§8.4: naive dagClosure follows every edge", dagNaiveDown(wf, "A"), []string{"B", "F", "G"}},
		{"§8.4: a sink has no downstream", dagNaiveDown(wf, "F"), []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ptSorted(tc.got); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSyntheticDescendants(t *testing.T) {
	p := ptStage("P", 0)
	b1 := ptChild("b1", p, model.OwnerStageBefore)
	a1 := ptChild("a1", p, model.OwnerStageAfter)
	n1 := ptChild("n1", b1, model.OwnerStageBefore) // nested, §7.5
	byRef := ptChild("r1", p, model.OwnerStageAfter)
	byRef.ParentStageID = "P" // a definition may name the parent by ref_id
	other := ptStage("Q", 0)
	wf := ptWorkflow(n1, p, b1, other, a1, byRef)
	t.Run("§7.5 nesting: descendants in definition order", func(t *testing.T) {
		if got := ptRefs(dagSynthetic(wf, p)); !slices.Equal(got, []string{"n1", "b1", "a1", "r1"}) {
			t.Fatalf("got %v", got)
		}
	})
	t.Run("§7.1 a stage without children has none", func(t *testing.T) {
		if got := dagSynthetic(wf, other); len(got) != 0 {
			t.Fatalf("got %v", ptRefs(got))
		}
	})
}

func TestIntValue(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want int
		ok   bool
	}{
		{"JSON float integral", float64(3), 3, true},
		{"JSON float fractional", 2.5, 0, false},
		{"Go int", 4, 4, true},
		{"numeric string as Python int()", "7", 7, true},
		{"non-numeric string", "x", 0, false},
		{"nil", nil, 0, false},
		{"bool", true, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := jsonInt(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Fatalf("jsonInt(%#v) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
