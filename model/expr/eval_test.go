package expr

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
)

// evalCase is one row of the evaluation tables: src evaluated against vars
// gives want, or an *Error whose message contains wantErr at position
// wantPos.
type evalCase struct {
	name    string
	src     string
	vars    map[string]any
	want    any
	wantErr string
	wantPos int
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Evaluate(tc.src, tc.vars)
			if tc.wantErr != "" {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("Evaluate(%q) = %#v, %v; want an *Error containing %q", tc.src, got, err, tc.wantErr)
				}
				if !strings.Contains(e.Msg, tc.wantErr) {
					t.Errorf("Evaluate(%q) error %q; want it to contain %q", tc.src, e.Msg, tc.wantErr)
				}
				if e.Pos != tc.wantPos {
					t.Errorf("Evaluate(%q) error position %d; want %d (%v)", tc.src, e.Pos, tc.wantPos, e)
				}
				if e.Expr != tc.src {
					t.Errorf("Evaluate(%q) error Expr %q; want the source", tc.src, e.Expr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Evaluate(%q) error: %v", tc.src, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Evaluate(%q) = %#v (%T); want %#v (%T)", tc.src, got, got, tc.want, tc.want)
			}
		})
	}
}

// TestSemanticsTable pins down every row of the table at the end of
// stabilize-semantics.md §11.2 (the rejected constructs of its last row are
// in TestCompileRejects).
func TestSemanticsTable(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "§11.2/x with x=0 is 0", src: "x", vars: map[string]any{"x": 0.0}, want: 0.0},
		{name: "§11.2/x or y returns a bool", src: "x or y", vars: map[string]any{"x": 0.0, "y": "s"}, want: true},
		{name: "§11.2/x > 5 with x missing is an error", src: "x > 5", wantErr: "'>' cannot order null and int (got null > 5)", wantPos: 2},
		{name: "§11.2/'a' in n with n missing is an error", src: "'a' in n", wantErr: "'in' needs a list, tuple, string, bytes or map on the right, got null", wantPos: 4},
		{name: "§11.2/l[-1] counts from the end", src: "l[-1]", vars: map[string]any{"l": []any{1.0, 2.0}}, want: 2.0},
		{name: "§11.2/l[5] out of range is null", src: "l[5]", vars: map[string]any{"l": []any{1.0}}, want: nil},
		{name: "§11.2/a.b.c nested maps", src: "a.b.c", vars: map[string]any{"a": map[string]any{"b": map[string]any{"c": 3.0}}}, want: 3.0},
		{name: "§11.2/x.y on a list is null", src: "x.y", vars: map[string]any{"x": []any{1.0}}, want: nil},
		{name: "§11.2/null == None", src: "null == None", want: true},
		{name: "§11.2/true is checked before the context", src: "true", vars: map[string]any{"true": 5.0}, want: true},
		{name: "§11.2/True == 1", src: "True == 1", want: true},
		{name: "§11.2/1 == 1.0", src: "1 == 1.0", want: true},
		{name: "§11.2/'5' == 5 is false", src: "'5' == 5", want: false},
	})
}

// TestSemanticsExamples pins down the expression examples of §2.5
// (stageEnabled) and §5.2 (OR split).
func TestSemanticsExamples(t *testing.T) {
	upstream := map[string]any{"A": map[string]any{"flag": false}}
	runEvalCases(t, []evalCase{
		{name: "§2.5/A.flag == True with flag false", src: "A.flag == True", vars: upstream, want: false},
		{name: "§2.5/flag == False with flag missing (None == False)", src: "flag == False", vars: upstream, want: false},
		{name: "§2.5/build.version == \"2\"", src: `build.version == "2"`, vars: map[string]any{"build": map[string]any{"version": "2"}}, want: true},
		{name: "§5.2/n > 1 with n=3", src: "n > 1", vars: map[string]any{"n": 3.0}, want: true},
		{name: "§5.2/n > 5 with n=3", src: "n > 5", vars: map[string]any{"n": 3.0}, want: false},
		{name: "§5.2/missing_key == None", src: "missing_key == None", vars: map[string]any{"n": 3.0}, want: true},
		{name: "§5.2/n > 1 with n=0", src: "n > 1", vars: map[string]any{"n": 0.0}, want: false},
		{name: "§5.2/-x with x missing is an ExpressionError (Go rule)", src: "-x", wantErr: "unary '-' needs a number, got null", wantPos: 0},
	})
}

