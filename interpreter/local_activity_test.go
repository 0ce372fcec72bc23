package interpreter

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

func TestWantsLocal(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name string
		task string
		opts model.TaskOptions
		want bool
	}{
		{name: "noop is local by default", task: model.TaskNoop, want: true},
		{name: "fail is local by default", task: model.TaskFail, want: true},
		{name: "the loop tasks are pure and local by default", task: model.TaskLoopCondition, want: true},
		{name: "LoopBackTask is local by default", task: model.TaskLoopBack, want: true},
		{name: "shell has side effects and stays a regular activity", task: model.TaskShell},
		{name: "http talks to the network and stays a regular activity", task: model.TaskHTTP},
		{name: "a user task is a regular activity by default", task: "greet"},
		{name: "task_options.local false opts a built-in out", task: model.TaskNoop,
			opts: model.TaskOptions{Local: &no}},
		{name: "task_options.local true opts a user task in", task: "greet",
			opts: model.TaskOptions{Local: &yes}, want: true},
		{name: "a task_queue sends a built-in to that queue as a regular activity", task: model.TaskNoop,
			opts: model.TaskOptions{TaskQueue: "py"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := wantsLocal(tc.task, tc.opts); got != tc.want {
				t.Errorf("wantsLocal(%q, %+v) = %v, want %v", tc.task, tc.opts, got, tc.want)
			}
		})
	}
}

// localRun is an envRun that also records local activities as
// "type summary".
type localRun struct {
	*envRun
	lmu   sync.Mutex
	local []string
}

func newLocalRun(t *testing.T) *localRun {
	t.Helper()
	r := &localRun{envRun: newEnvRun(t)}
	r.env.SetOnLocalActivityStartedListener(func(info *activity.Info, _ context.Context, _ []any) {
		r.lmu.Lock()
		defer r.lmu.Unlock()
		r.local = append(r.local, info.ActivityType.Name)
	})
	return r
}

func (r *localRun) locals() string {
	r.lmu.Lock()
	defer r.lmu.Unlock()
	return strings.Join(r.local, ",")
}

func (r *localRun) regulars() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.activities, ",")
}

