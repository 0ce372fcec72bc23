package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model/expr"
)

func TestFieldErrorFormat(t *testing.T) {
	tests := []struct {
		name string
		err  *FieldError
		want string
	}{
		{"style.md §3: file, path, message and value",
			&FieldError{File: "f.yaml", Path: "stages[3].join_type", Value: "XOR", Err: ErrInvalid},
			`f.yaml: stages[3].join_type: invalid value (got "XOR")`},
		{"no value", &FieldError{File: "f.yaml", Path: "name", Err: ErrRequired}, "f.yaml: name: required field is missing"},
		{"no file and no path", &FieldError{Err: ErrSyntax}, "syntax error"},
		{"long values are shortened", &FieldError{Path: "p", Value: strings.Repeat("x", 200), Err: ErrType},
			`p: wrong type (got "` + strings.Repeat("x", 76) + `...)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Fatalf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJoinPath(t *testing.T) {
	for _, tc := range []struct{ base, key, want string }{
		{"", "stages", "stages"},
		{"stages[0]", "context", "stages[0].context"},
		{"stages[0].context", "a b", `stages[0].context["a b"]`},
		{"x", "9lives", `x["9lives"]`},
	} {
		if got := joinPath(tc.base, tc.key); got != tc.want {
			t.Errorf("joinPath(%q, %q) = %q, want %q", tc.base, tc.key, got, tc.want)
		}
	}
}

func TestExpressionErrorUnwraps(t *testing.T) {
	src := "application: a\nname: n\nstages:\n  - {ref_id: a, type: noop, context: {stageEnabled: {type: expression, expression: \"x ==\"}}}\n"
	_, _, err := LoadAndValidate("e.yaml", []byte(src), ValidateOptions{})
	var ee *expr.Error
	if !errors.As(err, &ee) || ee.Expr != "x ==" || ee.Pos != 4 {
		t.Fatalf("§11.2: want an *expr.Error with expression and position, got %v", err)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "stages[0].context.stageEnabled.expression" {
		t.Fatalf("want the FieldError path, got %v", err)
	}
}

func TestValidateMoreWarnings(t *testing.T) {
	src := `
application: a
name: n
stages:
  - {ref_id: a, type: noop, deferred_choice_group: alone}
  - {ref_id: r, type: router, context: {routes: [{when: true, jump_to: nowhere}]}}
`
	_, warnings, err := LoadAndValidate("w.yaml", []byte(src), ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`w.yaml: stages[1].context.routes[0].jump_to: no stage has ref_id "nowhere": taking this route makes the router stage TERMINAL`,
		`w.yaml: stages[0].deferred_choice_group: group "alone" has one member: a deferred choice needs at least two`,
	}
	if strings.Join(warnings, "\n") != strings.Join(want, "\n") {
		t.Fatalf("warnings:\n%s\nwant:\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
}

func TestLoadFile(t *testing.T) {
	t.Run("missing file", func(t *testing.T) {
		if _, err := LoadFile(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("stdin is sniffed", func(t *testing.T) {
		f, err := os.CreateTemp(t.TempDir(), "stdin")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString(`{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop"}]}`); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Seek(0, 0); err != nil {
			t.Fatal(err)
		}
		old := os.Stdin
		os.Stdin = f
		defer func() { os.Stdin = old }()
		w, err := LoadFile("-")
		if err != nil || w.Stages[0].RefID != "a" {
			t.Fatalf("LoadFile(-) = %v, %v", w, err)
		}
	})
}

func TestValidateNil(t *testing.T) {
	if _, err := Validate(nil, "x", ValidateOptions{}); !errors.Is(err, ErrRequired) {
		t.Fatalf("err = %v", err)
	}
	w := New("a", "n", []*StageExecution{nil})
	if _, err := Validate(w, "x", ValidateOptions{}); err == nil || !strings.Contains(err.Error(), "stages[0]") {
		t.Fatalf("err = %v", err)
	}
}