// TestEXPR1Literals covers EXPR-1: literals, the fast path and the
// lowercase true/false/null/none names.
func TestEXPR1Literals(t *testing.T) {
	huge, _ := new(big.Int).SetString("99999999999999999999", 10)
	runEvalCases(t, []evalCase{
		{name: "EXPR-1/fast path true", src: "true", want: true},
		{name: "EXPR-1/fast path TRUE", src: "TRUE", want: true},
		{name: "EXPR-1/fast path tRuE trimmed", src: "  tRuE \n", want: true},
		{name: "EXPR-1/fast path 1 is a bool", src: " 1 ", want: true},
		{name: "EXPR-1/fast path false", src: "false", want: false},
		{name: "EXPR-1/fast path FALSE", src: "FALSE", want: false},
		{name: "EXPR-1/fast path 0 is a bool", src: "0", want: false},
		{name: "EXPR-1/True", src: "True", want: true},
		{name: "EXPR-1/False", src: "False", want: false},
		{name: "EXPR-1/None", src: "None", want: nil},
		{name: "EXPR-1/none", src: "none", want: nil},
		{name: "EXPR-1/null", src: "null", want: nil},
		{name: "EXPR-1/null is checked before the context", src: "null", vars: map[string]any{"null": 1.0}, want: nil},
		{name: "EXPR-1/false is checked before the context", src: "false or false", vars: map[string]any{"false": 1.0}, want: false},
		{name: "EXPR-1/single-quoted string", src: "'abc'", want: "abc"},
		{name: "EXPR-1/double-quoted string", src: `"abc"`, want: "abc"},
		{name: "EXPR-1/triple-quoted string with a newline", src: "'''a\nb'''", want: "a\nb"},
		{name: "EXPR-1/triple double quotes", src: `"""it's "x" """`, want: `it's "x" `},
		{name: "EXPR-1/escapes", src: `'a\tb\n\\\'\x41\u00e9\U0001F600\101'`, want: "a\tb\n\\'Aé😀A"},
		{name: "EXPR-1/unknown escape keeps the backslash", src: `'\d'`, want: `\d`},
		{name: "EXPR-1/raw string", src: `r'\n\d'`, want: `\n\d`},
		{name: "EXPR-1/adjacent literals concatenate", src: `'a' "b" '''c'''`, want: "abc"},
		{name: "EXPR-1/bytes literal", src: `b'a\x00'`, want: Bytes("a\x00")},
		{name: "EXPR-1/integer is int64", src: "42", want: int64(42)},
		{name: "EXPR-1/hex", src: "0x1F", want: int64(31)},
		{name: "EXPR-1/octal and binary", src: "[0o17, 0b101, 0O7, 0B1]", want: []any{int64(15), int64(5), int64(7), int64(1)}},
		{name: "EXPR-1/underscores", src: "1_000_000", want: int64(1000000)},
		{name: "EXPR-1/exponent is a float", src: "1e3", want: 1000.0},
		{name: "EXPR-1/float forms", src: "[1.5, .5, 1., 1.e2, 1_0.2_5, 2E-1]", want: []any{1.5, 0.5, 1.0, 100.0, 10.25, 0.2}},
		{name: "EXPR-1/float overflow is inf", src: "1e400", want: math.Inf(1)},
		{name: "EXPR-1/int beyond int64 stays exact", src: "99999999999999999999", want: huge},
		{name: "EXPR-1/negative literal", src: "-5", want: int64(-5)},
		{name: "EXPR-1/list", src: "[1, 'a', None, [True]]", want: []any{int64(1), "a", nil, []any{true}}},
		{name: "EXPR-1/empty list and trailing comma", src: "[[], [1,]]", want: []any{[]any{}, []any{int64(1)}}},
		{name: "EXPR-1/tuple", src: "(1, 'a')", want: Tuple{int64(1), "a"}},
		{name: "EXPR-1/one-element tuple", src: "(1,)", want: Tuple{int64(1)}},
		{name: "EXPR-1/empty tuple", src: "()", want: Tuple{}},
		{name: "EXPR-1/bare top-level tuple", src: "1, 2", want: Tuple{int64(1), int64(2)}},
		{name: "EXPR-1/parentheses group", src: "(1)", want: int64(1)},
		{name: "EXPR-1/comment", src: "x == 1  # one", vars: map[string]any{"x": 1.0}, want: true},
		{name: "EXPR-1/newlines inside brackets", src: "(x ==\n 1\n)", vars: map[string]any{"x": 1.0}, want: true},
		{name: "EXPR-1/comment line before the expression", src: "# why\nx == 1", vars: map[string]any{"x": 1.0}, want: true},
		{name: "EXPR-1/comment lines after the expression", src: "x == 1 # a\n# b", vars: map[string]any{"x": 1.0}, want: true},
		{name: "EXPR-1/line continuation", src: "x == \\\n 1", vars: map[string]any{"x": 1.0}, want: true},
		{name: "EXPR-1/CRLF line continuation in a string", src: "'a\\\r\nb'", want: "ab"},
		{name: "EXPR-1/CRLF in a triple-quoted string becomes LF", src: "'''a\r\nb\rc'''", want: "a\nb\nc"},
		{name: "EXPR-1/lone surrogate escape", src: `'\ud800' < '\ue000'`, want: true},
		{name: "EXPR-1/bytes keep \\u literally", src: `b'\u0041'`, want: Bytes(`\u0041`)},
		{name: "EXPR-1/keyword touching a number", src: "1if x else 2", want: int64(2)},
	})
}

