package interpreter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/model"
)

// Rule ids of the §12 checklist of docs/stabilize-semantics.md that the
// workflow shell pins: TASK-ERR-1/2/3, TASK-TO-1/2 and SUB-1. In Go a task's
// retries and per-call timeout are the Temporal activity's retry policy and
// start-to-close timeout; an activity that fails for good becomes a TERMINAL
// result carrying the error's type, which the engine records as
// context.exception (TASK-ERR-3).

// countingActivity registers fn under name and counts its executions.
func countingActivity(r *envRun, name string, fn func(ctx context.Context, attempt int32) (model.TaskResult, error)) *atomic.Int32 {
	var n atomic.Int32
	r.env.RegisterActivityWithOptions(func(ctx context.Context, _ model.TaskInput) (model.TaskResult, error) {
		n.Add(1)
		return fn(ctx, activity.GetInfo(ctx).Attempt)
	}, activity.RegisterOptions{Name: name})
	return &n
}

// fastRetry keeps retries quick under the test environment.
func fastRetry(extra map[string]any) map[string]any {
	retry := map[string]any{"initial_interval": "1ms", "maximum_interval": "1ms"}
	for k, v := range extra {
		retry[k] = v
	}
	return map[string]any{"task_options": map[string]any{"retry": retry}}
}

// exception returns context.exception.details of the stage ref.
func exception(t *testing.T, wf *model.Workflow, ref string) map[string]any {
	t.Helper()
	s := wf.StageByRefID(ref)
	if s == nil {
		t.Fatalf("no stage %s", ref)
	}
	ex, _ := s.Context["exception"].(map[string]any)
	d, _ := ex["details"].(map[string]any)
	if d == nil {
		t.Fatalf("stage %s: no context.exception.details in %v", ref, s.Context)
	}
	return d
}

func wantTerminalWorkflow(t *testing.T, wf *model.Workflow, err error) {
	t.Helper()
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
		t.Fatalf("workflow error = %v, want an application error of type TERMINAL", err)
	}
	if wf == nil {
		t.Fatal("no final model in the outcome")
	}
}

