package model

import (
	"reflect"
	"testing"
)

func TestMergeOutputs(t *testing.T) {
	tests := []struct {
		name string
		in   []map[string]any
		want map[string]any
	}{
		{"§4.2 lists concatenate with equality dedup",
			[]map[string]any{{"l": []any{1.0, 2.0}}, {"l": []any{2.0, 3.0}}},
			map[string]any{"l": []any{1.0, 2.0, 3.0}}},
		{"§4.2 latest scalar wins",
			[]map[string]any{{"k": "a"}, {"k": "b"}},
			map[string]any{"k": "b"}},
		{"§4.2 list replaced by scalar and scalar by list",
			[]map[string]any{{"a": []any{1.0}, "b": 1.0}, {"a": "x", "b": []any{2.0}}},
			map[string]any{"a": "x", "b": []any{2.0}}},
		{"§4.2 python equality: 1 == 1.0 == true, maps compared deeply",
			[]map[string]any{{"l": []any{1.0, map[string]any{"x": 1.0}}}, {"l": []any{int64(1), true, map[string]any{"x": 1.0}, "1"}}},
			map[string]any{"l": []any{1.0, map[string]any{"x": 1.0}, "1"}}},
		{"§4.2 duplicates inside the new list are dropped too",
			[]map[string]any{{"l": []any{}}, {"l": []any{"a", "a"}}},
			map[string]any{"l": []any{"a"}}},
		{"no inputs", nil, map[string]any{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := MergeOutputs(tc.in...)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("MergeOutputs = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestMergeOutputsDoesNotAlias(t *testing.T) {
	a := map[string]any{"l": []any{map[string]any{"x": 1.0}}}
	got := MergeOutputs(a)
	got["l"].([]any)[0].(map[string]any)["x"] = 2.0
	if a["l"].([]any)[0].(map[string]any)["x"] != 1.0 {
		t.Fatal("MergeOutputs result shares a map with its input")
	}
}

func TestReduce(t *testing.T) {
	tests := []struct {
		name    string
		reducer string
		values  []any
		want    any
		wantErr bool
	}{
		{"§4.6 collect splices lists", "collect", []any{1.0, []any{2.0, 3.0}, nil}, []any{1.0, 2.0, 3.0, nil}, false},
		{"§4.6 append is collect", "append", []any{"a", "b"}, []any{"a", "b"}, false},
		{"§4.6 extend drops nulls", "extend", []any{nil, []any{1.0}, 2.0}, []any{1.0, 2.0}, false},
		{"§4.6 sum skips nulls", "sum", []any{1.0, nil, 2.5}, 3.5, false},
		{"§4.6 sum of a string fails", "sum", []any{1.0, "x"}, nil, true},
		{"§4.6 max", "max", []any{1.0, nil, 7.0, 3.0}, 7.0, false},
		{"§4.6 min", "min", []any{4.0, 2.0, nil}, 2.0, false},
		{"§4.6 max of strings", "max", []any{"b", "c", "a"}, "c", false},
		{"§4.6 max without values fails", "max", []any{nil, nil}, nil, true},
		{"§4.6 max of mixed types fails", "max", []any{1.0, "a"}, nil, true},
		{"§4.6 merge later wins, non-maps ignored", "merge",
			[]any{map[string]any{"x": 1.0, "y": 1.0}, 5.0, map[string]any{"y": 2.0}},
			map[string]any{"x": 1.0, "y": 2.0}, false},
		{"§4.6 first", "first", []any{nil, 2.0}, nil, false},
		{"§4.6 last", "last", []any{1.0, 2.0}, 2.0, false},
		{"§4.6 unknown reducer", "avg", []any{1.0}, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Reduce(tc.reducer, tc.values)
			if (err != nil) != tc.wantErr {
				t.Fatalf("Reduce error = %v, wantErr %v", err, tc.wantErr)
			}
			if !tc.wantErr && !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Reduce = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestApplyReducersExample(t *testing.T) {
	// semantics §4.6 worked example: J sees r=[1,5], s=5, m={x:1,y:2}, own r ignored.
	a := map[string]any{"r": 1.0, "s": 2.0, "m": map[string]any{"x": 1.0}}
	b := map[string]any{"r": 5.0, "s": 3.0, "m": map[string]any{"y": 2.0}}
	reducers := map[string]string{"r": "collect", "s": "sum", "m": "merge", "absent": "last"}
	got, err := BuildStageContext([]map[string]any{a, b}, []map[string]any{a, b}, reducers, map[string]any{"r": "own"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"r": []any{1.0, 5.0}, "s": 5.0, "m": map[string]any{"x": 1.0, "y": 2.0}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("context = %#v, want %#v", got, want)
	}
}

func TestBuildStageContextOwnWins(t *testing.T) {
	// semantics §4.2 example: B's context = {l:[1,2], k:"a", emit:…} and own lists append after.
	a := map[string]any{"l": []any{1.0, 2.0}, "k": "a"}
	got, err := BuildStageContext([]map[string]any{a}, []map[string]any{a}, nil,
		map[string]any{"emit": true, "l": []any{2.0, 9.0}, "k": "own"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"l": []any{1.0, 2.0, 9.0}, "k": "own", "emit": true}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("context = %#v, want %#v", got, want)
	}
}

func TestGetContext(t *testing.T) {
	// semantics §4.3: top-level outputs in topological order; synthetic excluded.
	a := NewStage("noop", "a", "a", nil, nil)
	b := NewStage("noop", "b", "b", nil, []string{"a"})
	a.Outputs = map[string]any{"l": []any{1.0, 2.0}, "k": "a"}
	b.Outputs = map[string]any{"l": []any{2.0, 3.0}, "k": "b"}
	syn := NewSyntheticStage("noop", "s", a, OwnerStageAfter, nil)
	syn.Outputs = map[string]any{"k": "synthetic"}
	// b is listed first: the topological order, not the list order, decides.
	w := New("app", "p", []*StageExecution{b, a, syn})
	want := map[string]any{"l": []any{1.0, 2.0, 3.0}, "k": "b"}
	if got := w.GetContext(); !reflect.DeepEqual(got, want) {
		t.Fatalf("GetContext = %#v, want %#v", got, want)
	}
}

func TestTopologicalOrderTies(t *testing.T) {
	// semantics §4.2 step 2, Go rule: among ready nodes, definition order.
	mk := func(ref string, req ...string) *StageExecution { return NewStage("noop", ref, ref, nil, req) }
	stages := []*StageExecution{mk("d", "b", "c"), mk("c", "a"), mk("b", "a"), mk("a"), mk("e")}
	var got []string
	for _, s := range TopologicalOrder(stages) {
		got = append(got, s.RefID)
	}
	want := []string{"a", "c", "b", "d", "e"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}