// TestEXPR2Lookups covers EXPR-2: a missing key is null, and nested '.'
// and '[]' on maps, lists and tuples.
func TestEXPR2Lookups(t *testing.T) {
	vars := map[string]any{
		"a":     map[string]any{"b": map[string]any{"c": 3.0}, "my-key": "hy", "list": []any{map[string]any{"name": "n0"}}},
		"l":     []any{10.0, 20.0, 30.0},
		"s":     "str",
		"i":     1.0,
		"f":     1.5,
		"empty": map[string]any{},
	}
	runEvalCases(t, []evalCase{
		{name: "EXPR-2/missing key is null", src: "missing", vars: vars, want: nil},
		{name: "EXPR-2/missing key with nil context", src: "missing", want: nil},
		{name: "EXPR-2/missing nested key is null", src: "a.missing.deeper", vars: vars, want: nil},
		{name: "EXPR-2/subscript on a map", src: "a['b']['c']", vars: vars, want: 3.0},
		{name: "EXPR-2/mixed dot and subscript", src: `a.b["c"]`, vars: vars, want: 3.0},
		{name: "EXPR-2/key that is not an identifier", src: "a['my-key']", vars: vars, want: "hy"},
		{name: "EXPR-2/subscript key from an expression", src: "a[k]", vars: map[string]any{"a": map[string]any{"x": 1.0}, "k": "x"}, want: 1.0},
		{name: "EXPR-2/list element then attribute", src: "a.list[0].name", vars: vars, want: "n0"},
		{name: "EXPR-2/list index", src: "l[1]", vars: vars, want: 20.0},
		{name: "EXPR-2/negative list index", src: "l[-3]", vars: vars, want: 10.0},
		{name: "EXPR-2/negative index out of range is null", src: "l[-4]", vars: vars, want: nil},
		{name: "EXPR-2/huge index is null", src: "l[99999999999999999999]", vars: vars, want: nil},
		{name: "EXPR-2/bool index is an int", src: "l[True]", vars: vars, want: 20.0},
		{name: "EXPR-2/integral float64 from JSON indexes a list", src: "l[i]", vars: vars, want: 20.0},
		{name: "EXPR-2/fractional float does not index", src: "l[f]", vars: vars, want: nil},
		{name: "EXPR-2/string key on a list is null", src: "l['a']", vars: vars, want: nil},
		{name: "EXPR-2/subscript on a string is null", src: "s[0]", vars: vars, want: nil},
		{name: "EXPR-2/subscript on null is null", src: "missing[0]", vars: vars, want: nil},
		{name: "EXPR-2/tuple subscript", src: "(1, 2)[-1]", want: int64(2)},
		{name: "EXPR-2/int key on a map is null", src: "a[1]", vars: vars, want: nil},
		{name: "EXPR-2/tuple key on a map is null", src: "a[1, 2]", vars: vars, want: nil},
		{name: "EXPR-2/list key on a map is an error", src: "empty[[1]]", vars: vars, wantErr: "a map subscript needs a hashable key, got list", wantPos: 5},
		{name: "EXPR-2/attribute on a string is null", src: "s.upper", vars: vars, want: nil},
		{name: "EXPR-2/soft keyword as a name", src: "match", vars: map[string]any{"match": "m"}, want: "m"},
		{name: "EXPR-2/unicode name", src: "größe", vars: map[string]any{"größe": 2.0}, want: 2.0},
	})
}

