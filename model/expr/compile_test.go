package expr

import (
	"errors"
	"strconv"
	"sync"
	"testing"
)

// TestCompileRejects covers EXPR-4 and the last row of the §11.2 table:
// empty input, syntax errors and unsupported constructs are rejected by
// Compile with an *Error naming the position and what was expected.
func TestCompileRejects(t *testing.T) {
	cases := []struct {
		name string
		src  string
		pos  int
		msg  string
	}{
		{"EXPR-4/empty", "", -1, "expected an expression, found an empty or blank string"},
		{"EXPR-4/blank", " \t\n ", -1, "expected an expression, found an empty or blank string"},
		{"EXPR-4/missing operand at end", "a >", 3, "expected an operand, found end of input"},
		{"EXPR-4/missing operand at end after blanks", "a >  ", 3, "expected an operand, found end of input"},
		{"EXPR-4/two operands", "a b", 2, "expected end of input, found name 'b'"},
		{"EXPR-4/unclosed paren", "(a", 0, "'(' was never closed"},
		{"EXPR-4/unmatched paren", "a)", 1, "unmatched ')'"},
		{"EXPR-4/mismatched brackets", "(a]", 2, "closing ']' does not match opening '(' at position 0"},
		{"EXPR-4/assignment", "a = 1", 2, "expected end of input, found '=' (assignment is not an expression; did you mean '=='?)"},
		{"EXPR-4/keyword as a name", "class", 0, "expected an operand, found keyword 'class'"},
		{"EXPR-4/keyword after dot", "a.if", 2, "expected an attribute name after '.', found keyword 'if'"},
		{"EXPR-4/if without else", "1 if x", 6, "expected 'else' after the condition of the if-expression, found end of input"},
		{"EXPR-4/not without in", "a not b", 6, "expected 'in' after 'not', found name 'b'"},
		{"EXPR-4/not as an operand", "a == not b", 5, "expected an operand, found keyword 'not'"},
		{"EXPR-4/unterminated string", "'abc", 0, "unterminated string literal"},
		{"EXPR-4/unterminated triple string", "'''abc''", 0, "unterminated triple-quoted string literal"},
		{"EXPR-4/newline in a string", "'a\nb'", 0, "unterminated string literal (a newline ends it; use a triple-quoted string)"},
		{"EXPR-4/newline outside brackets", "a\nb", 1, "expected end of input, found a newline (wrap an expression that spans lines in parentheses)"},
		{"EXPR-4/indented first line after a comment line", "# c\n  x", 4, "unexpected indent: the first line of the expression after blank or comment lines must not be indented"},
		{"EXPR-4/leading zero", "x == 01", 5, `leading zeros in decimal integer literals are not permitted (found "01"; use an 0o prefix for octal)`},
		{"EXPR-4/bad underscore", "1__0", 0, `invalid decimal literal "1__0" ('_' must separate two digits)`},
		{"EXPR-4/trailing underscore", "1_", 0, `invalid decimal literal "1_" ('_' must separate two digits)`},
		{"EXPR-4/letters after a number", "1abc", 0, `invalid decimal literal "1abc"`},
		{"EXPR-4/bad hex", "0xg", 0, `invalid hexadecimal literal "0xg"`},
		{"EXPR-4/empty hex", "0x", 0, `invalid hexadecimal literal "0x"`},
		{"EXPR-4/invalid character", "a $ b", 2, "expected an operand or operator, found invalid character '$' (U+0024)"},
		{"EXPR-4/non-printable character", "a\u00a0== b", 1, "expected an operand or operator, found invalid non-printable character U+00A0"},
		{"EXPR-4/invalid UTF-8", "a == \xff", 5, "expected valid UTF-8, found byte 0xff"},
		{"EXPR-4/NUL byte in a string", "'a\x00'", 2, "expected source text, found a NUL byte"},
		{"EXPR-4/CRLF ends a single-quoted string", "'a\r\nb'", 0, "unterminated string literal (a newline ends it; use a triple-quoted string)"},
		{"EXPR-4/bad continuation", `a \ b`, 2, `expected a newline after the line continuation character '\'`},
		{"EXPR-4/truncated hex escape", `'\x4'`, 1, `truncated \x escape: expected 2 hex digits`},
		{"EXPR-4/truncated unicode escape", `'\u12'`, 1, `truncated \u escape: expected 4 hex digits`},
		{"EXPR-4/illegal code point", `'\U00110000'`, 1, `illegal Unicode character \U00110000 in the string literal`},
		{"EXPR-4/non-ASCII in bytes", "b'é'", 0, "bytes can only contain ASCII literal characters"},
		{"EXPR-4/bytes and string mixed", "b'a' 'b'", 5, "cannot mix bytes and string literals"},
		{"EXPR-4/empty subscript", "a[]", 2, "expected an operand, found ']'"},
		{"EXPR-4/missing comma in list", "[1 2]", 3, "expected ',' or ']' to close the '[' at position 0, found number 2"},
		{"EXPR-4/unsupported plus", "x + 1", 2, "unsupported expression: operator '+' (arithmetic and bitwise operators are not part of the expression language)"},
		{"EXPR-4/unsupported hyphen", "my-key", 2, "unsupported expression: operator '-' (arithmetic and bitwise operators are not part of the expression language; a key containing '-' can only be read with a subscript on its parent, as in parent['my-key'])"},
		{"EXPR-4/unsupported multiply", "a * 2 > 1", 2, "unsupported expression: operator '*' (arithmetic and bitwise operators are not part of the expression language)"},
		{"EXPR-4/unsupported modulo", "a % 2 == 0", 2, "unsupported expression: operator '%' (arithmetic and bitwise operators are not part of the expression language)"},
		{"EXPR-4/unsupported bitwise", "a | b", 2, "unsupported expression: operator '|' (arithmetic and bitwise operators are not part of the expression language)"},
		{"EXPR-4/unsupported power after minus", "-a ** 2", 3, "unsupported expression: operator '**' (arithmetic and bitwise operators are not part of the expression language)"},
		{"EXPR-4/unsupported call", "len(x)", 3, "unsupported expression: function call"},
		{"EXPR-4/unsupported method call", "s.upper()", 7, "unsupported expression: function call"},
		{"EXPR-4/unsupported slice", "a[1:2]", 3, "unsupported expression: slice"},
		{"EXPR-4/unsupported open slice", "a[:2]", 2, "unsupported expression: slice"},
		{"EXPR-4/unsupported dict literal", "{'a':1}", 0, "unsupported expression: dict or set literal"},
		{"EXPR-4/unsupported set literal", "x in {1, 2}", 5, "unsupported expression: dict or set literal"},
		{"EXPR-4/unsupported unary plus", "+x", 0, "unsupported expression: unary '+' (only unary '-' is supported)"},
		{"EXPR-4/unsupported unary tilde", "~x", 0, "unsupported expression: unary '~' (only unary '-' is supported)"},
		{"EXPR-4/unsupported nested unary plus", "-+x", 1, "unsupported expression: unary '+' (only unary '-' is supported)"},
		{"EXPR-4/unsupported lambda", "lambda: 1", 0, "unsupported expression: lambda"},
		{"EXPR-4/unsupported list comprehension", "[x for x in l]", 3, "unsupported expression: comprehension"},
		{"EXPR-4/unsupported generator", "(x for x in l)", 3, "unsupported expression: comprehension"},
		{"EXPR-4/unsupported f-string", "f'{x}'", 0, "unsupported expression: f-string"},
		{"EXPR-4/unsupported f-string after a string", "'a' f'{x}'", 4, "unsupported expression: f-string"},
		{"EXPR-4/unsupported walrus", "(y := 1)", 3, "unsupported expression: assignment expression ':='"},
		{"EXPR-4/unsupported starred", "[*a]", 1, "unsupported expression: starred expression"},
		{"EXPR-4/unsupported ellipsis", "...", 0, "unsupported expression: ellipsis"},
		{"EXPR-4/unsupported complex", "1j", 0, `unsupported expression: complex number literal "1j"`},
		{"EXPR-4/unsupported await", "await x", 0, "unsupported expression: await"},
		{"EXPR-4/unsupported yield", "(yield)", 1, "unsupported expression: yield"},
		{"EXPR-4/unsupported named escape", `'\N{DASH}'`, 1, `unsupported string escape \N{...}: use \u or \U with the code point`},
		{"EXPR-4/unsupported even in an unchosen branch", "1 if true else len(x)", 18, "unsupported expression: function call"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile(tc.src)
			if err == nil {
				t.Fatalf("Compile(%q) = %v; want an error", tc.src, p)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Compile(%q) error %T %v; want *Error", tc.src, err, err)
			}
			if e.Expr != tc.src || e.Pos != tc.pos || e.Msg != tc.msg {
				t.Errorf("Compile(%q) = &Error{Expr: %q, Pos: %d, Msg: %q}\nwant Pos %d, Msg %q", tc.src, e.Expr, e.Pos, e.Msg, tc.pos, tc.msg)
			}
		})
	}
}

