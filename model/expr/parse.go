package expr

import "fmt"

// maxDepth bounds the recursion of the parser (and so of the evaluator) for
// chains such as `not not not ...` or `- - - x`.
const maxDepth = 1000

// hardKeywords are Python's reserved words: none of them can be a name.
var hardKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true,
	"async": true, "await": true, "break": true, "class": true, "continue": true, "def": true,
	"del": true, "elif": true, "else": true, "except": true, "finally": true, "for": true,
	"from": true, "global": true, "if": true, "import": true, "in": true, "is": true,
	"lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}

// binaryOps are Python's arithmetic and bitwise operators, all unsupported.
var binaryOps = map[string]bool{
	"+": true, "-": true, "*": true, "/": true, "//": true, "%": true, "**": true,
	"@": true, "&": true, "|": true, "^": true, "<<": true, ">>": true,
}

// assignOps are Python's assignment operators, all syntax errors in an
// expression.
var assignOps = map[string]bool{
	"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "//=": true, "%=": true,
	"**=": true, "@=": true, "&=": true, "|=": true, "^=": true, "<<=": true, ">>=": true,
}

// symbolCmpOps are the comparison operators written with symbols.
var symbolCmpOps = map[string]cmpOp{"==": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe}

// parser is a recursive-descent parser over the grammar of §11.2:
//
//	exprlist := expr ("," expr)* [","]        # a tuple when a comma appears
//	expr     := or ["if" or "else" expr]
//	or       := and ("or" and)*
//	and      := not ("and" not)*
//	not      := "not" not | cmp
//	cmp      := unary (cmpop unary)*
//	unary    := "-" unary | primary
//	primary  := atom ("." name | "[" exprlist "]")*
//	atom     := literal | name | "(" [exprlist] ")" | "[" [expr ("," expr)* [","]] "]"
type parser struct {
	src   string
	toks  []token
	i     int
	depth int
}

// parse parses the tokens of src into an expression tree.
func parse(src string, toks []token) (node, *Error) {
	p := &parser{src: src, toks: toks}
	n, err := p.exprList()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokenEOF {
		return nil, p.unexpected(t, "end of input")
	}
	return n, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokenEOF {
		p.i++
	}
	return t
}

func (p *parser) isOp(op string) bool {
	t := p.toks[p.i]
	return t.kind == tokenOp && t.text == op
}

func (p *parser) isWord(word string) bool {
	t := p.toks[p.i]
	return t.kind == tokenName && t.text == word
}

