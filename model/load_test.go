package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// stableIDs replaces every id with one derived from its position, keeping
// parent links, so that two loads of one definition compare equal.
func stableIDs(w *Workflow) *Workflow {
	w = w.Clone()
	w.ID = "wf"
	newIDs := map[string]string{}
	for i, s := range w.Stages {
		newIDs[s.ID] = fmt.Sprintf("s%d", i)
		s.ID = newIDs[s.ID]
		for j, t := range s.Tasks {
			t.ID = fmt.Sprintf("s%dt%d", i, j)
		}
	}
	for _, s := range w.Stages {
		if id, ok := newIDs[s.ParentStageID]; ok {
			s.ParentStageID = id
		}
	}
	return w
}

func exampleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../examples/*.yaml")
	if err != nil || len(files) < 9 {
		t.Fatalf("want at least 9 examples, found %d (%v)", len(files), err)
	}
	return files
}

func TestExamplesLoadAndValidate(t *testing.T) {
	for _, file := range exampleFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			w, warnings, err := LoadAndValidate(file, data, ValidateOptions{KnownTask: builtinTasks})
			if err != nil {
				t.Fatalf("example does not validate:\n%v", err)
			}
			if len(warnings) > 0 {
				t.Errorf("warnings: %v", warnings)
			}
			for _, s := range w.Stages {
				if n, ok := s.Context["waitTime"].(float64); ok && n > 2 {
					t.Errorf("stage %s waits %vs; examples keep waitTime <= 2", s.RefID, n)
				}
			}
		})
	}
}

func TestHelloIsFourStages(t *testing.T) {
	w, err := LoadFile("../examples/hello.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Stages) != 4 {
		t.Fatalf("hello has %d stages, want 4", len(w.Stages))
	}
	for _, s := range w.Stages {
		if k := s.Tasks[0].ImplementingClass; k != TaskNoop && k != TaskWait && k != TaskShell {
			t.Errorf("hello uses %s; it must need nothing external", k)
		}
	}
}

// TestJSONEqualsYAML: the same definition in JSON and YAML loads to equal
// models (definition-format.md: "JSON or YAML").
func TestJSONEqualsYAML(t *testing.T) {
	for _, file := range exampleFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fromYAML, err := Load(file, data)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := parseYAML(data)
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			fromJSON, err := Load(strings.TrimSuffix(file, ".yaml")+".json", js)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := stableIDs(fromYAML), stableIDs(fromJSON); !reflect.DeepEqual(a, b) {
				t.Fatalf("YAML and JSON differ:\n%s\n%s", mustJSON(t, a), mustJSON(t, b))
			}
		})
	}
}

// TestRoundTripExamples: model -> JSON -> model is lossless, through Load
// and through encoding/json.
func TestRoundTripExamples(t *testing.T) {
	for _, file := range exampleFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			w, err := LoadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, w, true)
		})
	}
}

func assertRoundTrip(t *testing.T, w *Workflow, viaLoad bool) {
	t.Helper()
	js := mustJSON(t, w)
	var back Workflow
	if err := json.Unmarshal([]byte(js), &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w, &back) {
		t.Fatalf("json round trip differs:\n%s\n%s", js, mustJSON(t, &back))
	}
	if !viaLoad {
		return
	}
	loaded, err := Load("roundtrip.json", []byte(js))
	if err != nil {
		t.Fatalf("Load of the marshaled model: %v", err)
	}
	if !reflect.DeepEqual(w, loaded) {
		t.Fatalf("Load round trip differs:\n%s\n%s", js, mustJSON(t, loaded))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadDefaults(t *testing.T) {
	src := `
application: demo
name: defaults
stages:
  - {ref_id: build, type: shell}
  - ref_id: deploy
    type: custom
    parent_stage_id: build
    synthetic_stage_owner: STAGE_AFTER
    mi_config: {count: 2}
    tasks:
      - {implementing_class: noop, stage_end: true}
      - {implementing_class: shell, name: run, stage_start: true}
      - {implementing_class: noop}
`
	w, err := Load("defaults.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	build, deploy := w.Stages[0], w.Stages[1]
	checks := []struct {
		name string
		ok   bool
	}{
		{"workflow id is a ULID", len(w.ID) == 26},
		{"type PIPELINE", w.Type == WorkflowTypePipeline},
		{"trigger manual/anonymous", w.Trigger.Type == "manual" && w.Trigger.User == "anonymous"},
		{"origin unknown", w.Origin == "unknown"},
		{"status NOT_STARTED", w.Status == StatusNotStarted && build.Status == StatusNotStarted},
		{"context non-nil", w.Context != nil && build.Context != nil && build.Outputs != nil},
		{"stage id", len(build.ID) == 26 && build.ID != deploy.ID},
		{"stage name = ref_id", build.Name == "build"},
		{"default task from type", len(build.Tasks) == 1 && build.Tasks[0].ImplementingClass == "shell" && build.Tasks[0].Name == "shell"},
		{"task id", len(build.Tasks[0].ID) == 26},
		{"single task is start and end", build.Tasks[0].StageStart && build.Tasks[0].StageEnd},
		{"§3.1 flags derived from order", deploy.Tasks[0].StageStart && !deploy.Tasks[0].StageEnd &&
			!deploy.Tasks[1].StageStart && !deploy.Tasks[1].StageEnd && deploy.Tasks[2].StageEnd},
		{"task name kept", deploy.Tasks[1].Name == "run"},
		{"requisites non-nil", build.RequisiteStageRefIDs != nil},
		{"parent ref_id normalised to id", deploy.ParentStageID == build.ID},
		{"sync_on_complete defaults to true", deploy.MIConfig.SyncOnComplete},
	}
	for _, c := range checks {
		t.Run("definition-format.md "+c.name, func(t *testing.T) {
			if !c.ok {
				t.Fatalf("default not applied:\n%s", mustJSON(t, w))
			}
		})
	}
	t.Run("sync_on_complete false is kept", func(t *testing.T) {
		w, err := Load("x.json", []byte(`{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","mi_config":{"count":1,"sync_on_complete":false}}]}`))
		if err != nil || w.Stages[0].MIConfig.SyncOnComplete {
			t.Fatalf("err=%v", err)
		}
	})
	t.Run("ApplyDefaults is idempotent", func(t *testing.T) {
		c := w.Clone()
		c.ApplyDefaults()
		if !reflect.DeepEqual(c, w) {
			t.Fatal("second ApplyDefaults changed the model")
		}
	})
}

func TestLoadFormats(t *testing.T) {
	yamlDef := "application: a\nname: n\nstages: [{ref_id: a, type: noop, context: {n: 1, l: [1, 2.5, true, null]}}]\n"
	jsonDef := `{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","context":{"n":1,"l":[1,2.5,true,null]}}]}`
	tests := []struct {
		name, file, src string
		want            Format
	}{
		{"extension .yaml", "x.yaml", yamlDef, FormatYAML},
		{"extension .yml", "x.yml", yamlDef, FormatYAML},
		{"extension .json", "x.json", jsonDef, FormatJSON},
		{"stdin sniffed as JSON", "-", "\n  " + jsonDef, FormatJSON},
		{"stdin sniffed as YAML", "-", yamlDef, FormatYAML},
	}
	var first *Workflow
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectFormat(tc.file, []byte(tc.src)); got != tc.want {
				t.Fatalf("DetectFormat = %v, want %v", got, tc.want)
			}
			w, err := Load(tc.file, []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			w = stableIDs(w)
			if first == nil {
				first = w
			} else if !reflect.DeepEqual(w, first) {
				t.Fatalf("loads differ:\n%s\n%s", mustJSON(t, w), mustJSON(t, first))
			}
			if _, ok := w.Stages[0].Context["n"].(float64); !ok {
				t.Fatalf("numbers must load as float64, got %T", w.Stages[0].Context["n"])
			}
		})
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct {
		name, file, src, want string
		kind                  error
	}{
		{"JSON syntax names line and column", "x.json", "{\"application\": \"a\",\n \"name\": }", "x.json: syntax error: JSON line 2 column 10", ErrSyntax},
		{"trailing JSON data", "x.json", `{"application":"a"} {}`, "unexpected data after the top-level value", ErrSyntax},
		{"two YAML documents", "x.yaml", "a: 1\n---\nb: 2\n", "expected a single document", ErrSyntax},
		{"duplicate YAML key", "x.yaml", "name: a\nname: b\n", "duplicate key \"name\"", ErrSyntax},
		{"top level not an object", "x.yaml", "- a\n- b\n", "expected a workflow object (got [\"a\",\"b\"])", ErrType},
		{"empty document", "x.yaml", "", "empty document", ErrSyntax},
		{"non-JSON YAML value", "x.yaml", "application: .nan\n", "has no JSON form", ErrSyntax},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(tc.file, []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want it to contain %q and wrap %v", err, tc.want, tc.kind)
			}
		})
	}
}

func TestValidateWarnings(t *testing.T) {
	src := `
application: a
name: n
stages:
  - {ref_id: a, type: noop, split_conditions: {b: "true"}, context: {stageEnabled: "false"}}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a], join_type: N_OF_M}
  - {ref_id: c, type: noop, join_threshold: 2, mi_config: {count: 2, cancel_remaining: true}}
  - {ref_id: r, type: router}
`
	_, warnings, err := LoadAndValidate("w.yaml", []byte(src), ValidateOptions{})
	if err == nil || !strings.Contains(err.Error(), "w.yaml: stages[3].context.routes: required field is missing") {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"w.yaml: stages[0].split_conditions: split_conditions are ignored: split_type is AND, not OR",
		"w.yaml: stages[0].context.stageEnabled: a string leaves the stage enabled: expected a boolean or {type: expression, expression: ...}",
		"w.yaml: stages[1].join_threshold: join_threshold 0 makes N_OF_M wait for every upstream stage, like AND",
		"w.yaml: stages[2].join_threshold: join_threshold 2 is ignored: join_type is AND, not N_OF_M",
		"w.yaml: stages[2].mi_config.cancel_remaining: has no effect without join_threshold",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Fatalf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}
