package activities

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

func shellInput(ctx map[string]any) model.TaskInput {
	return model.TaskInput{ExecutionID: "wf-1", StageRefID: "build", Task: model.TaskExecution{ID: "t1", ImplementingClass: model.TaskShell}, Context: ctx}
}

func TestShell(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		shell      Shell
		ctx        map[string]any
		status     model.WorkflowStatus
		outputs    map[string]any // checked key by key when the task succeeds
		context    map[string]any // checked key by key in a TERMINAL result's context
		errorParts []string       // fragments of the TERMINAL message
	}{
		{
			name:    "definition-format shell: echo succeeds with stdout, stderr, returncode",
			ctx:     map[string]any{"command": "echo built; echo warn >&2"},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "built", "stderr": "warn", "returncode": 0, "truncated": false},
		},
		{
			name:       "definition-format shell: a non-zero exit is TERMINAL",
			ctx:        map[string]any{"command": "echo oops >&2; exit 3"},
			status:     model.StatusTerminal,
			context:    map[string]any{"returncode": 3, "stderr": "oops"},
			errorParts: []string{"exited with code 3, expected one of [0]", "oops"},
		},
		{
			name:    "expected_codes accepts listed exit codes",
			ctx:     map[string]any{"command": "exit 1", "expected_codes": []any{0, 1}},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"returncode": 1},
		},
		{
			name:    "expected_codes may be a single number",
			ctx:     map[string]any{"command": "exit 2", "expected_codes": 2.0},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"returncode": 2},
		},
		{
			name:    "stdin feeds the command",
			ctx:     map[string]any{"command": "tr a-z A-Z", "stdin": "hello"},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "HELLO"},
		},
		{
			name:    "without stdin the command reads end of file, it does not hang",
			ctx:     map[string]any{"command": "cat; echo eof"},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "eof"},
		},
		{
			name:    "shell: true means the default shell",
			ctx:     map[string]any{"command": "echo $0", "shell": true},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": DefaultShellPath},
		},
		{
			name:       "shell: false is refused (commands always run through a shell)",
			ctx:        map[string]any{"command": "echo hi", "shell": false},
			status:     model.StatusTerminal,
			errorParts: []string{"context.shell: expected a shell path or true"},
		},
		{
			name:    "env is added to the worker environment",
			ctx:     map[string]any{"command": `test -n "$PATH" && echo "$GREETING $COUNT"`, "env": map[string]any{"GREETING": "hi", "COUNT": 3}},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "hi 3"},
		},
		{
			name:    "cwd sets the working directory",
			ctx:     map[string]any{"command": "pwd", "cwd": dir},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": dir},
		},
		{
			name:       "a missing cwd is TERMINAL",
			ctx:        map[string]any{"command": "pwd", "cwd": filepath.Join(dir, "absent")},
			status:     model.StatusTerminal,
			errorParts: []string{"cannot start", "absent"},
		},
		{
			name:    "definition-format example: {key} placeholders read the stage context",
			ctx:     map[string]any{"command": "echo deploy {lint} {build.image} {hosts.1} {n}", "lint": "clean", "build": map[string]any{"image": "app:1"}, "hosts": []any{"a", "b"}, "n": 2.0},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "deploy clean app:1 b 2"},
		},
		{
			name:    "placeholders: {{ }} escape, ${VAR} and awk blocks are left alone",
			ctx:     map[string]any{"command": `X=1; echo "{{lit}} ${X}" | awk '{print $1, $2}'`},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "{lit} 1"},
		},
		{
			name:       "a missing placeholder key is TERMINAL, not an empty string",
			ctx:        map[string]any{"command": "rm -rf /tmp/{target}/cache"},
			status:     model.StatusTerminal,
			errorParts: []string{`placeholder {target}`, `no key "target" in the stage context`},
		},
		{
			name:       "a null placeholder value is TERMINAL",
			ctx:        map[string]any{"command": "echo {v}", "v": nil},
			status:     model.StatusTerminal,
			errorParts: []string{`context value v is null`},
		},
		{
			name:    "output beyond MaxOutputBytes is cut with a marker",
			shell:   Shell{MaxOutputBytes: 10},
			ctx:     map[string]any{"command": "printf '0123456789abcdefghij'"},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"stdout": "0123456789\n...[truncated: 10 more bytes]", "truncated": true},
		},
		{
			name:       "timeout kills the command: TERMINAL",
			ctx:        map[string]any{"command": "echo started; sleep 30", "timeout": 1},
			status:     model.StatusTerminal,
			context:    map[string]any{"stdout": "started", "returncode": -int(syscall.SIGKILL)},
			errorParts: []string{"timed out after 1s", "process group"},
		},
		{
			name:       "a named shell runs the command",
			ctx:        map[string]any{"command": "echo $0", "shell": "/bin/bash"},
			status:     model.StatusSucceeded,
			outputs:    map[string]any{"stdout": "/bin/bash"},
			errorParts: nil,
		},
		{
			name:       "bad input lists every problem",
			ctx:        map[string]any{"timeout": "soon", "expected_codes": []any{0, "one"}, "env": map[string]any{"A": []any{1}}},
			status:     model.StatusTerminal,
			errorParts: []string{"context.command: expected a non-empty string (required)", "context.timeout", "context.expected_codes[1]", "context.env.A"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if sh, ok := tc.ctx["shell"].(string); ok {
				if _, err := os.Stat(sh); err != nil {
					t.Skipf("%s not installed", sh)
				}
			}
			res, err := tc.shell.Execute(context.Background(), shellInput(tc.ctx))
			require.NoError(t, err)
			require.Equal(t, tc.status, res.Status, "result: %+v", res)
			for k, want := range tc.outputs {
				assert.Equal(t, want, res.Outputs[k], "outputs.%s", k)
			}
			for k, want := range tc.context {
				assert.Equal(t, want, res.Context[k], "context.%s", k)
			}
			for _, part := range tc.errorParts {
				assert.Contains(t, res.Error, part)
				assert.Equal(t, res.Error, res.ExceptionDetails["error"])
			}
		})
	}
}

