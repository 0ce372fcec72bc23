package model

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Tests named after the rule ids of the §12 checklist of
// docs/stabilize-semantics.md: MODEL-1, MODEL-2 and DATA-5.

func TestRuleModelDefaults(t *testing.T) {
	t.Run("MODEL-1 workflow, trigger, stage and task defaults (§1.3-1.7)", func(t *testing.T) {
		w, err := Load("min.yaml", []byte(`
application: app
name: p
stages:
  - ref_id: a
    type: noop
  - ref_id: b
    type: wait
    requisite_stage_ref_ids: [a]
    context: {waitTime: 1}
`))
		if err != nil {
			t.Fatal(err)
		}
		if w.ID == "" || w.Type != WorkflowTypePipeline || w.Status != StatusNotStarted {
			t.Errorf("workflow id=%q type=%v status=%v", w.ID, w.Type, w.Status)
		}
		if w.Context == nil || len(w.Context) != 0 {
			t.Errorf("workflow context = %#v, want {}", w.Context)
		}
		if w.Trigger.Type != "manual" || w.Trigger.User != "anonymous" {
			t.Errorf("trigger = %+v, want manual/anonymous", w.Trigger)
		}
		if w.Origin != "unknown" {
			t.Errorf("origin = %q, want unknown", w.Origin)
		}
		if w.StartTime != nil || w.EndTime != nil || w.StartTimeExpiry != nil || w.IsCanceled ||
			w.Paused != nil || w.IsLimitConcurrent || w.MaxConcurrentExecutions != 0 || w.KeepWaitingPipelines {
			t.Errorf("runtime/queue fields not at their defaults: %+v", w)
		}
		if len(w.Stages) != 2 {
			t.Fatalf("%d stages", len(w.Stages))
		}
		ids := map[string]bool{}
		for _, s := range w.Stages {
			if s.ID == "" || ids[s.ID] {
				t.Errorf("stage %s: id %q not a fresh id", s.RefID, s.ID)
			}
			ids[s.ID] = true
			if s.Name != s.RefID {
				t.Errorf("stage %s: name %q, want its ref_id", s.RefID, s.Name)
			}
			if s.Status != StatusNotStarted || s.JoinType != JoinAnd || s.JoinThreshold != 0 ||
				s.SplitType != SplitAnd || s.ParentStageID != "" || s.MIConfig != nil ||
				s.StartTime != nil || s.EndTime != nil || s.Version != 0 {
				t.Errorf("stage %s: defaults not applied: %+v", s.RefID, s)
			}
			if s.Outputs == nil || len(s.Outputs) != 0 {
				t.Errorf("stage %s: outputs %#v, want {}", s.RefID, s.Outputs)
			}
			if s.RequisiteStageRefIDs == nil {
				t.Errorf("stage %s: requisites nil, want empty", s.RefID)
			}
			// A stage without tasks gets one task named after its type,
			// which both starts and ends the stage (§1.7, §3.1).
			if len(s.Tasks) != 1 {
				t.Fatalf("stage %s: %d tasks", s.RefID, len(s.Tasks))
			}
			task := s.Tasks[0]
			if task.ImplementingClass != s.Type || task.Name != s.Type || task.ID == "" ||
				task.Status != StatusNotStarted || !task.StageStart || !task.StageEnd ||
				task.LoopStart || task.LoopEnd || len(task.TaskExceptionDetails) != 0 {
				t.Errorf("stage %s: task %+v", s.RefID, task)
			}
		}
	})
	t.Run("MODEL-1 stage_start on the first task only, stage_end on the last only", func(t *testing.T) {
		w, err := Load("tasks.yaml", []byte(`
application: app
name: p
stages:
  - ref_id: a
    type: noop
    tasks:
      - implementing_class: noop
      - implementing_class: noop
      - implementing_class: noop
`))
		if err != nil {
			t.Fatal(err)
		}
		ts := w.Stages[0].Tasks
		for i, task := range ts {
			if task.StageStart != (i == 0) || task.StageEnd != (i == len(ts)-1) {
				t.Errorf("task %d: stage_start=%v stage_end=%v", i, task.StageStart, task.StageEnd)
			}
		}
	})
	t.Run("MODEL-1 join_threshold defaults to 0 and mi_config.sync_on_complete to true (§1.6, §1.8)", func(t *testing.T) {
		w, err := Load("mi.yaml", []byte(`
application: app
name: p
stages:
  - ref_id: a
    type: noop
    join_type: N_OF_M
    mi_config: {count: 2}
`))
		if err != nil {
			t.Fatal(err)
		}
		s := w.Stages[0]
		if s.JoinThreshold != 0 {
			t.Errorf("join_threshold = %d, want 0", s.JoinThreshold)
		}
		if s.MIConfig == nil {
			t.Fatal("mi_config not loaded")
		}
		want := MultiInstanceConfig{Count: 2, SyncOnComplete: true}
		if *s.MIConfig != want {
			t.Errorf("mi_config = %+v, want %+v", *s.MIConfig, want)
		}
	})
}

