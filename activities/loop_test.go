package activities

import (
	"context"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestLoopCondition(t *testing.T) {
	tests := []struct {
		name     string
		ref      string
		ctx      map[string]any
		status   model.WorkflowStatus
		jumpTo   string
		context  map[string]any
		errMatch string
	}{
		{name: "semantics §8.10 while: true below the bound counts the iteration and succeeds",
			ref: "w_condition", ctx: map[string]any{"_loop_condition": "x < 3", "x": 1.0, "_loop_iteration": 2.0, "_loop_max_iterations": 3.0},
			status: model.StatusSucceeded, context: map[string]any{"_loop_iteration": 3.0}},
		{name: "semantics §8.10 while: defaults (_loop_type while, iteration 0, bound 100)",
			ref: "w_condition", ctx: map[string]any{"_loop_condition": true},
			status: model.StatusSucceeded, context: map[string]any{"_loop_iteration": 1.0}},
		{name: "semantics §8.10 while: false jumps forward to <prefix>_loopback with _loop_exit",
			ref: "w_condition", ctx: map[string]any{"_loop_condition": "x < 3", "x": 3.0, "_loop_iteration": 1.0, "_loop_type": "while"},
			status: model.StatusRedirect, jumpTo: "w_loopback", context: map[string]any{"_loop_exit": true, "_loop_iteration": 0.0}},
		{name: "semantics §8.10 while: true at the bound exits too",
			ref: "retry_condition", ctx: map[string]any{"_loop_condition": "True", "_loop_iteration": 3.0, "_loop_max_iterations": 3.0},
			status: model.StatusRedirect, jumpTo: "retry_loopback", context: map[string]any{"_loop_exit": true, "_loop_iteration": 0.0}},
		{name: "semantics §8.10 repeat_until: true exits with the counter cleared",
			ref: "r_condition", ctx: map[string]any{"_loop_condition": "done", "done": true, "_loop_iteration": 4.0, "_loop_type": "repeat_until", "_loop_target_ref_id": "r_entry"},
			status: model.StatusSucceeded, context: map[string]any{"_loop_iteration": 0.0}},
		{name: "semantics §8.10 repeat_until: false below the bound jumps to the entry with the next iteration",
			ref: "r_condition", ctx: map[string]any{"_loop_condition": "done", "_loop_iteration": 1.0, "_loop_max_iterations": 3.0, "_loop_type": "repeat_until", "_loop_target_ref_id": "r_entry"},
			status: model.StatusRedirect, jumpTo: "r_entry", context: map[string]any{"_loop_iteration": 2.0}},
		{name: "semantics §8.10 repeat_until: false at the bound is terminal",
			ref: "r_condition", ctx: map[string]any{"_loop_condition": "done", "_loop_iteration": 2.0, "_loop_max_iterations": 3.0, "_loop_type": "repeat_until", "_loop_target_ref_id": "r_entry"},
			status: model.StatusTerminal, errMatch: "loop iteration limit reached"},
		{name: "a missing condition is terminal", ref: "w_condition", ctx: map[string]any{},
			status: model.StatusTerminal, errMatch: "context._loop_condition: expected an expression string or a boolean"},
		{name: "an expression error is terminal (§11.2: ordering against null)",
			ref: "w_condition", ctx: map[string]any{"_loop_condition": "missing > 5"},
			status: model.StatusTerminal, errMatch: "LoopConditionTask: context._loop_condition:"},
		{name: "an unknown loop type is terminal",
			ref: "w_condition", ctx: map[string]any{"_loop_condition": "true", "_loop_type": "until"},
			status: model.StatusTerminal, errMatch: "context._loop_type"},
		{name: "a while condition not named <prefix>_condition is terminal",
			ref: "check", ctx: map[string]any{"_loop_condition": "true"},
			status: model.StatusTerminal, errMatch: "<prefix>_loopback"},
		{name: "repeat_until needs _loop_target_ref_id",
			ref: "r_condition", ctx: map[string]any{"_loop_condition": "true", "_loop_type": "repeat_until"},
			status: model.StatusTerminal, errMatch: "context._loop_target_ref_id"},
		{name: "a fractional counter is terminal",
			ref: "w_condition", ctx: map[string]any{"_loop_condition": "true", "_loop_iteration": 0.5},
			status: model.StatusTerminal, errMatch: "context._loop_iteration: expected a whole number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := LoopCondition{}.Execute(context.Background(), model.TaskInput{StageRefID: tc.ref, Context: tc.ctx})
			if err != nil {
				t.Fatalf("Execute: %v (a loop task never returns an error)", err)
			}
			checkLoopResult(t, res, tc.status, tc.jumpTo, tc.context, tc.errMatch)
		})
	}
}

func TestLoopBack(t *testing.T) {
	tests := []struct {
		name     string
		ctx      map[string]any
		status   model.WorkflowStatus
		jumpTo   string
		context  map[string]any
		errMatch string
	}{
		{name: "semantics §8.10: no _loop_exit jumps back to the condition",
			ctx:    map[string]any{"_loop_target_ref_id": "w_condition"},
			status: model.StatusRedirect, jumpTo: "w_condition"},
		{name: "semantics §8.10: _loop_exit false jumps back",
			ctx:    map[string]any{"_loop_target_ref_id": "w_condition", "_loop_exit": false},
			status: model.StatusRedirect, jumpTo: "w_condition"},
		{name: "semantics §8.10: _loop_exit truthy succeeds and clears it",
			ctx:    map[string]any{"_loop_target_ref_id": "w_condition", "_loop_exit": true},
			status: model.StatusSucceeded, context: map[string]any{"_loop_exit": false}},
		{name: "no target is terminal", ctx: map[string]any{},
			status: model.StatusTerminal, errMatch: "LoopBackTask: context._loop_target_ref_id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := LoopBack{}.Execute(context.Background(), model.TaskInput{StageRefID: "w_loopback", Context: tc.ctx})
			if err != nil {
				t.Fatalf("Execute: %v", err)
			}
			checkLoopResult(t, res, tc.status, tc.jumpTo, tc.context, tc.errMatch)
		})
	}
}

func TestLoopTasksAreBuiltins(t *testing.T) {
	reg, err := Builtins(Policy{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"LoopConditionTask", "LoopBackTask"} {
		if !reg.Has(name) {
			t.Errorf("semantics §8.10: %s is not a built-in", name)
		}
	}
}

func checkLoopResult(t *testing.T, res model.TaskResult, status model.WorkflowStatus, jumpTo string, ctx map[string]any, errMatch string) {
	t.Helper()
	if res.Status != status || res.JumpTo != jumpTo {
		t.Fatalf("result = %s jump_to %q (%+v), want %s jump_to %q", res.Status, res.JumpTo, res, status, jumpTo)
	}
	if errMatch != "" && !strings.Contains(res.Error, errMatch) {
		t.Errorf("error = %q, want it to contain %q", res.Error, errMatch)
	}
	if ctx != nil && !model.EqualValues(res.Context, ctx) {
		t.Errorf("context = %v, want %v", res.Context, ctx)
	}
	if ctx == nil && status != model.StatusTerminal && len(res.Context) != 0 {
		t.Errorf("context = %v, want none", res.Context)
	}
}
