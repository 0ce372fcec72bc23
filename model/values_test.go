package model

import (
	"reflect"
	"testing"
)

func TestEqualValues(t *testing.T) {
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"§11.2 1 == 1.0", 1.0, int64(1), true},
		{"§11.2 True == 1", true, 1.0, true},
		{"False == 0", false, 0.0, true},
		{"'5' != 5", "5", 5.0, false},
		{"null == null", nil, nil, true},
		{"null != 0", nil, 0.0, false},
		{"lists element-wise", []any{1.0, "a"}, []any{1.0, "a"}, true},
		{"lists of other length", []any{1.0}, []any{1.0, 1.0}, false},
		{"maps by key", map[string]any{"a": []any{1.0}}, map[string]any{"a": []any{true}}, true},
		{"maps with other keys", map[string]any{"a": 1.0}, map[string]any{"b": 1.0}, false},
		{"map vs list", map[string]any{}, []any{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EqualValues(tc.a, tc.b); got != tc.want {
				t.Fatalf("EqualValues(%v, %v) = %v", tc.a, tc.b, got)
			}
			if got := EqualValues(tc.b, tc.a); got != tc.want {
				t.Fatalf("EqualValues is not symmetric for %v, %v", tc.a, tc.b)
			}
		})
	}
}

func TestCloneValue(t *testing.T) {
	in := map[string]any{
		"l":  []any{map[string]any{"x": 1.0}},
		"ls": []string{"a"},
		"ms": map[string]string{"k": "v"},
		"lm": []map[string]any{{"y": 2.0}},
		"n":  nil,
	}
	out := CloneMap(in)
	if !reflect.DeepEqual(in, out) {
		t.Fatal("clone differs")
	}
	out["l"].([]any)[0].(map[string]any)["x"] = 9.0
	out["ls"].([]string)[0] = "z"
	out["ms"].(map[string]string)["k"] = "z"
	out["lm"].([]map[string]any)[0]["y"] = 9.0
	if in["l"].([]any)[0].(map[string]any)["x"] != 1.0 || in["ls"].([]string)[0] != "a" ||
		in["ms"].(map[string]string)["k"] != "v" || in["lm"].([]map[string]any)[0]["y"] != 2.0 {
		t.Fatal("CloneMap shares data with its input")
	}
	if CloneMap(nil) != nil {
		t.Fatal("CloneMap(nil) must stay nil")
	}
}

func TestYAMLFeatures(t *testing.T) {
	src := `
base: &base {type: noop, context: {a: 1}}
list: [&one 1, *one]
merged: {<<: *base, ref_id: x}
multi: {<<: [{a: 1, b: 1}, {b: 2, c: 2}], a: 0}
hex: 0x10
under: 1_000
when: 2026-01-01
quoted: "007"
`
	got, err := parseYAML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"base":   map[string]any{"type": "noop", "context": map[string]any{"a": 1.0}},
		"list":   []any{1.0, 1.0},
		"merged": map[string]any{"type": "noop", "context": map[string]any{"a": 1.0}, "ref_id": "x"},
		"multi":  map[string]any{"a": 0.0, "b": 1.0, "c": 2.0},
		"hex":    16.0, "under": 1000.0, "when": "2026-01-01", "quoted": "007",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("YAML normalised to\n%#v\nwant\n%#v", got, want)
	}
}

func TestOutputReducersMirror(t *testing.T) {
	// §1.6: output_reducers are read back from context._output_reducers.
	w, err := Load("m.yaml", []byte("application: a\nname: n\nstages: [{ref_id: a, type: noop, context: {_output_reducers: {x: sum}}}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Stages[0].OutputReducers; !reflect.DeepEqual(got, map[string]string{"x": "sum"}) {
		t.Fatalf("OutputReducers = %v", got)
	}
}
