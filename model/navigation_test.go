package model

import (
	"errors"
	"reflect"
	"testing"
)

func refs(stages []*StageExecution) []string {
	out := []string{}
	for _, s := range stages {
		out = append(out, s.RefID)
	}
	return out
}

func diamond() (*Workflow, map[string]*StageExecution) {
	m := map[string]*StageExecution{
		"a": NewStage("noop", "a", "a", nil, nil),
		"b": NewStage("noop", "b", "b", nil, []string{"a"}),
		"c": NewStage("noop", "c", "c", nil, []string{"a"}),
		"d": NewStage("noop", "d", "d", nil, []string{"c", "b"}),
		"x": NewStage("noop", "x", "x", nil, nil),
	}
	w := New("app", "diamond", []*StageExecution{m["a"], m["b"], m["c"], m["d"], m["x"]})
	m["pre"] = NewSyntheticStage("noop", "pre", m["b"], OwnerStageBefore, nil)
	m["post1"] = NewSyntheticStage("noop", "post1", m["b"], OwnerStageAfter, nil)
	m["post2"] = NewSyntheticStage("noop", "post2", m["b"], OwnerStageAfter, nil)
	m["post2"].RequisiteStageRefIDs = []string{m["post1"].RefID}
	for _, k := range []string{"pre", "post1", "post2"} {
		w.AddStage(m[k])
	}
	return w, m
}

func TestNavigation(t *testing.T) {
	w, m := diamond()
	t.Run("seed initial_stages: top-level without requisites", func(t *testing.T) {
		if got := refs(w.InitialStages()); !reflect.DeepEqual(got, []string{"a", "x"}) {
			t.Fatalf("InitialStages = %v", got)
		}
	})
	t.Run("seed top_level_stages excludes synthetic", func(t *testing.T) {
		if got := refs(w.TopLevelStages()); !reflect.DeepEqual(got, []string{"a", "b", "c", "d", "x"}) {
			t.Fatalf("TopLevelStages = %v", got)
		}
	})
	t.Run("§7.2 before and after stages in definition order", func(t *testing.T) {
		if got := w.BeforeStages(m["b"]); len(got) != 1 || got[0] != m["pre"] {
			t.Fatalf("BeforeStages = %v", refs(got))
		}
		if got := w.AfterStages(m["b"]); len(got) != 2 || got[0] != m["post1"] || got[1] != m["post2"] {
			t.Fatalf("AfterStages = %v", refs(got))
		}
		if w.Parent(m["post1"]) != m["b"] || w.Parent(m["b"]) != nil {
			t.Fatal("Parent")
		}
	})
	t.Run("downstream of a top-level stage", func(t *testing.T) {
		if got := refs(w.Downstream("a")); !reflect.DeepEqual(got, []string{"b", "c"}) {
			t.Fatalf("Downstream(a) = %v", got)
		}
	})
	t.Run("downstream of a synthetic sibling", func(t *testing.T) {
		if got := w.Downstream(m["post1"].RefID); len(got) != 1 || got[0] != m["post2"] {
			t.Fatalf("Downstream(post1) = %v", refs(got))
		}
	})
	t.Run("§4.2 upstream in definition order, ancestors topological", func(t *testing.T) {
		if got := refs(w.Upstream(m["d"])); !reflect.DeepEqual(got, []string{"b", "c"}) {
			t.Fatalf("Upstream(d) = %v", got)
		}
		if got := refs(w.Ancestors(m["d"])); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
			t.Fatalf("Ancestors(d) = %v", got)
		}
		if got := w.Ancestors(m["pre"]); len(got) != 0 {
			t.Fatalf("§4.7 a synthetic stage does not inherit its parent's ancestors: %v", refs(got))
		}
	})
	t.Run("lookup", func(t *testing.T) {
		if s, err := w.StageByID(m["c"].ID); err != nil || s != m["c"] {
			t.Fatalf("StageByID = %v, %v", s, err)
		}
		if _, err := w.StageByID("nope"); !errors.Is(err, ErrStageNotFound) {
			t.Fatalf("StageByID(missing) error = %v", err)
		}
		if w.StageByRefID("d") != m["d"] || w.StageByRefID("zz") != nil {
			t.Fatal("StageByRefID")
		}
	})
	t.Run("remove", func(t *testing.T) {
		if !w.RemoveStage(m["x"].ID) || w.RemoveStage(m["x"].ID) || w.StageByRefID("x") != nil {
			t.Fatal("RemoveStage")
		}
	})
	t.Run("§4.2 planning context", func(t *testing.T) {
		m["a"].Outputs = map[string]any{"v": "a", "l": []any{"a"}}
		m["b"].Outputs = map[string]any{"v": "b", "l": []any{"b"}, "n": 1.0}
		m["c"].Outputs = map[string]any{"v": "c", "n": 2.0}
		m["d"].OutputReducers = map[string]string{"n": "sum"}
		m["d"].Context = map[string]any{"own": true}
		got, err := w.PlanningContext(m["d"])
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"v": "c", "l": []any{"a", "b"}, "n": 3.0, "own": true}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("PlanningContext = %#v, want %#v", got, want)
		}
	})
}