// TestEXPR3Operators covers EXPR-3: comparisons, in, boolean operators and
// the if-expression, plus the Python value rules of §11.2.
func TestEXPR3Operators(t *testing.T) {
	vars := map[string]any{
		"x": 2.0, "s": "abc", "l": []any{1.0, "a", nil}, "m": map[string]any{"k": 1.0},
		"m2": map[string]any{"k": 1}, "status": "ok", "retries": 1.0, "failed": false,
	}
	runEvalCases(t, []evalCase{
		{name: "EXPR-3/==", src: "x == 2", vars: vars, want: true},
		{name: "EXPR-3/!=", src: "x != 2", vars: vars, want: false},
		{name: "EXPR-3/<", src: "x < 3", vars: vars, want: true},
		{name: "EXPR-3/<=", src: "x <= 2.0", vars: vars, want: true},
		{name: "EXPR-3/>", src: "x > 2", vars: vars, want: false},
		{name: "EXPR-3/>=", src: "x >= 2", vars: vars, want: true},
		{name: "EXPR-3/chained true", src: "1 < x < 3", vars: vars, want: true},
		{name: "EXPR-3/chained false", src: "1 < x < 2", vars: vars, want: false},
		{name: "EXPR-3/chained mixed ops", src: "1 < x == 2.0 != 3", vars: vars, want: true},
		{name: "EXPR-3/chain stops at the first false", src: "1 > 2 < None", want: false},
		{name: "EXPR-3/chain reaches an error", src: "1 < 2 < None", wantErr: "'<' cannot order int and null", wantPos: 6},
		{name: "EXPR-3/strings order by code point", src: "'B' < 'a' < 'b' < 'é' < '😀'", want: true},
		{name: "EXPR-3/lists compare element-wise", src: "[1, 2] < [1, 3] and [1] < [1, 0] and [1, 2] == [1.0, 2]", want: true},
		{name: "EXPR-3/list ordering reaches incompatible elements", src: "[1, 'a'] < [1, 2]", wantErr: "'<' cannot order string and int", wantPos: 9},
		{name: "EXPR-3/tuples compare element-wise", src: "(1, 2) < (1, 3)", want: true},
		{name: "EXPR-3/tuple never equals a list", src: "(1, 2) == [1, 2]", want: false},
		{name: "EXPR-3/tuple and list cannot be ordered", src: "(1,) < [1]", wantErr: "'<' cannot order tuple and list", wantPos: 5},
		{name: "EXPR-3/maps compare by content", src: "m == m2", vars: vars, want: true},
		{name: "EXPR-3/maps cannot be ordered", src: "m < m2", vars: vars, wantErr: "'<' cannot order map and map", wantPos: 2},
		{name: "EXPR-3/True == 1.0", src: "True == 1.0 and False == 0 and True < 2", want: true},
		{name: "EXPR-3/int and float compare exactly", src: "9007199254740993 == 9007199254740992.0", want: false},
		{name: "EXPR-3/int and float equal exactly", src: "9007199254740992 == 9007199254740992.0", want: true},
		{name: "EXPR-3/big int against float", src: "99999999999999999999 > 1e19 and -99999999999999999999 < -1e19", want: true},
		{name: "EXPR-3/different types are unequal", src: "'1' != 1 and None != False and [] != () and b'a' != 'a'", want: true},
		{name: "EXPR-3/string vs number ordering is an error", src: "1 < 'a'", wantErr: "'<' cannot order int and string (got 1 < \"a\")", wantPos: 2},
		{name: "EXPR-3/bytes vs string ordering is an error", src: "b'a' <= 'a'", wantErr: "'<=' cannot order bytes and string", wantPos: 5},
		{name: "EXPR-3/in list", src: "'a' in l", vars: vars, want: true},
		{name: "EXPR-3/in list numeric", src: "1 in l and True in l and None in l", vars: vars, want: true},
		{name: "EXPR-3/not in list", src: "'z' not in l", vars: vars, want: true},
		{name: "EXPR-3/in list literal", src: "x in [1, 2, 3]", vars: vars, want: true},
		{name: "EXPR-3/in tuple", src: "x in (2,)", vars: vars, want: true},
		{name: "EXPR-3/substring", src: "'bc' in s and '' in s", vars: vars, want: true},
		{name: "EXPR-3/not a substring", src: "'x' not in s", vars: vars, want: true},
		{name: "EXPR-3/map key", src: "'k' in m and 'z' not in m", vars: vars, want: true},
		{name: "EXPR-3/non-string key is not in a map", src: "1 in m", vars: vars, want: false},
		{name: "EXPR-3/bytes membership", src: "b'b' in b'abc' and 97 in b'abc'", want: true},
		{name: "EXPR-3/in a number is an error", src: "1 in x", vars: vars, wantErr: "got float (2.0)", wantPos: 2},
		{name: "EXPR-3/non-string in a string is an error", src: "1 in s", vars: vars, wantErr: "'in' with a string on the right needs a string on the left, got int (1)", wantPos: 2},
		{name: "EXPR-3/list in a map is an error", src: "[] in m", vars: vars, wantErr: "needs a hashable key on the left, got list", wantPos: 3},
		{name: "EXPR-3/not in on null is an error", src: "'a' not in n", wantErr: "got null", wantPos: 4},
		{name: "EXPR-3/is None", src: "n is None and n is null", want: true},
		{name: "EXPR-3/is not None", src: "x is not None", vars: vars, want: true},
		{name: "EXPR-3/is True", src: "True is True and not (True is False)", want: true},
		{name: "EXPR-3/ints are never identical (Go rule)", src: "1 is 1", want: false},
		{name: "EXPR-3/strings are never identical (Go rule)", src: "'a' is not 'a'", want: true},
		{name: "EXPR-3/True is not 1", src: "True is 1", want: false},
		{name: "EXPR-3/and returns a bool", src: "'a' and 2", want: true},
		{name: "EXPR-3/and false", src: "1 and 0 and 1", want: false},
		{name: "EXPR-3/or returns a bool", src: "0 or 'a'", want: true},
		{name: "EXPR-3/or false", src: "0 or '' or []", want: false},
		{name: "EXPR-3/not returns a bool", src: "not 0", want: true},
		{name: "EXPR-3/not not", src: "not not 'a'", want: true},
		{name: "EXPR-3/not binds looser than ==", src: "not 1 == 2", want: true},
		{name: "EXPR-3/and binds tighter than or", src: "1 or 0 and 0", want: true},
		{name: "EXPR-3/if-expression then", src: "'yes' if x > 1 else 'no'", vars: vars, want: "yes"},
		{name: "EXPR-3/if-expression else", src: "'yes' if x > 5 else 'no'", vars: vars, want: "no"},
		{name: "EXPR-3/if-expression evaluates only the chosen branch", src: "1 if true else missing > 5", want: int64(1)},
		{name: "EXPR-3/if-expression else branch only", src: "missing > 5 if false else 2", want: int64(2)},
		{name: "EXPR-3/nested if-expression is right-associative", src: "1 if false else 2 if false else 3", want: int64(3)},
		{name: "EXPR-3/complex expression", src: "(status == 'ok' or retries >= 3) and not failed and 'k' in m", vars: vars, want: true},
		{name: "EXPR-3/unary minus", src: "-x == -2 and --1 == 1 and -True == -1 and -1.5 < 0", vars: vars, want: true},
		{name: "EXPR-3/unary minus of the smallest int64", src: "-(-9223372036854775808) == 9223372036854775808", want: true},
		{name: "EXPR-3/unary minus on a string is an error (Go rule)", src: "-'a'", wantErr: "unary '-' needs a number, got string", wantPos: 0},
	})
}

