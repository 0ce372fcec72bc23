package engine

import (
	"reflect"
	"testing"
)

// TestExtendHistoryNeverAliases: lists that share a prefix (two stages
// jumping from the same history, §8.7) each keep their own items, however
// the engine extends them in place (history.go).
func TestExtendHistoryNeverAliases(t *testing.T) {
	e := &Engine{}
	var h []any
	for i := range 5 {
		h = e.extendHistory(h, i)
	}
	a := e.extendHistory(h, "a") // extends in place: h is the high-water mark
	b := e.extendHistory(h, "b") // must not overwrite a's last item
	c := e.extendHistory(a, "c")
	d := e.extendHistory(a, "d")
	want := func(prefix []any, extra ...any) []any { return append(append([]any{}, prefix...), extra...) }
	base := []any{0, 1, 2, 3, 4}
	for _, tc := range []struct {
		name      string
		got, want []any
	}{
		{"h", h, base},
		{"a", a, want(base, "a")},
		{"b", b, want(base, "b")},
		{"c", c, want(base, "a", "c")},
		{"d", d, want(base, "a", "d")},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	// A list the engine did not build (decoded after continue-as-new, or
	// from a definition) is copied, never written into.
	foreign := make([]any, 1, 8)
	foreign[0] = "x"
	_ = e.extendHistory(foreign, "y")
	if foreign[:2][1] != nil {
		t.Errorf("a foreign list's spare capacity was written: %v", foreign[:2])
	}
}