func TestRuleSubmitValidation(t *testing.T) {
	// §1.9: each failure is a distinct error kind, naming what is wrong.
	tests := []struct {
		name     string
		def      string
		kind     error
		contains []string
	}{
		{
			name: "MODEL-2 duplicate ref_id is rejected",
			def: `
stages:
  - {ref_id: a, type: noop}
  - {ref_id: a, type: noop}
`,
			kind: ErrDuplicate, contains: []string{"stages[1].ref_id"},
		},
		{
			name: "MODEL-2 self-edge is rejected",
			def: `
stages:
  - {ref_id: a, type: noop, requisite_stage_ref_ids: [a]}
`,
			kind: ErrSelfEdge, contains: []string{"stages[0].requisite_stage_ref_ids"},
		},
		{
			name: "MODEL-2 unknown requisite ref is rejected, naming the typo",
			def: `
stages:
  - {ref_id: build, type: noop}
  - {ref_id: deploy, type: noop, requisite_stage_ref_ids: [biuld]}
`,
			kind: ErrUnknownRef, contains: []string{"biuld", "stages[1].requisite_stage_ref_ids[0]"},
		},
		{
			name: "MODEL-2 cycle is rejected, naming its members",
			def: `
stages:
  - {ref_id: start, type: noop}
  - {ref_id: x, type: noop, requisite_stage_ref_ids: [start, z]}
  - {ref_id: y, type: noop, requisite_stage_ref_ids: [x]}
  - {ref_id: z, type: noop, requisite_stage_ref_ids: [y]}
`,
			kind: ErrCycle, contains: []string{"x", "y", "z", "->"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			def := "application: app\nname: p\n" + strings.TrimPrefix(tc.def, "\n")
			_, _, err := LoadAndValidate("bad.yaml", []byte(def), ValidateOptions{KnownTask: builtinTasks})
			if err == nil {
				t.Fatal("definition accepted")
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("err %v does not wrap %v", err, tc.kind)
			}
			for _, other := range []error{ErrDuplicate, ErrSelfEdge, ErrUnknownRef, ErrCycle} {
				if other != tc.kind && errors.Is(err, other) {
					t.Errorf("err %v also wraps %v; each failure must be distinct", err, other)
				}
			}
			for _, s := range tc.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("err %q does not mention %q", err, s)
				}
			}
		})
	}
	t.Run("MODEL-2 Validate rejects a cycle in a model built in Go", func(t *testing.T) {
		a := NewStage("noop", "a", "a", nil, []string{"b"})
		b := NewStage("noop", "b", "b", nil, []string{"a"})
		w := New("app", "p", []*StageExecution{a, b})
		_, err := Validate(w, "go", ValidateOptions{KnownTask: builtinTasks})
		if !errors.Is(err, ErrCycle) {
			t.Fatalf("err = %v, want ErrCycle", err)
		}
	})
	t.Run("MODEL-2 a valid diamond passes", func(t *testing.T) {
		def := `application: app
name: p
stages:
  - {ref_id: a, type: noop}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a]}
  - {ref_id: c, type: noop, requisite_stage_ref_ids: [a]}
  - {ref_id: d, type: noop, requisite_stage_ref_ids: [b, c]}
`
		if _, _, err := LoadAndValidate("ok.yaml", []byte(def), ValidateOptions{KnownTask: builtinTasks}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRuleGetContext(t *testing.T) {
	t.Run("DATA-5 GetContext folds top-level outputs only; synthetic and workflow context excluded", func(t *testing.T) {
		a := NewStage("noop", "a", "a", nil, nil)
		b := NewStage("noop", "b", "b", nil, []string{"a"})
		a.Outputs = map[string]any{"k": "a", "onlyA": 1.0}
		b.Outputs = map[string]any{"k": "b"}
		before := NewSyntheticStage("noop", "pre", b, OwnerStageBefore, nil)
		before.Outputs = map[string]any{"k": "before", "synthOnly": true}
		after := NewSyntheticStage("noop", "post", a, OwnerStageAfter, nil)
		after.Outputs = map[string]any{"k": "after", "synthOnly": true}
		w := New("app", "p", []*StageExecution{after, b, before, a})
		w.Context = map[string]any{"workflowOnly": 1.0}
		want := map[string]any{"k": "b", "onlyA": 1.0}
		if got := w.GetContext(); !reflect.DeepEqual(got, want) {
			t.Fatalf("GetContext = %#v, want %#v", got, want)
		}
	})
	t.Run("DATA-5 GetContext of a workflow with only synthetic outputs is empty", func(t *testing.T) {
		a := NewStage("noop", "a", "a", nil, nil)
		syn := NewSyntheticStage("noop", "s", a, OwnerStageAfter, nil)
		syn.Outputs = map[string]any{"x": 1.0}
		w := New("app", "p", []*StageExecution{a, syn})
		if got := w.GetContext(); len(got) != 0 {
			t.Fatalf("GetContext = %#v, want empty", got)
		}
	})
}
