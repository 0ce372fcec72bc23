package model

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func defaultTaskOptions() TaskOptions {
	return TaskOptions{
		StartToCloseTimeout: 4 * time.Hour,
		Retry: RetryOptions{
			MaximumAttempts:    10,
			InitialInterval:    time.Second,
			MaximumInterval:    time.Minute,
			BackoffCoefficient: 2,
		},
	}
}

func TestParseTaskOptions(t *testing.T) {
	with := func(f func(*TaskOptions)) TaskOptions {
		o := defaultTaskOptions()
		f(&o)
		return o
	}
	tests := []struct {
		name string
		ctx  map[string]any
		want TaskOptions
	}{
		{
			name: "§3.7 default per-call cap is 4h, §3.8 Go rule 10 attempts",
			ctx:  nil,
			want: defaultTaskOptions(),
		},
		{
			name: "§3.7 stageTimeoutMs becomes the start-to-close timeout",
			ctx:  map[string]any{"stageTimeoutMs": 1500},
			want: with(func(o *TaskOptions) { o.StartToCloseTimeout = 1500 * time.Millisecond }),
		},
		{
			name: "§3.7 an explicit start_to_close_timeout wins over stageTimeoutMs",
			ctx: map[string]any{"stageTimeoutMs": 1500.0,
				"task_options": map[string]any{"start_to_close_timeout": "2m"}},
			want: with(func(o *TaskOptions) { o.StartToCloseTimeout = 2 * time.Minute }),
		},
		{
			name: "durations as Go strings or numbers of seconds",
			ctx: map[string]any{"task_options": map[string]any{
				"start_to_close_timeout":    30,
				"schedule_to_close_timeout": 90.5,
				"heartbeat_timeout":         "10s",
				"poll_interval":             json.Number("3"),
				"task_queue":                "python-tasks",
			}},
			want: with(func(o *TaskOptions) {
				o.StartToCloseTimeout = 30 * time.Second
				o.ScheduleToCloseTimeout = 90500 * time.Millisecond
				o.HeartbeatTimeout = 10 * time.Second
				o.PollInterval = 3 * time.Second
				o.TaskQueue = "python-tasks"
			}),
		},
		{
			name: "retry policy",
			ctx: map[string]any{"task_options": map[string]any{"retry": map[string]any{
				"maximum_attempts":          3,
				"initial_interval":          "500ms",
				"maximum_interval":          5,
				"backoff_coefficient":       1.5,
				"non_retryable_error_types": []any{"BadInput"},
			}}},
			want: with(func(o *TaskOptions) {
				o.Retry = RetryOptions{MaximumAttempts: 3, InitialInterval: 500 * time.Millisecond,
					MaximumInterval: 5 * time.Second, BackoffCoefficient: 1.5, NonRetryableErrorTypes: []string{"BadInput"}}
			}),
		},
		{
			name: "§3.6 the http interval key sets the poll delay",
			ctx:  map[string]any{"interval": 5},
			want: with(func(o *TaskOptions) { o.PollInterval = 5 * time.Second }),
		},
		{
			name: "§3.6 an interval that is not a duration belongs to a custom task and is ignored",
			ctx:  map[string]any{"interval": "daily"},
			want: defaultTaskOptions(),
		},
		{
			name: "local is kept as given; absent leaves the choice to the shell",
			ctx:  map[string]any{"task_options": map[string]any{"local": false}},
			want: with(func(o *TaskOptions) { o.Local = new(false) }),
		},
		{
			name: "null task_options means defaults",
			ctx:  map[string]any{"task_options": nil},
			want: defaultTaskOptions(),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseTaskOptions(tc.ctx)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestParseTaskOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		ctx  map[string]any
		want []string // every fragment must appear in the error
		n    int      // number of problems reported
	}{
		{
			name: "task_options must be an object",
			ctx:  map[string]any{"task_options": "fast"},
			want: []string{`task_options: expected an object, got "fast"`},
		},
		{
			name: "bad duration string names key and value",
			ctx:  map[string]any{"task_options": map[string]any{"heartbeat_timeout": "soon"}},
			want: []string{`task_options.heartbeat_timeout: expected a Go duration`, `got "soon"`},
			n:    1,
		},
		{
			name: "negative seconds",
			ctx:  map[string]any{"task_options": map[string]any{"start_to_close_timeout": -1}},
			want: []string{`task_options.start_to_close_timeout`, `got -1`},
			n:    1,
		},
		{
			name: "unknown key is a typo, not a silent default",
			ctx:  map[string]any{"task_options": map[string]any{"start_to_close": "1s"}},
			want: []string{`task_options.start_to_close: unknown key`},
		},
		{
			name: "every problem is reported",
			ctx: map[string]any{"task_options": map[string]any{
				"task_queue": 7,
				"retry": map[string]any{
					"maximum_attempts":          1.5,
					"backoff_coefficient":       0.5,
					"non_retryable_error_types": []any{"ok", 3},
				},
			}},
			want: []string{
				`task_options.task_queue: expected a non-empty string, got 7`,
				`task_options.retry.maximum_attempts: expected a whole number`,
				`task_options.retry.backoff_coefficient: expected a number of at least 1, got 0.5`,
				`task_options.retry.non_retryable_error_types[1]: expected a non-empty string, got 3`,
			},
		},
		{
			name: "local must be a boolean",
			ctx:  map[string]any{"task_options": map[string]any{"local": "yes"}},
			want: []string{`task_options.local: expected true or false, got "yes"`},
		},
		{
			name: "a local activity cannot run on another task queue",
			ctx:  map[string]any{"task_options": map[string]any{"local": true, "task_queue": "py"}},
			want: []string{`task_options.local: expected false when task_queue is set`},
		},
		{
			name: "maximum_interval shorter than initial_interval",
			ctx: map[string]any{"task_options": map[string]any{"retry": map[string]any{
				"initial_interval": "2m"}}},
			want: []string{`task_options.retry.maximum_interval: 1m0s is shorter than initial_interval 2m0s`},
		},
		{
			name: "§3.7 stageTimeoutMs must be a positive number",
			ctx:  map[string]any{"stageTimeoutMs": "1000"},
			want: []string{`stageTimeoutMs: expected a positive number of milliseconds, got "1000"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTaskOptions(tc.ctx)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrInvalidTaskOptions), "error should wrap ErrInvalidTaskOptions: %v", err)
			for _, frag := range tc.want {
				assert.Contains(t, err.Error(), frag)
			}
			if tc.n == 0 {
				tc.n = len(tc.want)
			}
			assert.Equal(t, tc.n, strings.Count(err.Error(), ErrInvalidTaskOptions.Error()),
				"one error per problem: %v", err)
		})
	}
}

func TestTaskOptionsForTask(t *testing.T) {
	tests := []struct {
		name  string
		task  string
		given time.Duration
		want  time.Duration
	}{
		{"style.md §5 shell heartbeats by default", TaskShell, 0, 30 * time.Second},
		{"style.md §5 http heartbeats by default", TaskHTTP, 0, 30 * time.Second},
		{"custom tasks get no heartbeat timeout", "greet", 0, 0},
		{"an explicit heartbeat timeout is kept", TaskShell, 5 * time.Second, 5 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := TaskOptions{HeartbeatTimeout: tc.given}.ForTask(tc.task)
			assert.Equal(t, tc.want, got.HeartbeatTimeout)
		})
	}
}