// TestShellCancelKillsProcessGroup pins down style.md §5: when the activity
// is canceled or times out, or the task's own timeout passes, the whole
// process group dies, children included.
func TestShellCancelKillsProcessGroup(t *testing.T) {
	tests := []struct {
		name    string
		timeout any                              // the task's timeout key
		ctx     func() (context.Context, func()) // the activity context
		trigger func(cancel func())              // called once the child runs
		check   func(t *testing.T, res model.TaskResult, err error)
	}{
		{
			name:    "activity cancellation",
			ctx:     func() (context.Context, func()) { return context.WithCancel(context.Background()) },
			trigger: func(cancel func()) { cancel() },
			check: func(t *testing.T, _ model.TaskResult, err error) {
				assert.True(t, errors.Is(err, context.Canceled), "error should wrap context.Canceled: %v", err)
			},
		},
		{
			name: "activity start-to-close deadline",
			ctx: func() (context.Context, func()) {
				return context.WithTimeout(context.Background(), 1500*time.Millisecond)
			},
			trigger: func(func()) {},
			check: func(t *testing.T, _ model.TaskResult, err error) {
				assert.True(t, errors.Is(err, context.DeadlineExceeded), "error should wrap DeadlineExceeded: %v", err)
			},
		},
		{
			name:    "the task's timeout key",
			timeout: 1.5,
			ctx:     func() (context.Context, func()) { return context.WithCancel(context.Background()) },
			trigger: func(func()) {},
			check: func(t *testing.T, res model.TaskResult, err error) {
				require.NoError(t, err)
				assert.Equal(t, model.StatusTerminal, res.Status)
				assert.Contains(t, res.Error, "timed out after 1.5s")
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "child.pid")
			ctx, cancel := tc.ctx()
			defer cancel()
			in := shellInput(map[string]any{
				"command":  "sleep 60 & echo $! > {pid_file}; wait",
				"pid_file": pidFile,
			})
			if tc.timeout != nil {
				in.Context["timeout"] = tc.timeout
			}
			type outcome struct {
				res model.TaskResult
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				res, err := (&Shell{}).Execute(ctx, in)
				done <- outcome{res, err}
			}()

			child := waitForPID(t, pidFile)
			tc.trigger(cancel)

			select {
			case o := <-done:
				tc.check(t, o.res, o.err)
			case <-time.After(10 * time.Second):
				t.Fatal("shell task did not return")
			}
			waitFor(t, 10*time.Second, func() bool { return !processAlive(child) }, "child process %d still alive", child)
		})
	}
}

// TestShellKillsLeftoverChildren: a background child still running when
// the shell exits dies with the task.
func TestShellKillsLeftoverChildren(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	res, err := (&Shell{}).Execute(context.Background(), shellInput(map[string]any{
		"command":  "sleep 60 >/dev/null 2>&1 & echo $! > {pid_file}; echo left",
		"pid_file": pidFile,
	}))
	require.NoError(t, err)
	require.Equal(t, model.StatusSucceeded, res.Status, "result: %+v", res)
	assert.Equal(t, "left", res.Outputs["stdout"])
	child := waitForPID(t, pidFile)
	waitFor(t, 10*time.Second, func() bool { return !processAlive(child) }, "leftover child %d still alive", child)
}

// waitForPID polls until the command has written a pid to file.
func waitForPID(t *testing.T, file string) int {
	t.Helper()
	var pid int
	waitFor(t, 10*time.Second, func() bool {
		b, err := os.ReadFile(file)
		if err != nil {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(b)))
		return err == nil && pid > 0
	}, "no pid written to %s", file)
	return pid
}

// processAlive reports whether pid exists and is not a zombie (a zombie
// has been killed; only its parent or init has not reaped it yet).
func processAlive(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil {
		return false
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	s := string(stat)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, within time.Duration, cond func() bool, format string, args ...any) {
	t.Helper()
	deadline := time.Now().Add(within)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf(format, args...)
		}
		<-tick.C
	}
}