// TestEXPR5NoShortCircuit covers EXPR-5: and/or evaluate every operand, and
// ordering against null is an error.
func TestEXPR5NoShortCircuit(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "EXPR-5/x is not None and x > 5 with x missing", src: "x is not None and x > 5", wantErr: "'>' cannot order null and int", wantPos: 20},
		{name: "EXPR-5/false and error", src: "false and x > 5", wantErr: "cannot order null and int", wantPos: 12},
		{name: "EXPR-5/true or error", src: "true or x < 5", wantErr: "cannot order null and int", wantPos: 10},
		{name: "EXPR-5/null < 5", src: "None < 5", wantErr: "'<' cannot order null and int", wantPos: 5},
		{name: "EXPR-5/5 >= null", src: "5 >= x", wantErr: "'>=' cannot order int and null", wantPos: 2},
		{name: "EXPR-5/null <= null", src: "None <= None", wantErr: "'<=' cannot order null and null", wantPos: 5},
		{name: "EXPR-5/x and y with x present", src: "x > 1 and y > 1", vars: map[string]any{"x": 2.0, "y": 0.0}, want: false},
	})
}

// TestInputValues checks the defensive value types accepted in vars.
func TestInputValues(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "values/int", src: "n > 1 and n == 3", vars: map[string]any{"n": 3}, want: true},
		{name: "values/int64", src: "n == 3.0", vars: map[string]any{"n": int64(3)}, want: true},
		{name: "values/uint64 beyond int64", src: "n > 9223372036854775807", vars: map[string]any{"n": uint64(math.MaxUint64)}, want: true},
		{name: "values/json.Number int", src: "n == 3 and l[n] == 'd'", vars: map[string]any{"n": json.Number("3"), "l": []any{"a", "b", "c", "d"}}, want: true},
		{name: "values/json.Number float", src: "n == 2.5", vars: map[string]any{"n": json.Number("2.5")}, want: true},
		{name: "values/typed slice", src: "'b' in l and l[-1] == 'c'", vars: map[string]any{"l": []string{"a", "b", "c"}}, want: true},
		{name: "values/typed map", src: "m.k == 'v' and 'k' in m", vars: map[string]any{"m": map[string]string{"k": "v"}}, want: true},
		{name: "values/NaN is unequal to itself", src: "x == x", vars: map[string]any{"x": math.NaN()}, want: false},
		{name: "values/NaN orders false", src: "x < 1 or x >= 1", vars: map[string]any{"x": math.NaN()}, want: false},
		{name: "values/name returns the value as given", src: "x", vars: map[string]any{"x": 7}, want: 7},
	})
}

