package activities

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

var greet = TaskFunc(func(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	return model.Success(map[string]any{"greeting": "hello " + in.StageRefID}), nil
})

func TestRegistryRegister(t *testing.T) {
	tests := []struct {
		name    string
		prior   []string
		reg     string
		task    Task
		wantErr error
	}{
		{name: "a new name registers", reg: "greet", task: greet},
		{name: "the same name twice is an error", prior: []string{"greet"}, reg: "greet", task: greet, wantErr: ErrDuplicateTask},
		{name: "an empty name is an error", reg: "", task: greet, wantErr: ErrEmptyName},
		{name: "a blank name is an error", reg: "  ", task: greet, wantErr: ErrEmptyName},
		{name: "a nil task is an error", reg: "greet", task: nil, wantErr: ErrNilTask},
		{name: "style.md §2 kinds: wait is workflow-side, never an activity", reg: model.TaskWait, task: greet, wantErr: ErrWorkflowSideTask},
		{name: "style.md §2 kinds: approval is workflow-side", reg: model.TaskApproval, task: greet, wantErr: ErrWorkflowSideTask},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewRegistry()
			for _, n := range tc.prior {
				require.NoError(t, r.Register(n, greet))
			}
			err := r.Register(tc.reg, tc.task)
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.True(t, r.Has(tc.reg))
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.wantErr), "got %v", err)
			assert.Contains(t, err.Error(), `register task "`+tc.reg+`"`)
		})
	}
}

func TestRegistryHasAndNames(t *testing.T) {
	r := NewRegistry()
	for _, n := range []string{"zeta", "alpha", "mid"} {
		require.NoError(t, r.Register(n, greet))
	}
	assert.Equal(t, []string{"alpha", "mid", "zeta"}, r.Names(), "Names is sorted")
	for _, n := range model.WorkflowSideTasks() {
		assert.True(t, r.Has(n), "style.md §2: workflow-side built-in %s is always available", n)
	}
	assert.False(t, r.Has("unknown"))
	_, ok := r.Lookup("alpha")
	assert.True(t, ok)
}

func TestBuiltins(t *testing.T) {
	tests := []struct {
		name    string
		policy  Policy
		want    []string
		refused map[string]string // name -> fragment of the TERMINAL message
	}{
		{name: "definition-format built-ins: every activity built-in by default",
			want: []string{"LoopBackTask", "LoopConditionTask", "fail", "http", "noop", "shell"}},
		{name: "a worker can refuse shell", policy: Policy{Disabled: []string{"shell"}},
			want: []string{"LoopBackTask", "LoopConditionTask", "fail", "http", "noop"}, refused: map[string]string{"shell": "No task found for type: shell (disabled by worker policy)"}},
		{name: "an allow-list keeps only the listed built-ins", policy: Policy{Allowed: []string{"noop", "wait"}},
			want: []string{"noop"}, refused: map[string]string{"http": "not in the worker policy's allowed tasks"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Builtins(tc.policy)
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.Names())
			for name, frag := range tc.refused {
				assert.False(t, r.Has(name))
				res := r.missing(name)
				assert.Equal(t, model.StatusTerminal, res.Status)
				assert.Contains(t, res.Error, frag)
			}
		})
	}
}

func TestBuiltinsInvalidPolicy(t *testing.T) {
	_, err := Builtins(Policy{
		Disabled:         []string{"shel"},
		Allowed:          []string{"noop", "bash", "shell"},
		MaxOutputBytes:   -1,
		HTTPAllowedHosts: []string{"10.0.0.0/99", "ok.example"},
		ShellPath:        "/no/such/shell",
	})
	require.Error(t, err)
	for _, frag := range []string{
		`policy.Disabled[0]: unknown built-in task "shel"`,
		`policy.Allowed[1]: unknown built-in task "bash"`,
		`policy.MaxOutputBytes: expected 0 (1 MiB) or a positive size, got -1`,
		`policy.HTTPAllowedHosts[0]: bad CIDR prefix "10.0.0.0/99"`,
		`policy.ShellPath: expected an executable shell, got "/no/such/shell"`,
	} {
		assert.Contains(t, err.Error(), frag)
	}
}

func TestNoopAndFail(t *testing.T) {
	tests := []struct {
		name string
		task Task
		ctx  map[string]any
		want model.TaskResult
	}{
		{name: "definition-format noop: outputs become the stage outputs", task: Noop{},
			ctx:  map[string]any{"outputs": map[string]any{"lint": "clean"}},
			want: model.Success(map[string]any{"lint": "clean"})},
		{name: "definition-format noop: no outputs is a plain success", task: Noop{},
			want: model.Success(nil)},
		{name: "noop: outputs that are not an object are TERMINAL", task: Noop{},
			ctx:  map[string]any{"outputs": "x"},
			want: model.Terminal(`noop: context.outputs: expected an object, got "x"`)},
		{name: "definition-format fail: TERMINAL by default with the message", task: Fail{},
			ctx:  map[string]any{"message": "boom"},
			want: model.Terminal("boom")},
		{name: "definition-format fail: FAILED_CONTINUE on request", task: Fail{},
			ctx: map[string]any{"message": "soft", "status": "FAILED_CONTINUE"},
			want: model.TaskResult{Status: model.StatusFailedContinue, Error: "soft",
				ExceptionDetails: map[string]any{"error": "soft"}}},
		{name: "definition-format fail: STOPPED on request", task: Fail{},
			ctx: map[string]any{"status": "STOPPED"},
			want: model.TaskResult{Status: model.StatusStopped, Error: "task failed on purpose (fail task)",
				ExceptionDetails: map[string]any{"error": "task failed on purpose (fail task)"}}},
		{name: "fail: a status outside the four is TERMINAL bad input", task: Fail{},
			ctx:  map[string]any{"status": "SUCCEEDED"},
			want: model.Terminal(`fail: context.status: expected one of [TERMINAL FAILED_CONTINUE STOPPED CANCELED], got "SUCCEEDED"`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.task.Execute(context.Background(), model.TaskInput{Context: tc.ctx})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
