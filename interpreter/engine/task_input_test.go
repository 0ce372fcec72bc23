package engine

import (
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// TestTaskInputLeavesOutJumpHistory pins the task-input rule of
// docs/wire-contract.md: after router jumps (LOOP-1, §8.7) the body's
// RunTask input carries _jump_count but not _jump_history, while the
// stage context (status query, State) still holds the full history.
func TestTaskInputLeavesOutJumpHistory(t *testing.T) {
	def := wfOf(
		ctx(st("body", "noop"), "k", "v"),
		ctx(st("route", model.TaskRouter, "body"), KeyRoutes, []any{map[string]any{
			"when": "(_jump_count if _jump_count is not None else 0) < 3", "jump_to": "body"}}),
	)
	var inputs []model.TaskInput
	h := run(t, def, func(rt RunTask) (model.TaskResult, bool) {
		inputs = append(inputs, rt.Input)
		return ok(nil), true
	})
	h.expect("body:SUCCEEDED route:SUCCEEDED | WF:SUCCEEDED")
	if len(inputs) != 4 {
		t.Fatalf("body ran %d times, want 4", len(inputs))
	}
	for i, in := range inputs {
		if _, has := in.Context[KeyJumpHistory]; has {
			t.Errorf("run %d: task input carries %s", i, KeyJumpHistory)
		}
		if in.Context["k"] != "v" {
			t.Errorf("run %d: task input lost the stage's own key: %v", i, in.Context)
		}
		if i == 0 {
			continue
		}
		if n, _ := jsonInt(in.Context[KeyJumpCount]); n != i {
			t.Errorf("run %d: %s = %v, want %d", i, KeyJumpCount, in.Context[KeyJumpCount], i)
		}
	}
	for _, ref := range []string{"body", "route"} {
		s, _ := h.e.StageView(ref)
		if hist, _ := s.Context[KeyJumpHistory].([]any); len(hist) != 3 {
			t.Errorf("%s: stage context %s has %d entries, want 3", ref, KeyJumpHistory, len(hist))
		}
	}
}
