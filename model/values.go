package model

import (
	"slices"
)

// CloneValue returns a deep copy of a JSON-decoded value: maps and lists are
// copied recursively, scalars are returned as they are. Values of other
// types (a Go struct stored in a context, say) are returned unchanged, so
// callers must keep contexts to JSON-decoded data as Workflow documents.
func CloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return CloneMap(x)
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = CloneValue(e)
		}
		return out
	case []map[string]any:
		if x == nil {
			return x
		}
		out := make([]map[string]any, len(x))
		for i, e := range x {
			out[i] = CloneMap(e)
		}
		return out
	case []string:
		return slices.Clone(x)
	case map[string]string:
		return cloneStrings(x)
	}
	return v
}

// CloneMap returns a deep copy of m (nil stays nil).
func CloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	// Map order does not matter here: each key is copied on its own and the
	// copy is the same map whatever the order, so no sort (model code runs
	// inside workflows, where only order-dependent results need one).
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = CloneValue(v)
	}
	return out
}

// EqualValues reports whether two JSON-decoded values are equal under
// Python's equality, which the merge rules of semantics §4.2 use to drop
// duplicate list items: numbers compare by value whatever their Go type
// (1 == 1.0), a bool equals the number 1 or 0 (True == 1), lists compare
// element-wise and maps key by key.
func EqualValues(a, b any) bool {
	if fa, ok := numberOf(a); ok {
		fb, ok := numberOf(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !EqualValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for _, k := range sortedKeys(x) {
			w, ok := y[k]
			if !ok || !EqualValues(x[k], w) {
				return false
			}
		}
		return true
	}
	return false
}

// numberOf returns v as a float64 when it is a number or a bool (Python's
// bool is an int).
func numberOf(v any) (float64, bool) {
	if b, ok := v.(bool); ok {
		if b {
			return 1, true
		}
		return 0, true
	}
	return Float(v)
}

// containsValue reports whether list holds an item equal to v.
func containsValue(list []any, v any) bool {
	for _, e := range list {
		if EqualValues(e, v) {
			return true
		}
	}
	return false
}
