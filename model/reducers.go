package model

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Reducer names accepted in output_reducers (semantics §4.6).
const (
	ReducerCollect = "collect"
	ReducerAppend  = "append"
	ReducerExtend  = "extend"
	ReducerSum     = "sum"
	ReducerMax     = "max"
	ReducerMin     = "min"
	ReducerMerge   = "merge"
	ReducerFirst   = "first"
	ReducerLast    = "last"
)

var reducerNames = []string{
	ReducerCollect, ReducerAppend, ReducerExtend, ReducerSum, ReducerMax,
	ReducerMin, ReducerMerge, ReducerFirst, ReducerLast,
}

// ErrUnknownReducer is wrapped by the error for a reducer name not in
// ReducerNames.
var ErrUnknownReducer = errors.New("unknown output reducer")

// ReducerNames lists the accepted reducer names.
func ReducerNames() []string { return slices.Clone(reducerNames) }

// IsReducer reports whether name is an accepted reducer name.
func IsReducer(name string) bool { return slices.Contains(reducerNames, name) }

// ApplyReducers computes the reducer keys of a join (semantics §4.2 step 4
// and §4.6): for each key in reducers, the values of that key in the
// upstream outputs that have it, in the order given, reduced by the named
// reducer. A key no upstream has is not produced. Keys are processed in
// sorted order, so the first error is always the same one.
func ApplyReducers(reducers map[string]string, upstreamOutputs []map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, key := range slices.Sorted(maps.Keys(reducers)) {
		var values []any
		for _, o := range upstreamOutputs {
			if v, ok := o[key]; ok {
				values = append(values, v)
			}
		}
		if len(values) == 0 {
			continue
		}
		v, err := Reduce(reducers[key], values)
		if err != nil {
			return nil, fmt.Errorf("output reducer for key %q: %w", key, err)
		}
		out[key] = v
	}
	return out, nil
}

// Reduce combines values with the named reducer (semantics §4.6):
// collect/append build a list, splicing list values in; extend does the
// same but drops nulls; sum adds numbers, skipping nulls; max/min pick the
// extremum of the non-null values (numbers or strings, not mixed) and fail
// without one; merge shallow-merges map values, later wins, ignoring
// non-maps; first/last pick an end. The result shares nothing with values.
func Reduce(name string, values []any) (any, error) {
	switch name {
	case ReducerCollect, ReducerAppend, ReducerExtend:
		out := []any{}
		for _, v := range values {
			if v == nil && name == ReducerExtend {
				continue
			}
			if l, ok := v.([]any); ok {
				for _, e := range l {
					out = append(out, CloneValue(e))
				}
				continue
			}
			out = append(out, CloneValue(v))
		}
		return out, nil
	case ReducerSum:
		sum := 0.0
		for _, v := range values {
			if v == nil {
				continue
			}
			f, ok := numberOf(v)
			if !ok {
				return nil, fmt.Errorf("sum: expected numbers, got %s", describe(v))
			}
			sum += f
		}
		return sum, nil
	case ReducerMax, ReducerMin:
		return extremum(name, values)
	case ReducerMerge:
		out := map[string]any{}
		for _, v := range values {
			if m, ok := v.(map[string]any); ok {
				for _, k := range sortedKeys(m) {
					out[k] = CloneValue(m[k])
				}
			}
		}
		return out, nil
	case ReducerFirst:
		return CloneValue(values[0]), nil
	case ReducerLast:
		return CloneValue(values[len(values)-1]), nil
	}
	return nil, fmt.Errorf("%w %q: expected one of %v", ErrUnknownReducer, name, reducerNames)
}

func extremum(name string, values []any) (any, error) {
	var best any
	for _, v := range values {
		if v == nil {
			continue
		}
		if best == nil {
			if _, num := numberOf(v); !num {
				if _, str := v.(string); !str {
					return nil, fmt.Errorf("%s: expected numbers or strings, got %s", name, describe(v))
				}
			}
			best = v
			continue
		}
		less, err := lessValue(v, best)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if (name == ReducerMin) == less && !EqualValues(v, best) {
			best = v
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%s: no non-null value to compare", name)
	}
	return best, nil
}

// lessValue orders two numbers or two strings.
func lessValue(a, b any) (bool, error) {
	if fa, ok := numberOf(a); ok {
		if fb, ok := numberOf(b); ok {
			return fa < fb, nil
		}
	}
	if sa, ok := a.(string); ok {
		if sb, ok := b.(string); ok {
			return sa < sb, nil
		}
	}
	return false, fmt.Errorf("cannot order %s against %s", describe(a), describe(b))
}

// describe names a JSON value's type and the value, for messages.
func describe(v any) string {
	return fmt.Sprintf("%s %s", jsonType(v), renderValue(v))
}
