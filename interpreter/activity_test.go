package interpreter

import (
	"slices"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

func TestActivityOptions(t *testing.T) {
	ref := engine.TaskRef{Stage: "build", Task: 0, Run: 1, Exec: 2}
	tests := []struct {
		name         string
		task         string
		ctx          map[string]any
		wantStart    time.Duration
		wantAttempts int32
		wantHB       time.Duration
		wantQueue    string
		wantKept     string // a user non-retryable type that must stay
		wantErr      bool
	}{
		{name: "semantics §3.7: default per-call cap is 4h", task: "noop", ctx: map[string]any{},
			wantStart: 4 * time.Hour, wantAttempts: 10},
		{name: "semantics §3.7: stageTimeoutMs caps one call", task: "noop", ctx: map[string]any{"stageTimeoutMs": 1500.0},
			wantStart: 1500 * time.Millisecond, wantAttempts: 10},
		{name: "task_options override timeouts, retries and queue", task: "noop", ctx: map[string]any{
			"task_options": map[string]any{"start_to_close_timeout": "30s", "task_queue": "py",
				"retry": map[string]any{"maximum_attempts": 2.0}}},
			wantStart: 30 * time.Second, wantAttempts: 2, wantQueue: "py"},
		{name: "style.md §5: shell heartbeats by default", task: "shell", ctx: map[string]any{},
			wantStart: 4 * time.Hour, wantAttempts: 10, wantHB: 30 * time.Second},
		{name: "user non-retryable types are kept", task: "noop", ctx: map[string]any{
			"task_options": map[string]any{"retry": map[string]any{"non_retryable_error_types": []any{"DiskError"}}}},
			wantStart: 4 * time.Hour, wantAttempts: 10, wantKept: "DiskError"},
		{name: "bad task_options make the task TERMINAL", task: "noop", ctx: map[string]any{
			"task_options": map[string]any{"start_to_close_timout": "30s"}}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := engine.RunTask{Task: ref, Name: tc.task, Summary: "Build / build", Input: model.TaskInput{Context: tc.ctx}}
			opts, err := taskOptions(c)
			if tc.wantErr {
				if err == nil {
					t.Fatal("taskOptions: want an error for bad task_options")
				}
				return
			}
			if err != nil {
				t.Fatalf("taskOptions: %v", err)
			}
			o := activityOptions(c, opts)
			if o.ActivityID != "build/0/1/2" || o.Summary != "Build / build" {
				t.Errorf("id, summary = %q, %q; want the TaskRef and the stage / task summary", o.ActivityID, o.Summary)
			}
			if o.StartToCloseTimeout != tc.wantStart || o.RetryPolicy.MaximumAttempts != tc.wantAttempts ||
				o.HeartbeatTimeout != tc.wantHB || o.TaskQueue != tc.wantQueue {
				t.Errorf("options = start %v attempts %d heartbeat %v queue %q; want %v %d %v %q",
					o.StartToCloseTimeout, o.RetryPolicy.MaximumAttempts, o.HeartbeatTimeout, o.TaskQueue,
					tc.wantStart, tc.wantAttempts, tc.wantHB, tc.wantQueue)
			}
			if !slices.Contains(o.RetryPolicy.NonRetryableErrorTypes, "TemporalTimeout:StartToClose") ||
				slices.Contains(o.RetryPolicy.NonRetryableErrorTypes, "TemporalTimeout:Heartbeat") {
				t.Errorf("non-retryable types = %v; want a StartToClose timeout not retried (semantics §3.7) and a heartbeat timeout retried",
					o.RetryPolicy.NonRetryableErrorTypes)
			}
			if tc.wantKept != "" && !slices.Contains(o.RetryPolicy.NonRetryableErrorTypes, tc.wantKept) {
				t.Errorf("non-retryable types = %v; want %s kept", o.RetryPolicy.NonRetryableErrorTypes, tc.wantKept)
			}
		})
	}
}