func TestShellLocalActivities(t *testing.T) {
	t.Run("issue #9: noop and fail run as local activities with the same results", func(t *testing.T) {
		r := newLocalRun(t)
		wf, err := r.run(Input{Definition: def(
			stage("a", "noop", map[string]any{"outputs": map[string]any{"k": "v"}}),
			stage("b", "fail", map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true,
				"message": "soft"}, "a"),
			stage("c", "fail", map[string]any{"message": "boom"}, "b"),
		)})
		var ae *temporal.ApplicationError
		if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
			t.Fatalf("workflow error = %v, want TERMINAL from stage c", err)
		}
		wantStatuses(t, wf, map[string]string{"a": "SUCCEEDED", "b": "FAILED_CONTINUE", "c": "TERMINAL"})
		if got := wf.StageByRefID("b").Context["k"]; got != "v" {
			t.Errorf("semantics §4.2: b context k = %v, want a's output v through the local activity", got)
		}
		if e, _ := wf.StageByRefID("c").Context["error"].(string); !strings.Contains(e, "boom") {
			t.Errorf("c context.error = %v, want the fail task's message", wf.StageByRefID("c").Context["error"])
		}
		if got, want := r.locals(), "noop,fail,fail"; got != want {
			t.Errorf("local activities = %q, want %q", got, want)
		}
		if got := r.regulars(); got != "" {
			t.Errorf("regular activities = %q, want none", got)
		}
	})
	t.Run("task_options.local false keeps a regular activity with its TaskRef id", func(t *testing.T) {
		r := newLocalRun(t)
		if _, err := r.run(Input{Definition: def(
			stage("a", "noop", map[string]any{"task_options": map[string]any{"local": false}}),
			stage("b", "noop", nil, "a"),
		)}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if got := r.regulars(); !strings.HasPrefix(got, "noop a/0/") || strings.Contains(got, ",") {
			t.Errorf("regular activities = %q, want only noop a/0/...", got)
		}
		if got := r.locals(); got != "noop" {
			t.Errorf("local activities = %q, want b's noop", got)
		}
	})
	t.Run("histories before local-cheap-tasks replay with regular activities", func(t *testing.T) {
		r := newLocalRun(t)
		r.env.OnGetVersion(localTasksChangeID, workflow.DefaultVersion, localTasksVersion).Return(workflow.DefaultVersion)
		if _, err := r.run(Input{Definition: def(stage("a", "noop", nil), stage("b", "fail",
			map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true}, "a"))}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if got := r.regulars(); !strings.HasPrefix(got, "noop a/0/") || !strings.Contains(got, "fail b/0/") {
			t.Errorf("regular activities = %q, want noop a/0/... and fail b/0/...", got)
		}
		if got := r.locals(); got != "" {
			t.Errorf("local activities = %q, want none at DefaultVersion", got)
		}
	})
	t.Run("semantics §3.8: retries per task_options apply to a local task", func(t *testing.T) {
		r := newLocalRun(t)
		var calls atomic.Int32
		r.env.RegisterActivityWithOptions(func(context.Context, model.TaskInput) (model.TaskResult, error) {
			calls.Add(1)
			return model.TaskResult{}, temporal.NewApplicationError("disk on fire", "DiskError")
		}, activity.RegisterOptions{Name: "flaky"})
		wf, err := r.run(Input{Definition: def(stage("a", "flaky", map[string]any{"task_options": map[string]any{
			"local": true, "retry": map[string]any{"maximum_attempts": 3.0, "initial_interval": "1ms"}}}))})
		var ae *temporal.ApplicationError
		if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
			t.Fatalf("workflow error = %v, want TERMINAL", err)
		}
		if n := calls.Load(); n != 3 {
			t.Errorf("attempts = %d, want maximum_attempts 3", n)
		}
		if e, _ := wf.Stages[0].Context["error"].(string); !strings.Contains(e, "disk on fire") {
			t.Errorf("context.error = %v, want the last error", wf.Stages[0].Context["error"])
		}
	})
	t.Run("semantics §3.7, TASK-TO-2: a local task that times out is not retried", func(t *testing.T) {
		r := newLocalRun(t)
		var calls atomic.Int32
		r.env.RegisterActivityWithOptions(func(ctx context.Context, _ model.TaskInput) (model.TaskResult, error) {
			calls.Add(1)
			<-ctx.Done() // the start-to-close deadline
			return model.TaskResult{}, ctx.Err()
		}, activity.RegisterOptions{Name: "slow"})
		wf, err := r.run(Input{Definition: def(stage("a", "slow", map[string]any{"task_options": map[string]any{
			"local": true, "start_to_close_timeout": "200ms", "retry": map[string]any{"initial_interval": "1ms"}}}))})
		var ae *temporal.ApplicationError
		if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
			t.Fatalf("workflow error = %v, want TERMINAL", err)
		}
		if n := calls.Load(); n != 1 {
			t.Errorf("attempts = %d, want 1: the per-call cap ends the task", n)
		}
		if e, _ := wf.Stages[0].Context["error"].(string); !strings.Contains(strings.ToLower(e), "deadline") &&
			!strings.Contains(strings.ToLower(e), "timeout") {
			t.Errorf("context.error = %q, want the timeout", e)
		}
	})
	t.Run("semantics §10.6: cancellation reaches a running local task", func(t *testing.T) {
		r := newLocalRun(t)
		// The task asks for the cancel itself once it runs (the signal is
		// posted to the environment's event loop), then waits for it.
		r.env.RegisterActivityWithOptions(func(ctx context.Context, _ model.TaskInput) (model.TaskResult, error) {
			r.env.SignalWorkflow(model.ControlCancel, model.ControlRequest{User: "bob", Reason: "enough"})
			<-ctx.Done()
			return model.TaskResult{}, ctx.Err()
		}, activity.RegisterOptions{Name: "block"})
		wf, err := r.run(Input{Definition: def(stage("a", "block", map[string]any{"task_options": map[string]any{
			"local": true}}))})
		if !temporal.IsCanceledError(err) {
			t.Fatalf("workflow error = %v, want a canceled error", err)
		}
		wantStatuses(t, wf, map[string]string{"a": "CANCELED"})
	})
}
