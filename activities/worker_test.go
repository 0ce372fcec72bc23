package activities

import (
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/stabilize-go/stabilize/model"
)

// newActivityEnv returns a test activity environment with the built-ins
// and "greet" registered through RegisterActivities.
func newActivityEnv(t *testing.T, p Policy) *testsuite.TestActivityEnvironment {
	t.Helper()
	reg, err := Builtins(p)
	require.NoError(t, err)
	require.NoError(t, reg.Register("greet", greet))
	var s testsuite.WorkflowTestSuite
	// The test environment logs every heartbeat at DEBUG; keep warnings.
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	env := s.NewTestActivityEnvironment()
	reg.RegisterActivities(env)
	return env
}

func decodeResult(t *testing.T, v converter.EncodedValue) model.TaskResult {
	t.Helper()
	var res model.TaskResult
	require.NoError(t, v.Get(&res))
	return res
}

func TestRegisterActivities(t *testing.T) {
	tests := []struct {
		name     string
		policy   Policy
		activity string
		ctx      map[string]any
		want     model.TaskResult
	}{
		{name: "a custom task runs as an activity named by its implementing_class", activity: "greet",
			want: model.Success(map[string]any{"greeting": "hello build"})},
		{name: "a built-in runs by name", activity: model.TaskNoop, ctx: map[string]any{"outputs": map[string]any{"k": "v"}},
			want: model.Success(map[string]any{"k": "v"})},
		{name: "§3.3 check 2, TASK-ERR-4: an unknown task is TERMINAL", activity: "deploy_to_mars",
			want: missingResult("No task found for type: deploy_to_mars")},
		{name: "§3.3 check 2: a task refused by the worker policy is TERMINAL and says why", activity: model.TaskShell,
			policy: Policy{Disabled: []string{model.TaskShell}}, ctx: map[string]any{"command": "echo hi"},
			want: missingResult("No task found for type: shell (disabled by worker policy)")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			env := newActivityEnv(t, tc.policy)
			in := model.TaskInput{ExecutionID: "wf-1", StageRefID: "build", Context: tc.ctx}
			v, err := env.ExecuteActivity(tc.activity, in)
			require.NoError(t, err)
			got := decodeResult(t, v)
			assert.Equal(t, tc.want, got)
			if tc.want.Status == model.StatusTerminal {
				ex, _ := got.Context["exception"].(map[string]any)
				details, _ := ex["details"].(map[string]any)
				assert.Equal(t, got.Error, details["error"], "§3.3 check 2: context.exception.details.error")
			}
		})
	}
}

// TestShellHeartbeats pins down style.md §5: a running shell task
// heartbeats. The command waits until the test has seen a heartbeat.
func TestShellHeartbeats(t *testing.T) {
	seen := filepath.Join(t.TempDir(), "heartbeat-seen")
	env := newActivityEnv(t, Policy{})
	var once sync.Once
	var details map[string]any
	env.SetOnActivityHeartbeatListener(func(_ *activity.Info, d converter.EncodedValues) {
		once.Do(func() {
			_ = d.Get(&details)
			_ = os.WriteFile(seen, []byte("yes"), 0o600)
		})
	})
	in := model.TaskInput{Context: map[string]any{
		"command": "while [ ! -e {seen} ]; do sleep 0.02; done; echo saw heartbeat",
		"seen":    seen,
		"timeout": 20,
	}}
	v, err := env.ExecuteActivity(model.TaskShell, in)
	require.NoError(t, err)
	res := decodeResult(t, v)
	require.Equal(t, model.StatusSucceeded, res.Status, "result: %+v", res)
	assert.Equal(t, "saw heartbeat", res.Outputs["stdout"])
	assert.Contains(t, details, "pid", "heartbeat details carry the process id")
}
