package engine

import (
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// TestOutputFoldSeesLateUpstreamOutputs: a DISCRIMINATOR join fires on
// its first upstream (§2.2), so a stage below it plans while the other
// upstream still runs. Outputs that upstream writes later must reach the
// stages planned afterwards (§4.2: every ancestor's current outputs),
// though the engine has cached the fold without them (outputfold.go). The
// harness also checks every cached fold against a full recomputation
// after each step.
func TestOutputFoldSeesLateUpstreamOutputs(t *testing.T) {
	d := st("D", "noop", "B", "C")
	d.JoinType = model.JoinDiscriminator
	def := wfOf(st("A", "noop"), st("B", "slow", "A"), st("C", "noop", "A"), d,
		st("E", "slow", "D"), st("F", "noop", "E"))
	inputs := map[string]map[string]any{}
	script := results(map[string][]model.TaskResult{
		"A": {ok(map[string]any{"a": 1.0, "l": []any{"a"}})},
		"B": {hold}, "E": {hold},
		"C": {ok(map[string]any{"c": 1.0, "l": []any{"c"}})},
	})
	h := newHarness(t, def, func(rt RunTask) (model.TaskResult, bool) {
		inputs[rt.Task.Stage] = rt.Input.Context
		return script(rt)
	})
	h.do(Started{At: t0})
	if _, has := inputs["E"]["b"]; has {
		t.Fatalf("E planned before B finished but sees b: %v", inputs["E"])
	}
	h.finish("B", ok(map[string]any{"b": 2.0, "l": []any{"b"}}))
	h.finish("E", ok(map[string]any{"e": 3.0}))
	h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED D:SUCCEEDED E:SUCCEEDED F:SUCCEEDED | WF:SUCCEEDED")
	got := inputs["F"]
	if got["a"] != 1.0 || got["b"] != 2.0 || got["c"] != 1.0 || got["e"] != 3.0 {
		t.Errorf("F's context misses ancestor outputs: %v", got)
	}
	// Topological order with ties in definition order: A, B, C, D, E.
	if l, _ := got["l"].([]any); len(l) != 3 || l[0] != "a" || l[1] != "b" || l[2] != "c" {
		t.Errorf("F's merged list = %v, want [a b c]", got["l"])
	}
}

// TestOutputFoldAfterBackwardJump: a backward jump clears the outputs of
// the stages it resets (§8.5), so the next run of the chain must not see
// the cached fold of the first run (JUMP-10: fresh upstream data).
func TestOutputFoldAfterBackwardJump(t *testing.T) {
	def := wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "B"), st("D", "noop", "C"))
	var dInputs []map[string]any
	script := results(map[string][]model.TaskResult{
		"A": {ok(map[string]any{"x": 1.0}), ok(map[string]any{"x": 2.0})},
		"B": {ok(map[string]any{"y": 1.0}), ok(nil)},
		"C": {{Status: model.StatusRedirect, JumpTo: "A"}, ok(nil)},
	})
	h := run(t, def, func(rt RunTask) (model.TaskResult, bool) {
		if rt.Task.Stage == "D" {
			dInputs = append(dInputs, rt.Input.Context)
		}
		return script(rt)
	})
	h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED D:SUCCEEDED | WF:SUCCEEDED")
	if len(dInputs) != 1 {
		t.Fatalf("D ran %d times, want 1", len(dInputs))
	}
	if got := dInputs[0]; got["x"] != 2.0 || got["y"] != nil {
		t.Errorf("D sees x=%v y=%v, want the second run's x=2 and no y", got["x"], got["y"])
	}
}
