package expr

import (
	"math"
	"math/big"
)

// evaluator holds the per-evaluation state; the Program it runs is shared
// and never modified.
type evaluator struct {
	src  string
	vars map[string]any
}

func (e *evaluator) errorf(pos int, format string, args ...any) *Error {
	return errorf(e.src, pos, format, args...)
}

// eval evaluates n per §11.2.
func (e *evaluator) eval(n node) (any, *Error) {
	switch n := n.(type) {
	case *constNode:
		return n.val, nil
	case *nameNode:
		return e.vars[n.name], nil // a missing key is null
	case *attrNode:
		v, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		if m, ok := normalize(v).(map[string]any); ok {
			return m[n.name], nil
		}
		return nil, nil
	case *indexNode:
		return e.index(n)
	case *listNode:
		out := make([]any, len(n.elems))
		for i, x := range n.elems {
			v, err := e.eval(x)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *tupleNode:
		out := make(Tuple, len(n.elems))
		for i, x := range n.elems {
			v, err := e.eval(x)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case *negNode:
		v, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		return e.negate(n.pos, v)
	case *notNode:
		v, err := e.eval(n.x)
		if err != nil {
			return nil, err
		}
		return !Truthy(v), nil
	case *boolNode:
		return e.boolOp(n)
	case *compareNode:
		return e.compare(n)
	case *condNode:
		c, err := e.eval(n.cond)
		if err != nil {
			return nil, err
		}
		if Truthy(c) {
			return e.eval(n.then)
		}
		return e.eval(n.els)
	}
	panic("expr: unknown node type") // the parser builds only the types above
}

// index evaluates x[k]: a map entry, a list or tuple element (negative
// indices count from the end, out of range gives null), otherwise null.
func (e *evaluator) index(n *indexNode) (any, *Error) {
	v, err := e.eval(n.x)
	if err != nil {
		return nil, err
	}
	k, err := e.eval(n.index)
	if err != nil {
		return nil, err
	}
	switch c := normalize(v).(type) {
	case map[string]any:
		if !hashable(k) {
			return nil, e.errorf(n.pos, "a map subscript needs a hashable key, got %s (%s)", typeName(k), repr(k))
		}
		if s, ok := normalize(k).(string); ok {
			return c[s], nil
		}
		return nil, nil
	case []any:
		return element(c, k), nil
	case Tuple:
		return element(c, k), nil
	}
	return nil, nil
}

// element returns xs[k] for an integer k, or null. A float64 with an
// integral value also indexes: JSON decoding in Go turns every number into
// float64, where Python's json module keeps integers as int.
func element(xs []any, k any) any {
	var i int64
	switch x := normalize(k).(type) {
	case bool:
		if x {
			i = 1
		}
	case int64:
		i = x
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return nil
		}
		i = int64(x)
	default: // *big.Int is always out of range; other types never index
		return nil
	}
	if i < 0 {
		i += int64(len(xs))
	}
	if i < 0 || i >= int64(len(xs)) {
		return nil
	}
	return xs[i]
}

// negate is unary minus. On a non-number Python raises a plain TypeError;
// the Go rule makes it an ExpressionError (§11.2).
func (e *evaluator) negate(pos int, v any) (any, *Error) {
	switch x := normalize(v).(type) {
	case bool:
		if x {
			return int64(-1), nil
		}
		return int64(0), nil
	case int64:
		if x == math.MinInt64 {
			return new(big.Int).Neg(big.NewInt(x)), nil
		}
		return -x, nil
	case *big.Int:
		return normalizeBig(new(big.Int).Neg(x)), nil
	case float64:
		return -x, nil
	}
	return nil, e.errorf(pos, "unary '-' needs a number, got %s (%s)", typeName(v), repr(v))
}

// boolOp evaluates every operand (no short-circuit, EXPR-5) and returns a
// bool, as Python's all()/any() over the values does.
func (e *evaluator) boolOp(n *boolNode) (any, *Error) {
	result := n.and
	for _, x := range n.xs {
		v, err := e.eval(x)
		if err != nil {
			return nil, err
		}
		if Truthy(v) != n.and {
			result = !n.and
		}
	}
	return result, nil
}

// compare evaluates a comparison chain pairwise and stops at the first
// false pair; later operands are then not evaluated.
func (e *evaluator) compare(n *compareNode) (any, *Error) {
	left, err := e.eval(n.first)
	if err != nil {
		return nil, err
	}
	for i, op := range n.ops {
		right, err := e.eval(n.rest[i])
		if err != nil {
			return nil, err
		}
		ok, err := e.compareOp(n.opPos[i], op, left, right)
		if err != nil {
			return nil, err
		}
		if !ok {
			return false, nil
		}
		left = right
	}
	return true, nil
}

func (e *evaluator) compareOp(pos int, op cmpOp, a, b any) (bool, *Error) {
	switch op {
	case opEq:
		return equal(a, b), nil
	case opNe:
		return !equal(a, b), nil
	case opIs:
		return identical(a, b), nil
	case opIsNot:
		return !identical(a, b), nil
	case opIn, opNotIn:
		found, msg := contains(a, b)
		if msg != "" {
			return false, e.errorf(pos, "%s", msg)
		}
		return found == (op == opIn), nil
	}
	c, res, x, y := order(a, b)
	switch res {
	case orderUnordered:
		return false, nil
	case orderTypeError:
		return false, e.errorf(pos, "'%s' cannot order %s and %s (got %s %s %s)", op, typeName(x), typeName(y), repr(x), op, repr(y))
	}
	switch op {
	case opLt:
		return c < 0, nil
	case opLe:
		return c <= 0, nil
	case opGt:
		return c > 0, nil
	}
	return c >= 0, nil
}
