package expr

import (
	"maps"
	"math"
	"math/big"
	"slices"
	"strings"
)

// number is a numeric operand: Python's bool, int and float share one
// numeric tower, so True == 1 == 1.0 (§11.2).
type number struct {
	big *big.Int // set for integers beyond int64
	i   int64
	f   float64
	isF bool
}

// asNumber returns v as a number when it is a bool, an integer or a float.
func asNumber(v any) (number, bool) {
	switch x := normalize(v).(type) {
	case bool:
		if x {
			return number{i: 1}, true
		}
		return number{}, true
	case int64:
		return number{i: x}, true
	case *big.Int:
		return number{big: x}, true
	case float64:
		return number{f: x, isF: true}, true
	}
	return number{}, false
}

// cmpNumbers compares a and b exactly, as Python does for mixed int/float.
// ok is false when either is NaN (every ordering is then false).
func cmpNumbers(a, b number) (c int, ok bool) {
	if (a.isF && math.IsNaN(a.f)) || (b.isF && math.IsNaN(b.f)) {
		return 0, false
	}
	switch {
	case !a.isF && !b.isF && a.big == nil && b.big == nil:
		return cmpInt(a.i, b.i), true
	case a.isF && b.isF:
		return cmpFloat(a.f, b.f), true
	case a.big == nil && b.big == nil && exactInFloat(a) && exactInFloat(b):
		return cmpFloat(a.float(), b.float()), true
	}
	return a.bigFloat().Cmp(b.bigFloat()), true
}

// maxExactInt is 2^53: every int64 of at most this magnitude converts to
// float64 exactly.
const maxExactInt = 1 << 53

// exactInFloat reports whether n converts to float64 without rounding.
func exactInFloat(n number) bool {
	return n.isF || n.big == nil && n.i >= -maxExactInt && n.i <= maxExactInt
}

// float converts a float or a small int (see exactInFloat).
func (n number) float() float64 {
	if n.isF {
		return n.f
	}
	return float64(n.i)
}

// bigFloat converts n exactly.
func (n number) bigFloat() *big.Float {
	switch {
	case n.isF:
		return new(big.Float).SetFloat64(n.f)
	case n.big != nil:
		return new(big.Float).SetInt(n.big)
	}
	return new(big.Float).SetInt64(n.i)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// equal is Python ==: it never fails; values of different types are
// unequal except numbers (bool included); lists, tuples and maps compare
// element by element.
func equal(a, b any) bool {
	a, b = normalize(a), normalize(b)
	if na, ok := asNumber(a); ok {
		nb, ok := asNumber(b)
		if !ok {
			return false
		}
		c, ordered := cmpNumbers(na, nb)
		return ordered && c == 0
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case Bytes:
		y, ok := b.(Bytes)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		return ok && equalSeq(x, y)
	case Tuple:
		y, ok := b.(Tuple)
		return ok && equalSeq(x, y)
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		// Sorted keys: the result does not depend on the order, but code the
		// workflow reaches never ranges over a map (house determinism rule).
		for _, k := range slices.Sorted(maps.Keys(x)) {
			yv, ok := y[k]
			if !ok || !equal(x[k], yv) {
				return false
			}
		}
		return true
	}
	return sameOpaque(a, b)
}

// sameOpaque compares two values of types the language does not know,
// without panicking on incomparable dynamic types.
func sameOpaque(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

func equalSeq(x, y []any) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !equal(x[i], y[i]) {
			return false
		}
	}
	return true
}

// identical is Python `is` under the Go rule of §11.2: true only for
// null/null, true/true and false/false.
func identical(a, b any) bool {
	a, b = normalize(a), normalize(b)
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	x, ok := a.(bool)
	y, ok2 := b.(bool)
	return ok && ok2 && x == y
}

// orderResult says how an ordering comparison went.
type orderResult uint8

const (
	orderOK        orderResult = iota
	orderUnordered             // a NaN was involved: every ordering is false
	orderTypeError             // the types cannot be ordered
)

// order compares a and b for <, <=, > and >=. On orderTypeError, x and y
// are the operands that could not be ordered (inner elements for lists).
func order(a, b any) (c int, res orderResult, x, y any) {
	a, b = normalize(a), normalize(b)
	if na, ok := asNumber(a); ok {
		if nb, ok := asNumber(b); ok {
			c, ordered := cmpNumbers(na, nb)
			if !ordered {
				return 0, orderUnordered, nil, nil
			}
			return c, orderOK, nil, nil
		}
		return 0, orderTypeError, a, b
	}
	switch xa := a.(type) {
	case string:
		if xb, ok := b.(string); ok {
			return strings.Compare(xa, xb), orderOK, nil, nil
		}
	case Bytes:
		if xb, ok := b.(Bytes); ok {
			return strings.Compare(string(xa), string(xb)), orderOK, nil, nil
		}
	case []any:
		if xb, ok := b.([]any); ok {
			return orderSeq(xa, xb)
		}
	case Tuple:
		if xb, ok := b.(Tuple); ok {
			return orderSeq(xa, xb)
		}
	}
	return 0, orderTypeError, a, b
}

// orderSeq orders sequences as Python does: the first unequal pair decides,
// else the shorter sequence is smaller.
func orderSeq(a, b []any) (int, orderResult, any, any) {
	for i := 0; i < len(a) && i < len(b); i++ {
		if !equal(a[i], b[i]) {
			return order(a[i], b[i])
		}
	}
	return cmpInt(int64(len(a)), int64(len(b))), orderOK, nil, nil
}

// hashable reports whether v could be a Python dict key.
func hashable(v any) bool {
	switch x := normalize(v).(type) {
	case []any, map[string]any:
		return false
	case Tuple:
		for _, e := range x {
			if !hashable(e) {
				return false
			}
		}
	}
	return true
}

// contains is Python `needle in hay`: list or tuple membership, substring,
// bytes membership, or map key. msg is non-empty when Python would raise.
func contains(needle, hay any) (found bool, msg string) {
	needle, hay = normalize(needle), normalize(hay)
	switch h := hay.(type) {
	case []any:
		return containsElem(needle, h), ""
	case Tuple:
		return containsElem(needle, h), ""
	case string:
		s, ok := needle.(string)
		if !ok {
			return false, "'in' with a string on the right needs a string on the left, got " + typeName(needle) + " (" + repr(needle) + ")"
		}
		return strings.Contains(h, s), ""
	case Bytes:
		switch n := needle.(type) {
		case Bytes:
			return strings.Contains(string(h), string(n)), ""
		case bool, int64, *big.Int:
			num, _ := asNumber(n)
			if num.big != nil || num.i < 0 || num.i > 255 {
				return false, "'in' with bytes on the right needs a byte in range(0, 256) on the left, got " + repr(n)
			}
			return strings.IndexByte(string(h), byte(num.i)) >= 0, ""
		}
		return false, "'in' with bytes on the right needs bytes or an int on the left, got " + typeName(needle) + " (" + repr(needle) + ")"
	case map[string]any:
		if !hashable(needle) {
			return false, "'in' with a map on the right needs a hashable key on the left, got " + typeName(needle) + " (" + repr(needle) + ")"
		}
		s, ok := needle.(string)
		if !ok {
			return false, ""
		}
		_, found := h[s]
		return found, ""
	}
	return false, "'in' needs a list, tuple, string, bytes or map on the right, got " + typeName(hay) + " (" + repr(hay) + ")"
}

func containsElem(needle any, xs []any) bool {
	for _, e := range xs {
		if identical(needle, e) || equal(needle, e) {
			return true
		}
	}
	return false
}
