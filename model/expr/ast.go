package expr

// node is one element of a parsed expression. The tree is immutable once
// parsed, so a Program can be evaluated concurrently. Every node records the
// byte offset (in the original source) used in runtime error messages.
type node interface {
	position() int
}

// constNode is a literal, or one of the names true/True, false/False,
// null/none/None, which are resolved at parse time because they are checked
// before the context (§11.2).
type constNode struct {
	pos int
	val any // nil, bool, int64, *big.Int, float64, string or Bytes
}

// nameNode reads a context key; a missing key is null.
type nameNode struct {
	pos  int
	name string
}

// attrNode is x.name: the entry of a map, else null.
type attrNode struct {
	pos  int // the '.'
	x    node
	name string
}

// indexNode is x[index].
type indexNode struct {
	pos   int // the '['
	x     node
	index node
}

// listNode is a list display [a, b, ...]; it builds a fresh []any per
// evaluation.
type listNode struct {
	pos   int
	elems []node
}

// tupleNode is a tuple (a, b, ...) or a bare top-level a, b; it builds a
// fresh Tuple per evaluation.
type tupleNode struct {
	pos   int
	elems []node
}

// negNode is unary minus.
type negNode struct {
	pos int
	x   node
}

// notNode is `not x`; it yields a bool.
type notNode struct {
	pos int
	x   node
}

// boolNode is `a and b and ...` or `a or b or ...`. All operands are
// evaluated (no short-circuit) and the result is a bool (§11.2, EXPR-5).
type boolNode struct {
	pos int // the first operator keyword
	and bool
	xs  []node
}

// cmpOp is one comparison operator of a chain.
type cmpOp uint8

const (
	opEq cmpOp = iota
	opNe
	opLt
	opLe
	opGt
	opGe
	opIs
	opIsNot
	opIn
	opNotIn
)

var cmpOpNames = [...]string{
	opEq: "==", opNe: "!=", opLt: "<", opLe: "<=", opGt: ">", opGe: ">=",
	opIs: "is", opIsNot: "is not", opIn: "in", opNotIn: "not in",
}

func (o cmpOp) String() string { return cmpOpNames[o] }

// compareNode is a comparison chain first op[0] rest[0] op[1] rest[1] ...;
// it evaluates pairwise, left to right, and stops at the first false.
type compareNode struct {
	first node
	ops   []cmpOp
	opPos []int
	rest  []node
}

// condNode is `then if cond else els`; only the chosen branch is evaluated.
type condNode struct {
	pos  int // the 'if'
	cond node
	then node
	els  node
}

func (n *constNode) position() int   { return n.pos }
func (n *nameNode) position() int    { return n.pos }
func (n *attrNode) position() int    { return n.pos }
func (n *indexNode) position() int   { return n.pos }
func (n *listNode) position() int    { return n.pos }
func (n *tupleNode) position() int   { return n.pos }
func (n *negNode) position() int     { return n.pos }
func (n *notNode) position() int     { return n.pos }
func (n *boolNode) position() int    { return n.pos }
func (n *compareNode) position() int { return n.opPos[0] }
func (n *condNode) position() int    { return n.pos }
