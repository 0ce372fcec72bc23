package model

import (
	"errors"
	"testing"
	"time"
)

// Rule ids TASK-ERR-2 and TASK-TO-1 of docs/stabilize-semantics.md §12,
// as they map onto the activity options of the Go interpreter.

func TestRuleTaskOptionDefaults(t *testing.T) {
	t.Run("TASK-ERR-2 an activity runs at most 10 times by default (Go rule)", func(t *testing.T) {
		o, err := ParseTaskOptions(map[string]any{})
		if err != nil {
			t.Fatal(err)
		}
		if o.Retry.MaximumAttempts != 10 {
			t.Fatalf("MaximumAttempts = %d, want 10", o.Retry.MaximumAttempts)
		}
		if o.Retry.InitialInterval != time.Second || o.Retry.BackoffCoefficient != 2 || o.Retry.MaximumInterval != time.Minute {
			t.Errorf("retry policy = %+v", o.Retry)
		}
	})
	t.Run("TASK-ERR-2 the cap applies whatever else the stage context holds", func(t *testing.T) {
		o, err := ParseTaskOptions(map[string]any{"stageTimeoutMs": 2000, "task_options": map[string]any{"task_queue": "q"}})
		if err != nil {
			t.Fatal(err)
		}
		if o.Retry.MaximumAttempts != DefaultMaximumAttempts || DefaultMaximumAttempts != 10 {
			t.Fatalf("MaximumAttempts = %d", o.Retry.MaximumAttempts)
		}
	})
	t.Run("TASK-ERR-2 maximum_attempts can be set explicitly", func(t *testing.T) {
		o, err := ParseTaskOptions(map[string]any{"task_options": map[string]any{"retry": map[string]any{"maximum_attempts": 3}}})
		if err != nil {
			t.Fatal(err)
		}
		if o.Retry.MaximumAttempts != 3 {
			t.Fatalf("MaximumAttempts = %d, want 3", o.Retry.MaximumAttempts)
		}
	})
	t.Run("TASK-TO-1 start-to-close defaults to 4h", func(t *testing.T) {
		for _, ctx := range []map[string]any{nil, {}, {"stageTimeoutMs": nil}} {
			o, err := ParseTaskOptions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if o.StartToCloseTimeout != 4*time.Hour {
				t.Errorf("ctx %v: StartToCloseTimeout = %v, want 4h", ctx, o.StartToCloseTimeout)
			}
		}
	})
	t.Run("TASK-TO-1 stageTimeoutMs is the per-call timeout when set", func(t *testing.T) {
		for _, v := range []any{90000, 90000.0, int64(90000)} {
			o, err := ParseTaskOptions(map[string]any{"stageTimeoutMs": v})
			if err != nil {
				t.Fatal(err)
			}
			if o.StartToCloseTimeout != 90*time.Second {
				t.Errorf("stageTimeoutMs %T(%v): StartToCloseTimeout = %v, want 90s", v, v, o.StartToCloseTimeout)
			}
		}
	})
	t.Run("TASK-TO-1 a non-positive stageTimeoutMs is rejected, not silently replaced", func(t *testing.T) {
		for _, v := range []any{0, -5, "soon"} {
			if _, err := ParseTaskOptions(map[string]any{"stageTimeoutMs": v}); !errors.Is(err, ErrInvalidTaskOptions) {
				t.Errorf("stageTimeoutMs %#v: err = %v, want ErrInvalidTaskOptions", v, err)
			}
		}
	})
}
