package expr

import "fmt"

// Error is the ExpressionError of the semantics (§11.2): every problem with
// an expression, whether found by Compile (syntax, unsupported constructs)
// or by Eval (ordering incompatible types, `in` on a non-container, unary
// minus on a non-number), is reported as an *Error.
type Error struct {
	// Expr is the expression source exactly as it was given to Compile.
	Expr string
	// Pos is the byte offset in Expr where the problem was found, or -1
	// when the problem concerns the whole expression (an empty one).
	Pos int
	// Msg says what was expected and what was found instead.
	Msg string
}

// Error formats the error as `expression "<src>": position <n>: <msg>`,
// leaving out the position when Pos is negative.
func (e *Error) Error() string {
	if e.Pos < 0 {
		return fmt.Sprintf("expression %q: %s", e.Expr, e.Msg)
	}
	return fmt.Sprintf("expression %q: position %d: %s", e.Expr, e.Pos, e.Msg)
}

// errorf builds an *Error for src at byte offset pos.
func errorf(src string, pos int, format string, args ...any) *Error {
	return &Error{Expr: src, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