// TestErrorFormat pins the message format other packages log and show.
func TestErrorFormat(t *testing.T) {
	cases := []struct {
		name string
		err  *Error
		want string
	}{
		{"with position", &Error{Expr: "a >", Pos: 3, Msg: "expected an operand, found end of input"},
			`expression "a >": position 3: expected an operand, found end of input`},
		{"without position", &Error{Expr: "", Pos: -1, Msg: "expected an expression, found an empty or blank string"},
			`expression "": expected an expression, found an empty or blank string`},
	}
	for _, tc := range cases {
		t.Run("EXPR-4/"+tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q; want %q", got, tc.want)
			}
		})
	}
}

// TestCompileCache checks that Compile returns the cached program for a
// source string, keeps the source as given, and is safe for concurrent use.
func TestCompileCache(t *testing.T) {
	const src = "  cache_probe == 1  "
	p1, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	if p1 != p2 {
		t.Errorf("Compile(%q) twice gave different programs", src)
	}
	if p1.Source() != src {
		t.Errorf("Source() = %q; want %q", p1.Source(), src)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := p1.EvalBool(map[string]any{"cache_probe": float64(i % 2)})
			if err != nil || got != (i%2 == 1) {
				t.Errorf("concurrent EvalBool(i=%d) = %v, %v", i, got, err)
			}
		}()
	}
	wg.Wait()
}

// TestCompileCacheBound checks the cache is emptied, not grown without
// bound, when more than cacheLimit distinct sources are compiled.
func TestCompileCacheBound(t *testing.T) {
	for i := range cacheLimit + 10 {
		if _, err := Compile("bound_probe == " + strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := cacheSize.Load(); n > cacheLimit {
		t.Errorf("cache size %d after overflow; want at most %d", n, cacheLimit)
	}
}
