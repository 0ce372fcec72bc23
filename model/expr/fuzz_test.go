package expr

import (
	"errors"
	"reflect"
	"testing"
)

// fuzzVars is the context every fuzzed expression is evaluated against.
func fuzzVars() map[string]any {
	return map[string]any{
		"x": 2.0, "n": 0.0, "s": "abc", "b": true, "z": nil,
		"l": []any{1.0, "a", nil, []any{2.0}},
		"m": map[string]any{"k": 1.0, "my-key": "v", "inner": map[string]any{"c": []any{}}},
	}
}

// FuzzCompileEval checks that no input makes Compile or Eval panic, that
// every error is an *Error for the given source with an in-range position,
// and that evaluation is deterministic.
func FuzzCompileEval(f *testing.F) {
	for _, seed := range []string{
		"x", "x or y", "x > 5", "'a' in n", "l[-1]", "l[5]", "a.b.c", "x.y", "null == None",
		"true", "True == 1", "1 == 1.0", "'5' == 5", "x + 1", "len(x)", "a[1:2]", "{'a':1}", "+x",
		"", "  ", "TRUE", " 0 ", "1 < x < 3", "x if b else s", "not not z", "-x", "--1", "-'a'",
		"m['my-key'] == 'v'", "m.inner.c", "l[3][0]", "(1, 2) < (1, 3)", "[1, 'a'] < [1, 2]",
		"x is not None and x > 5", "'''a\nb'''", `'\x41\u00e9\U0001F600\101\N{X}'`, `r'\d'`, `b'a' in b'abc'`,
		"0x1F == 31", "1_000 < 1e3", "99999999999999999999 > 1e19", "-(-9223372036854775808)",
		"(x ==\n 1)", "x == 1 # c", "1if x else 2", "a\nb", "1, 2,", "()", "(1,)", "[*a]", "lambda: 1",
		"[x for x in l]", "f'{x}'", "(y := 1)", "...", "1j", "0o17 + 0b1", "'a' 'b' b'c'", "a[1, 2]",
		"l[True]", "97 in b'abc'", "256 in b'a'", "[] in m", "m[[1]]", "1 is 1", "'x' not in s",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Compile(src)
		if err != nil {
			checkError(t, src, err)
			return
		}
		if p.Source() != src {
			t.Fatalf("Source() = %q; want %q", p.Source(), src)
		}
		v1, err1 := p.Eval(fuzzVars())
		v2, err2 := p.Eval(fuzzVars())
		if err1 != nil {
			checkError(t, src, err1)
			if err2 == nil || err1.Error() != err2.Error() {
				t.Fatalf("Eval(%q) not deterministic: %v then %v", src, err1, err2)
			}
			return
		}
		if err2 != nil || !reflect.DeepEqual(v1, v2) {
			t.Fatalf("Eval(%q) not deterministic: %#v then %#v, %v", src, v1, v2, err2)
		}
		_ = Truthy(v1)
		_ = repr(v1)
		if !sameValue(v1, v1) && !hasNaN(v1) {
			t.Fatalf("Eval(%q) = %#v is not equal to itself", src, v1)
		}
	})
}

func checkError(t *testing.T, src string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error for %q is %T (%v); want *Error", src, err, err)
	}
	if e.Expr != src {
		t.Fatalf("error Expr %q; want %q", e.Expr, src)
	}
	if e.Pos < -1 || e.Pos > len(src) {
		t.Fatalf("error position %d out of range for %q (len %d)", e.Pos, src, len(src))
	}
	if e.Msg == "" {
		t.Fatalf("empty error message for %q", src)
	}
	_ = e.Error()
}

// sameValue is equal() for values the fuzzer produces.
func sameValue(a, b any) bool { return equal(a, b) }

func hasNaN(v any) bool {
	switch x := v.(type) {
	case float64:
		return x != x
	case []any:
		for _, e := range x {
			if hasNaN(e) {
				return true
			}
		}
	case Tuple:
		for _, e := range x {
			if hasNaN(e) {
				return true
			}
		}
	}
	return false
}
