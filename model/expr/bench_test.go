package expr

import "testing"

// BenchmarkEvalCached measures the cost callers pay per evaluation when they
// call Evaluate with a source string already in the cache.
func BenchmarkEvalCached(b *testing.B) {
	const src = `build.version == "2" and env in ["prod", "stage"] and 0 < retries <= 3`
	vars := map[string]any{
		"build":   map[string]any{"version": "2"},
		"env":     "prod",
		"retries": 2.0,
	}
	if ok, err := EvalBool(src, vars); err != nil || !ok {
		b.Fatalf("EvalBool = %v, %v; want true, nil", ok, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EvalBool(src, vars); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompile measures an uncached compile of the same expression.
func BenchmarkCompile(b *testing.B) {
	const src = `build.version == "2" and env in ["prod", "stage"] and 0 < retries <= 3`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile(src); err != nil {
			b.Fatal(err)
		}
	}
}
