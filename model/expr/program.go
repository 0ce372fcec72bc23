package expr

import (
	"strings"
	"unicode"
)

// Program is a compiled expression. It is immutable and safe for
// concurrent use; each Eval builds its own values.
type Program struct {
	src  string
	root node
}

// Source returns the expression exactly as it was given to Compile.
func (p *Program) Source() string { return p.src }

// Eval evaluates the program against vars, the JSON-decoded context (nil
// is an empty context). The result is nil, bool, int64 (*big.Int beyond
// int64), float64, string, Bytes, []any, Tuple, map[string]any, or a value
// taken from vars as it is. Runtime errors are *Error.
func (p *Program) Eval(vars map[string]any) (any, error) {
	e := evaluator{src: p.src, vars: vars}
	v, err := e.eval(p.root)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// EvalBool evaluates the program and returns the truthiness of the result.
func (p *Program) EvalBool(vars map[string]any) (bool, error) {
	v, err := p.Eval(vars)
	if err != nil {
		return false, err
	}
	return Truthy(v), nil
}

// Evaluate compiles src (through the cache) and evaluates it against vars.
func Evaluate(src string, vars map[string]any) (any, error) {
	p, err := Compile(src)
	if err != nil {
		return nil, err
	}
	return p.Eval(vars)
}

// EvalBool compiles src (through the cache), evaluates it against vars and
// returns the truthiness of the result.
func EvalBool(src string, vars map[string]any) (bool, error) {
	p, err := Compile(src)
	if err != nil {
		return false, err
	}
	return p.EvalBool(vars)
}

// compile does the uncached work of Compile.
func compile(src string) (*Program, *Error) {
	start, end := trim(src)
	if start >= end {
		return nil, &Error{Expr: src, Pos: -1, Msg: "expected an expression, found an empty or blank string"}
	}
	// The fast path of §11.2, before any parsing.
	switch strings.ToLower(src[start:end]) {
	case "true", "1":
		return &Program{src: src, root: &constNode{pos: start, val: true}}, nil
	case "false", "0":
		return &Program{src: src, root: &constNode{pos: start, val: false}}, nil
	}
	if i := strings.IndexByte(src[start:end], 0); i >= 0 {
		return nil, &Error{Expr: src, Pos: start + i, Msg: "expected source text, found a NUL byte"}
	}
	toks, err := lex(src, start, end)
	if err != nil {
		return nil, err
	}
	root, err := parse(src, toks)
	if err != nil {
		return nil, err
	}
	return &Program{src: src, root: root}, nil
}

// trim returns the bounds of src without the leading and trailing
// characters Python's str.strip removes.
func trim(src string) (start, end int) {
	s := strings.TrimLeftFunc(src, isPySpace)
	start = len(src) - len(s)
	end = start + len(strings.TrimRightFunc(s, isPySpace))
	return start, end
}

// isPySpace is Python's str.isspace for one character: Unicode white
// space plus the information separators U+001C..U+001F.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}