func TestWorkflowControl(t *testing.T) {
	w := NewOrchestration("app", "o", nil)
	if w.Type != WorkflowTypeOrchestration || w.Trigger.User != "anonymous" || w.Origin != "unknown" || w.ID == "" {
		t.Fatalf("NewOrchestration defaults: %+v", w)
	}
	w.UpdateStatus(StatusRunning)
	w.Cancel("", "")
	if w.Status != StatusRunning || !w.IsCanceled || w.CanceledBy != "unknown" {
		t.Fatalf("§10.6 Cancel: %+v", w)
	}
	pause := int64(1000)
	w.Paused = &PausedDetails{PausedBy: "u", PauseTime: &pause, PausedMs: 50}
	if got := w.PausedDurationRelativeTo(999); got != 50 {
		t.Fatalf("PausedDurationRelativeTo(before pause) = %d", got)
	}
	if got := w.PausedDurationRelativeTo(1000); got != 0 {
		t.Fatalf("PausedDurationRelativeTo(after pause) = %d", got)
	}
}

func TestCloneIsDeep(t *testing.T) {
	w, m := diamond()
	start := int64(5)
	m["a"].StartTime = &start
	m["a"].Context = map[string]any{"nested": map[string]any{"l": []any{1.0}}}
	m["a"].MIConfig = &MultiInstanceConfig{Count: 2, SyncOnComplete: true}
	m["a"].Tasks = []*TaskExecution{NewTask("t", "noop")}
	w.Trigger.Parameters = map[string]any{"p": []any{"x"}}
	c := w.Clone()
	if !reflect.DeepEqual(c, w) {
		t.Fatal("clone differs from the original")
	}
	ca := c.StageByRefID("a")
	*ca.StartTime = 9
	ca.Context["nested"].(map[string]any)["l"].([]any)[0] = 2.0
	ca.MIConfig.Count = 7
	ca.Tasks[0].Status = StatusRunning
	ca.RequisiteStageRefIDs = append(ca.RequisiteStageRefIDs, "zz")
	c.Trigger.Parameters["p"].([]any)[0] = "y"
	if *m["a"].StartTime != 5 || m["a"].Context["nested"].(map[string]any)["l"].([]any)[0] != 1.0 ||
		m["a"].MIConfig.Count != 2 || m["a"].Tasks[0].Status != StatusNotStarted ||
		len(m["a"].RequisiteStageRefIDs) != 0 || w.Trigger.Parameters["p"].([]any)[0] != "x" {
		t.Fatal("changing the clone changed the original")
	}
	if snap := m["a"].StateSnapshot(); snap == m["a"] || !reflect.DeepEqual(snap, m["a"]) {
		t.Fatal("StateSnapshot must be an equal copy")
	}
}