// enter guards recursion depth; callers defer p.leave().
func (p *parser) enter() *Error {
	p.depth++
	if p.depth > maxDepth {
		return errorf(p.src, p.peek().pos, "expression nested too deeply (more than %d levels)", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// describe names a token for "expected X, found Y" messages.
func describe(t token) string {
	switch t.kind {
	case tokenEOF:
		return "end of input"
	case tokenName:
		if hardKeywords[t.text] {
			return fmt.Sprintf("keyword '%s'", t.text)
		}
		return fmt.Sprintf("name '%s'", t.text)
	case tokenNumber:
		return fmt.Sprintf("number %s", t.text)
	case tokenString:
		return fmt.Sprintf("string literal %s", t.text)
	}
	return fmt.Sprintf("'%s'", t.text)
}

func (p *parser) unexpected(t token, expected string) *Error {
	if t.kind == tokenOp && assignOps[t.text] {
		return errorf(p.src, t.pos, "expected %s, found '%s' (assignment is not an expression; did you mean '=='?)", expected, t.text)
	}
	return errorf(p.src, t.pos, "expected %s, found %s", expected, describe(t))
}

func (p *parser) unsupported(t token, what string) *Error {
	return errorf(p.src, t.pos, "unsupported expression: %s", what)
}

// atListEnd reports whether a comma-separated list ends at the next token.
func (p *parser) atListEnd() bool {
	t := p.peek()
	return t.kind == tokenEOF || t.kind == tokenOp && (t.text == ")" || t.text == "]" || t.text == "}")
}

// exprList parses one expression, or a tuple when commas separate several.
func (p *parser) exprList() (node, *Error) {
	start := p.peek()
	first, err := p.expr()
	if err != nil || !p.isOp(",") {
		return first, err
	}
	elems := []node{first}
	for p.isOp(",") {
		p.next()
		if p.atListEnd() || p.isOp(":") {
			break
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		elems = append(elems, e)
	}
	return &tupleNode{pos: start.pos, elems: elems}, nil
}

func (p *parser) expr() (node, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if t := p.peek(); t.kind == tokenName && t.text == "lambda" {
		return nil, p.unsupported(t, "lambda")
	}
	x, err := p.or()
	if err != nil || !p.isWord("if") {
		return x, err
	}
	ifTok := p.next()
	cond, err := p.or()
	if err != nil {
		return nil, err
	}
	if !p.isWord("else") {
		return nil, p.unexpected(p.peek(), "'else' after the condition of the if-expression")
	}
	p.next()
	els, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &condNode{pos: ifTok.pos, cond: cond, then: x, els: els}, nil
}

func (p *parser) or() (node, *Error)  { return p.boolOp("or", p.and) }
func (p *parser) and() (node, *Error) { return p.boolOp("and", p.not) }

// boolOp parses operand (word operand)*.
func (p *parser) boolOp(word string, operand func() (node, *Error)) (node, *Error) {
	x, err := operand()
	if err != nil || !p.isWord(word) {
		return x, err
	}
	n := &boolNode{pos: p.peek().pos, and: word == "and", xs: []node{x}}
	for p.isWord(word) {
		p.next()
		y, err := operand()
		if err != nil {
			return nil, err
		}
		n.xs = append(n.xs, y)
	}
	return n, nil
}

func (p *parser) not() (node, *Error) {
	if !p.isWord("not") {
		return p.cmp()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.next()
	x, err := p.not()
	if err != nil {
		return nil, err
	}
	return &notNode{pos: t.pos, x: x}, nil
}

// cmpOp parses a comparison operator at the current token, if any.
func (p *parser) cmpOp() (cmpOp, int, bool, *Error) {
	t := p.peek()
	switch {
	case t.kind == tokenOp:
		if op, ok := symbolCmpOps[t.text]; ok {
			p.next()
			return op, t.pos, true, nil
		}
	case t.kind == tokenName && t.text == "in":
		p.next()
		return opIn, t.pos, true, nil
	case t.kind == tokenName && t.text == "is":
		p.next()
		if p.isWord("not") {
			p.next()
			return opIsNot, t.pos, true, nil
		}
		return opIs, t.pos, true, nil
	case t.kind == tokenName && t.text == "not":
		p.next()
		if !p.isWord("in") {
			return 0, 0, false, p.unexpected(p.peek(), "'in' after 'not'")
		}
		p.next()
		return opNotIn, t.pos, true, nil
	}
	return 0, 0, false, nil
}

func (p *parser) cmp() (node, *Error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	var n *compareNode
	for {
		op, pos, ok, err := p.cmpOp()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		y, err := p.unary()
		if err != nil {
			return nil, err
		}
		if n == nil {
			n = &compareNode{first: x}
		}
		n.ops = append(n.ops, op)
		n.opPos = append(n.opPos, pos)
		n.rest = append(n.rest, y)
	}
	if n == nil {
		return x, nil
	}
	return n, nil
}

func (p *parser) unary() (node, *Error) {
	t := p.peek()
	if t.kind == tokenOp {
		switch t.text {
		case "-":
			if err := p.enter(); err != nil {
				return nil, err
			}
			defer p.leave()
			p.next()
			x, err := p.unary()
			if err != nil {
				return nil, err
			}
			return &negNode{pos: t.pos, x: x}, nil
		case "+", "~":
			return nil, p.unsupported(t, fmt.Sprintf("unary '%s' (only unary '-' is supported)", t.text))
		}
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokenOp {
		switch {
		case binaryOps[t.text]:
			hint := "arithmetic and bitwise operators are not part of the expression language"
			if t.text == "-" {
				hint += "; a key containing '-' can only be read with a subscript on its parent, as in parent['my-key']"
			}
			return nil, p.unsupported(t, fmt.Sprintf("operator '%s' (%s)", t.text, hint))
		case t.text == ":=":
			return nil, p.unsupported(t, "assignment expression ':='")
		}
	}
	return x, nil
}

func (p *parser) primary() (node, *Error) {
	x, err := p.atom()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tokenOp {
			return x, nil
		}
		switch t.text {
		case ".":
			p.next()
			name := p.peek()
			if name.kind != tokenName || hardKeywords[name.text] {
				return nil, p.unexpected(name, "an attribute name after '.'")
			}
			p.next()
			x = &attrNode{pos: t.pos, x: x, name: name.text}
		case "[":
			p.next()
			if p.isOp(":") {
				return nil, p.unsupported(p.peek(), "slice")
			}
			k, err := p.exprList()
			if err != nil {
				return nil, err
			}
			if p.isOp(":") {
				return nil, p.unsupported(p.peek(), "slice")
			}
			if !p.isOp("]") {
				return nil, p.unexpected(p.peek(), "']' to close the subscript")
			}
			p.next()
			x = &indexNode{pos: t.pos, x: x, index: k}
		case "(":
			return nil, p.unsupported(t, "function call")
		default:
			return x, nil
		}
	}
}

func (p *parser) atom() (node, *Error) {
	t := p.peek()
	switch t.kind {
	case tokenNumber:
		p.next()
		return &constNode{pos: t.pos, val: t.val}, nil
	case tokenString:
		return p.strings()
	case tokenName:
		switch t.text {
		case "True", "true":
			p.next()
			return &constNode{pos: t.pos, val: true}, nil
		case "False", "false":
			p.next()
			return &constNode{pos: t.pos, val: false}, nil
		case "None", "none", "null":
			p.next()
			return &constNode{pos: t.pos, val: nil}, nil
		case "lambda", "await", "yield":
			return nil, p.unsupported(t, t.text)
		}
		if hardKeywords[t.text] {
			return nil, p.unexpected(t, "an operand")
		}
		p.next()
		return &nameNode{pos: t.pos, name: t.text}, nil
	case tokenOp:
		switch t.text {
		case "(":
			return p.paren()
		case "[":
			return p.list()
		case "{":
			return nil, p.unsupported(t, "dict or set literal")
		case "*", "**":
			return nil, p.unsupported(t, "starred expression")
		case "...":
			return nil, p.unsupported(t, "ellipsis")
		}
	}
	return nil, p.unexpected(t, "an operand")
}

// strings parses adjacent string literals, which Python concatenates.
func (p *parser) strings() (node, *Error) {
	first := p.peek()
	var s string
	isBytes := false
	for i := 0; p.peek().kind == tokenString; i++ {
		t := p.next()
		if t.fstr {
			return nil, p.unsupported(t, "f-string")
		}
		b, tb := t.val.(Bytes)
		if i > 0 && tb != isBytes {
			return nil, errorf(p.src, t.pos, "cannot mix bytes and string literals")
		}
		isBytes = tb
		if tb {
			s += string(b)
		} else {
			s += t.val.(string)
		}
	}
	if isBytes {
		return &constNode{pos: first.pos, val: Bytes(s)}, nil
	}
	return &constNode{pos: first.pos, val: s}, nil
}

// elements parses a comma-separated display up to the closing bracket,
// the opening one already consumed. It reports whether a comma was seen.
func (p *parser) elements(open token, close string) ([]node, bool, *Error) {
	var elems []node
	comma := false
	for !p.isOp(close) {
		if t := p.peek(); t.kind == tokenName && t.text == "yield" {
			return nil, false, p.unsupported(t, "yield")
		}
		e, err := p.expr()
		if err != nil {
			return nil, false, err
		}
		elems = append(elems, e)
		if t := p.peek(); t.kind == tokenName && (t.text == "for" || t.text == "async") {
			return nil, false, p.unsupported(t, "comprehension")
		}
		if !p.isOp(",") {
			if !p.isOp(close) {
				return nil, false, p.unexpected(p.peek(), fmt.Sprintf("',' or '%s' to close the '%s' at position %d", close, open.text, open.pos))
			}
			break
		}
		comma = true
		p.next()
	}
	p.next()
	return elems, comma, nil
}

func (p *parser) paren() (node, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	open := p.next()
	elems, comma, err := p.elements(open, ")")
	if err != nil {
		return nil, err
	}
	if len(elems) == 1 && !comma {
		return elems[0], nil
	}
	return &tupleNode{pos: open.pos, elems: elems}, nil
}

func (p *parser) list() (node, *Error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	open := p.next()
	elems, _, err := p.elements(open, "]")
	if err != nil {
		return nil, err
	}
	return &listNode{pos: open.pos, elems: elems}, nil
}
