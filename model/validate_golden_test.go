package model

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/invalid")

// builtinTasks accepts the built-in task names of definition-format.md.
func builtinTasks(name string) bool {
	return slices.Contains([]string{TaskNoop, TaskWait, TaskFail, TaskShell, TaskHTTP, TaskApproval, TaskRouter, TaskSubWorkflow}, name)
}

// TestInvalidGolden loads each testdata/invalid/*.yaml and compares its
// problems (and warnings) with the .golden file beside it.
func TestInvalidGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no invalid definitions found: %v", err)
	}
	// kinds pins the error kind each file must carry (errors.Is).
	kinds := map[string]error{
		"duplicate_ref": ErrDuplicate, "self_edge": ErrSelfEdge, "unknown_ref": ErrUnknownRef,
		"cycle": ErrCycle, "synthetic": ErrUnknownRef, "join_threshold": ErrInvalid,
		"split_condition": ErrUnknownRef, "milestone": ErrInvalid, "mi_config": ErrInvalid,
		"expression": ErrExpression, "reducer": ErrUnknownReducer, "flags": ErrType,
		"continue_pipeline": ErrUnknownField, "unknown_task": ErrUnknownTask, "empty_stages": ErrRequired,
		"unknown_field": ErrUnknownField, "wrong_type": ErrType, "runtime_field": ErrRuntimeField,
		"syntax": ErrSyntax, "three_problems": ErrSelfEdge, "max_jumps": ErrInvalid, "sub_workflow": ErrUnknownRef, "task_keys": ErrInvalid,
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			w, warnings, err := LoadAndValidate(filepath.ToSlash(file), data, ValidateOptions{KnownTask: builtinTasks})
			if err == nil || w != nil {
				t.Fatalf("LoadAndValidate accepted an invalid definition")
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("error is %T, want *ValidationError", err)
			}
			if lines := strings.Split(err.Error(), "\n"); len(lines) != len(verr.Problems) {
				t.Fatalf("%d lines for %d problems", len(lines), len(verr.Problems))
			}
			for _, p := range verr.Problems {
				if !strings.HasPrefix(p.Error(), filepath.ToSlash(file)+": ") {
					t.Errorf("problem does not name the file: %s", p)
				}
			}
			if want, ok := kinds[name]; !ok {
				t.Errorf("no expected kind for %s", name)
			} else if !errors.Is(err, want) {
				t.Errorf("errors.Is(err, %v) = false", want)
			}
			got := err.Error() + "\n"
			for _, w := range warnings {
				got += "warning: " + w + "\n"
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("problems differ from %s:\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

func TestThreeProblemsReportsThree(t *testing.T) {
	data, err := os.ReadFile("testdata/invalid/three_problems.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = LoadAndValidate("three_problems.yaml", data, ValidateOptions{})
	var verr *ValidationError
	if !errors.As(err, &verr) || len(verr.Problems) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	wantPaths := []string{"stages[0].requisite_stage_ref_ids[0]", "stages[1].join_threshold", "stages[2].output_reducers.x"}
	var paths []string
	for _, p := range verr.Problems {
		paths = append(paths, p.Path)
	}
	slices.Sort(paths)
	if !slices.Equal(paths, wantPaths) {
		t.Fatalf("paths = %v, want %v", paths, wantPaths)
	}
}

func TestSizeLimits(t *testing.T) {
	t.Run("over MaxDefinitionSize is an error", func(t *testing.T) {
		data := []byte("application: a\nname: n\n#" + strings.Repeat("x", MaxDefinitionSize) + "\n")
		_, err := Load("big.yaml", data)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
	t.Run("over WarnDefinitionSize is a warning", func(t *testing.T) {
		big := strings.Repeat("x", WarnDefinitionSize)
		data := []byte("application: a\nname: n\nstages:\n  - {ref_id: a, type: noop, context: {blob: " + big + "}}\n")
		_, warnings, err := LoadAndValidate("big.yaml", data, ValidateOptions{})
		if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], "bytes as JSON") {
			t.Fatalf("err = %v, warnings = %v", err, warnings)
		}
	})
}