func TestRuleTaskErrors(t *testing.T) {
	t.Run("TASK-ERR-1 a retryable (transient) error is retried and the task can still succeed", func(t *testing.T) {
		r := newEnvRun(t)
		n := countingActivity(r, "flaky", func(_ context.Context, attempt int32) (model.TaskResult, error) {
			if attempt < 3 {
				return model.TaskResult{}, temporal.NewApplicationError("connection reset", "ConnectionError")
			}
			return model.Success(map[string]any{"attempt": float64(attempt)}), nil
		})
		wf, err := r.run(Input{Definition: def(stage("a", "flaky", fastRetry(nil)), stage("b", "noop", nil, "a"))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		wantStatuses(t, wf, map[string]string{"a": "SUCCEEDED", "b": "SUCCEEDED"})
		if n.Load() != 3 {
			t.Errorf("executions = %d, want 3", n.Load())
		}
		if _, has := wf.Stages[0].Context["exception"]; has {
			t.Errorf("a recovered task has context.exception: %v", wf.Stages[0].Context)
		}
	})
	t.Run("TASK-ERR-1 a non-retryable (permanent) error runs once and is TERMINAL", func(t *testing.T) {
		r := newEnvRun(t)
		n := countingActivity(r, "invalid", func(context.Context, int32) (model.TaskResult, error) {
			return model.TaskResult{}, temporal.NewNonRetryableApplicationError("bad input", "ValidationError", nil)
		})
		wf, err := r.run(Input{Definition: def(stage("a", "invalid", fastRetry(nil)), stage("b", "noop", nil, "a"))})
		wantTerminalWorkflow(t, wf, err)
		wantStatuses(t, wf, map[string]string{"a": "TERMINAL", "b": "NOT_STARTED"})
		if n.Load() != 1 {
			t.Errorf("executions = %d, want 1", n.Load())
		}
		if d := exception(t, wf, "a"); d["error_code"] != "ValidationError" || d["transient"] != false || d["error"] != "bad input" {
			t.Errorf("exception details = %v", d)
		}
	})
	t.Run("TASK-ERR-1 non_retryable_error_types makes an error type permanent", func(t *testing.T) {
		r := newEnvRun(t)
		n := countingActivity(r, "denied", func(context.Context, int32) (model.TaskResult, error) {
			return model.TaskResult{}, temporal.NewApplicationError("forbidden", "AuthError")
		})
		wf, err := r.run(Input{Definition: def(stage("a", "denied", fastRetry(map[string]any{
			"non_retryable_error_types": []any{"AuthError"}})))})
		wantTerminalWorkflow(t, wf, err)
		if n.Load() != 1 {
			t.Errorf("executions = %d, want 1", n.Load())
		}
		if d := exception(t, wf, "a"); d["error_code"] != "AuthError" {
			t.Errorf("exception details = %v", d)
		}
	})
	t.Run("TASK-ERR-2 a transient error is retried at most 10 executions in all, then TERMINAL", func(t *testing.T) {
		r := newEnvRun(t)
		n := countingActivity(r, "down", func(context.Context, int32) (model.TaskResult, error) {
			return model.TaskResult{}, temporal.NewApplicationError("service unavailable", "UnavailableError")
		})
		wf, err := r.run(Input{Definition: def(stage("a", "down", fastRetry(nil)))})
		wantTerminalWorkflow(t, wf, err)
		if n.Load() != 10 {
			t.Errorf("executions = %d, want 10 (model.DefaultMaximumAttempts)", n.Load())
		}
		if d := exception(t, wf, "a"); d["error_code"] != "UnavailableError" || d["error"] != "service unavailable" {
			t.Errorf("exception details = %v", d)
		}
	})
	t.Run("TASK-ERR-3 retries exhausted: context.exception, task failure_status, workflow TERMINAL", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Definition: def(stage("a", "broken", fastRetry(map[string]any{"maximum_attempts": 2.0})),
			stage("b", "noop", nil, "a"))})
		wantTerminalWorkflow(t, wf, err)
		wantStatuses(t, wf, map[string]string{"a": "TERMINAL", "b": "NOT_STARTED"})
		a := wf.StageByRefID("a")
		if a.Tasks[0].Status != model.StatusTerminal {
			t.Errorf("task status = %s, want TERMINAL", a.Tasks[0].Status)
		}
		want := map[string]any{"error": "disk on fire", "errors": []any{"disk on fire"}, "transient": false, "error_code": "DiskError"}
		if d := exception(t, wf, "a"); !model.EqualValues(d, want) {
			t.Errorf("exception details = %#v, want %#v", d, want)
		}
	})
	t.Run("TASK-ERR-3 failure_status: continuePipelineOnFailure turns a failed activity into FAILED_CONTINUE", func(t *testing.T) {
		r := newEnvRun(t)
		ctx := fastRetry(map[string]any{"maximum_attempts": 1.0})
		ctx["continuePipelineOnFailure"] = true
		wf, err := r.run(Input{Definition: def(stage("a", "broken", ctx), stage("b", "noop", nil, "a"))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		wantStatuses(t, wf, map[string]string{"a": "FAILED_CONTINUE", "b": "SUCCEEDED"})
		if d := exception(t, wf, "a"); d["error_code"] != "DiskError" {
			t.Errorf("exception details = %v", d)
		}
	})
}

func TestRuleTaskTimeouts(t *testing.T) {
	t.Run("TASK-TO-1 TASK-TO-2 stageTimeoutMs caps one call; a call that times out ends TERMINAL", func(t *testing.T) {
		r := newEnvRun(t)
		n := countingActivity(r, "slow", func(ctx context.Context, _ int32) (model.TaskResult, error) {
			select {
			case <-ctx.Done():
				return model.TaskResult{}, ctx.Err()
			case <-time.After(10 * time.Second):
				return model.Success(nil), nil
			}
		})
		ctx := fastRetry(map[string]any{"maximum_attempts": 1.0})
		ctx["stageTimeoutMs"] = 200.0
		wf, err := r.run(Input{Definition: def(stage("a", "slow", ctx), stage("b", "noop", nil, "a"))})
		wantTerminalWorkflow(t, wf, err)
		wantStatuses(t, wf, map[string]string{"a": "TERMINAL", "b": "NOT_STARTED"})
		if n.Load() != 1 {
			t.Errorf("executions = %d, want 1", n.Load())
		}
		d := exception(t, wf, "a")
		if d["error_code"] != "timeout StartToClose" || !strings.Contains(fmt.Sprint(d["error"]), "StartToClose") {
			t.Errorf("exception details = %v, want a StartToClose timeout", d)
		}
	})
}

func TestRuleSubWorkflow(t *testing.T) {
	child := map[string]any{"stages": []any{
		map[string]any{"ref_id": "first", "type": "noop", "context": map[string]any{"outputs": map[string]any{"k": "first", "a": 1.0}}},
		map[string]any{"ref_id": "second", "type": "noop", "requisite_stage_ref_ids": []any{"first"},
			"context": map[string]any{"outputs": map[string]any{"k": "second"}}},
	}}
	t.Run("SUB-1 output mapping: sub_workflow_status, sub_workflow_id and the child's get_context()", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Definition: def(stage("sub", "sub_workflow", map[string]any{"_sub_workflow_config": child}),
			stage("after", "noop", nil, "sub"))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		wantStatuses(t, wf, map[string]string{"sub": "SUCCEEDED", "after": "SUCCEEDED"})
		out := wf.StageByRefID("sub").Outputs
		if out["sub_workflow_status"] != "SUCCEEDED" {
			t.Errorf("sub_workflow_status = %v", out["sub_workflow_status"])
		}
		if id, _ := out["sub_workflow_id"].(string); !strings.HasPrefix(id, wf.ID+"/sub/0/") {
			t.Errorf("sub_workflow_id = %v, want derived from the parent id %s and the TaskRef", out["sub_workflow_id"], wf.ID)
		}
		want := map[string]any{"k": "second", "a": 1.0}
		if got, _ := out["sub_workflow_outputs"].(map[string]any); !model.EqualValues(got, want) {
			t.Errorf("sub_workflow_outputs = %v, want %v (child get_context, topological fold)", got, want)
		}
	})
	t.Run("SUB-1 depth limit: a sub_workflow at the default bound of 10 is TERMINAL without a child", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Depth: DefaultMaxDepth,
			Definition: def(stage("sub", "sub_workflow", map[string]any{"_sub_workflow_config": child}))})
		wantTerminalWorkflow(t, wf, err)
		s := wf.StageByRefID("sub")
		if e, _ := s.Context["error"].(string); e != "Maximum recursion depth (10) exceeded" {
			t.Errorf("context.error = %v", s.Context["error"])
		}
		if len(s.Outputs) != 0 {
			t.Errorf("outputs = %v, want none", s.Outputs)
		}
	})
	t.Run("SUB-1 depth limit: one below the bound still runs the child", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Depth: 1, Options: RunOptions{MaxDepth: 2},
			Definition: def(stage("sub", "sub_workflow", map[string]any{"_sub_workflow_config": child}))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		if st := wf.StageByRefID("sub").Outputs["sub_workflow_status"]; st != "SUCCEEDED" {
			t.Errorf("sub_workflow_status = %v", st)
		}
	})
	t.Run("SUB-1 a failing child makes the sub_workflow task TERMINAL naming the child's status", func(t *testing.T) {
		r := newEnvRun(t)
		bad := map[string]any{"stages": []any{map[string]any{"ref_id": "x", "type": "fail", "context": map[string]any{"message": "inner"}}}}
		wf, err := r.run(Input{Definition: def(stage("sub", "sub_workflow", map[string]any{"_sub_workflow_config": bad}))})
		wantTerminalWorkflow(t, wf, err)
		s := wf.StageByRefID("sub")
		if s.Context["error"] != "Child workflow failed with status TERMINAL" || s.Context["sub_workflow_status"] != "TERMINAL" {
			t.Errorf("context = %v", s.Context)
		}
	})
}