// TestTruthy pins Python truthiness (§11.2 "Truthiness").
func TestTruthy(t *testing.T) {
	cases := []struct {
		name string
		v    any
		want bool
	}{
		{"null", nil, false}, {"false", false, false}, {"true", true, true},
		{"0", int64(0), false}, {"int 0", 0, false}, {"0.0", 0.0, false}, {"-0.0", math.Copysign(0, -1), false},
		{"1", int64(1), true}, {"0.1", 0.1, true}, {"NaN", math.NaN(), true},
		{"empty string", "", false}, {"string", "a", true}, {"string 0", "0", true},
		{"empty bytes", Bytes(""), false}, {"bytes", Bytes("a"), true},
		{"empty list", []any{}, false}, {"list", []any{nil}, true},
		{"empty tuple", Tuple{}, false}, {"tuple", Tuple{false}, true},
		{"empty map", map[string]any{}, false}, {"map", map[string]any{"a": nil}, true},
		{"big zero", new(big.Int), false}, {"json 0", json.Number("0"), false}, {"json 0.0", json.Number("0.0"), false},
		{"typed empty slice", []string{}, false}, {"typed map", map[string]int{"a": 0}, true},
	}
	for _, tc := range cases {
		t.Run("§11.2/truthiness "+tc.name, func(t *testing.T) {
			if got := Truthy(tc.v); got != tc.want {
				t.Errorf("Truthy(%#v) = %v; want %v", tc.v, got, tc.want)
			}
		})
	}
}

// TestEvalBool checks EvalBool applies truthiness to the result.
func TestEvalBool(t *testing.T) {
	cases := []struct {
		name string
		src  string
		vars map[string]any
		want bool
	}{
		{"§2.5/enabled when truthy", "x", map[string]any{"x": "s"}, true},
		{"§2.5/disabled when 0", "x", map[string]any{"x": 0.0}, false},
		{"§2.5/disabled when missing", "x", nil, false},
		{"§11.2/empty tuple is falsy", "()", nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EvalBool(tc.src, tc.vars)
			if err != nil || got != tc.want {
				t.Errorf("EvalBool(%q) = %v, %v; want %v, nil", tc.src, got, err, tc.want)
			}
		})
	}
	if _, err := EvalBool("x > 1", nil); err == nil {
		t.Errorf("EvalBool(%q) with x missing: want an error", "x > 1")
	}
	if _, err := EvalBool("x +", nil); err == nil {
		t.Errorf("EvalBool(%q): want a compile error", "x +")
	}
}
