// Package expr implements the Stabilize expression language
// (stabilize-semantics.md §11.2): the small, Python-flavoured condition
// language used by split_conditions, stageEnabled, router `when`, http
// `until` and loop conditions. It is its own language: no Python, CEL or
// expr-lang is embedded.
//
// Usage:
//
//	p, err := expr.Compile(`build.version == "2" and env in ["prod", "stage"]`)
//	if err != nil { ... } // *expr.Error: syntax or unsupported construct
//	ok, err := p.EvalBool(vars) // vars is JSON-decoded data
//
// Compile caches programs by source string, and a Program is immutable and
// safe for concurrent use, so Evaluate and EvalBool can be called on every
// evaluation. Every error, at compile time or at run time, is an *Error
// carrying the source, a byte position and a message.
//
// # Grammar
//
//	exprlist := expr ("," expr)* [","]          # a Tuple when a comma appears
//	expr     := or ["if" or "else" expr]
//	or       := and ("or" and)*
//	and      := not ("and" not)*
//	not      := "not" not | cmp
//	cmp      := unary (cmpop unary)*            # chained: 1 < x < 3
//	cmpop    := == | != | < | <= | > | >= | is | is not | in | not in
//	unary    := "-" unary | primary
//	primary  := atom ("." name | "[" exprlist "]")*
//	atom     := literal | name | "(" [exprlist] ")" | "[" [expr ("," expr)* [","]] "]"
//
// Literals follow Python: integers of any size (0x, 0o, 0b, 1_000), floats
// (1.5, 1e3), strings in single, double or triple quotes with Python escapes
// and r/u prefixes, bytes (b"..."), adjacent literals concatenated, and
// True/False/None. Comments (#) and newlines inside brackets are allowed.
// Arithmetic, bitwise operators, calls, slices, dict and set literals,
// lambdas, comprehensions, f-strings, starred items, ':=' and unary '+'
// and '~' are rejected by Compile.
//
// # Evaluation
//
//   - Fast path: after trimming, a case-insensitive "true" or "1" is true and
//     "false" or "0" is false. An empty or blank expression is an error.
//   - Names: true/True, false/False and null/none/None are constants, checked
//     before the context, so a context key with one of these names cannot be
//     read. Any other name reads the context key, and a missing key evaluates
//     to null, never an error.
//   - a.b is the b entry of a map (null if absent), otherwise null. a[k] is a
//     map entry, or a list or tuple element for an integer k (negative counts
//     from the end, out of range is null), otherwise null.
//   - == and != never fail; numbers (bool included) compare numerically, so
//     1 == 1.0 == True, while values of other different types are unequal;
//     lists, tuples and maps compare element-wise. Ordering incompatible
//     types (null < 5, 1 < "a") is an error; strings order by code point.
//   - in / not in are list or tuple membership, substring, or map key; a null
//     or other non-container right side is an error.
//   - is / is not are true only for null/null, true/true and false/false.
//   - and / or evaluate all operands (no short-circuit) and return a bool;
//     not returns a bool; c if t else e evaluates only the chosen branch.
//   - Unary '-' on a non-number is an error.
//   - Truthy gives Python truthiness of the result.
//
// # Values
//
// Context values are JSON-decoded data: nil, bool, float64, string, []any
// and map[string]any; int, int64, other integer kinds and json.Number are
// accepted too. Integer literals evaluate to int64 (*big.Int beyond its
// range) and float literals to float64. A tuple expression yields a Tuple
// and a bytes literal yields Bytes.
//
// # Differences from Python
//
// Unsupported constructs are rejected at compile time, even in a branch of
// an if-expression that would never be evaluated (Python fails only when it
// reaches them). Errors Python raises as a plain TypeError (unary minus on a
// non-number, an unhashable map subscript) are *Error here. A float64 with
// an integral value indexes a list, because Go decodes every JSON number to
// float64. Identifiers are not NFKC-normalized, the \N{name} escape, complex
// literals and the ellipsis are rejected, and `is` follows the Go rule above.
package expr
