package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func TestUsageExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"issue exit 2: unknown command", []string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`},
		{"issue exit 2: missing argument", []string{"run"}, ExitUsage, "expected 1 argument(s) [FILE]"},
		{"usage errors point at the command's help", []string{"approve", "x"}, ExitUsage, "Run 'starter approve --help' for usage."},
		{"issue exit 2: too many arguments", []string{"status", "a", "b"}, ExitUsage, "expected 1 argument(s) [ID]"},
		{"issue exit 2: unknown flag", []string{"status", "x", "--nope"}, ExitUsage, "unknown flag: --nope"},
		{"issue exit 2: invalid config names the key", []string{"status", "x", "--output", "xml"}, ExitUsage, "config key output"},
		{"issue exit 2: bad --set", []string{"start", "testdata/hello.yaml", "--set", "novalue"}, ExitUsage, "expected key=value"},
		{"issue exit 2: bad --data JSON", []string{"approve", "x", "gate", "--data", "{nope"}, ExitUsage, "--data: expected JSON"},
		{"issue exit 2: an engine key flag is validated", []string{"start", "testdata/hello.yaml", "--max-pending-tasks", "0"}, ExitUsage, "config key engine.max_pending_tasks (from flag)"},
		{"issue exit 2: embedded run checks tasks against the policy", []string{"run", "testdata/hello.yaml", "--tasks-disabled", "noop"}, ExitUsage, "noop"},
		{"issue exit 2: bad completion shell", []string{"completion", "tcsh"}, ExitUsage, "expected bash, zsh or fish"},
		{"issue exit 2: bad --status", []string{"list", "--status", "DONE"}, ExitUsage, "unknown status"},
		{"issue exit 1: Temporal unreachable names the address", []string{"--address", "127.0.0.1:1", "status", "x"}, ExitError, "127.0.0.1:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := executeEnv(t, nil, tc.args...)
			assert.Equal(t, tc.code, o.code, "%v", o)
			assert.Contains(t, o.stderr, tc.stderr, "%v", o)
		})
	}
}

func TestHelpListsExitCodes(t *testing.T) {
	o := executeEnv(t, nil, "--help")
	require.Equal(t, ExitOK, o.code, "%v", o)
	for _, want := range []string{"130  interrupted", "4    still running when --timeout ran out", "--address", "--namespace", "--task-queue", "--config", "--output"} {
		assert.Contains(t, o.stdout, want)
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		t.Run("issue: completion "+shell, func(t *testing.T) {
			o := executeEnv(t, nil, "completion", shell)
			require.Equal(t, ExitOK, o.code, "%v", o)
			assert.Contains(t, o.stdout, "starter")
		})
	}
}

func TestConfigCommand(t *testing.T) {
	const secret = "sk-cli-secret"
	env := map[string]string{"STABILIZE_API_KEY": secret, "STABILIZE_NAMESPACE": "from-env"}
	t.Run("issue: starter config masks secrets (text)", func(t *testing.T) {
		o := executeEnv(t, env, "config", "--task-queue", "q-flag")
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.NotContains(t, o.stdout, secret)
		assert.Contains(t, o.stdout, `namespace = "from-env"  # environment`)
		assert.Contains(t, o.stdout, `task_queue = "q-flag"  # flag`)
	})
	t.Run("style.md §6: a warning when the environment overrides the file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "stabilize.yaml")
		require.NoError(t, os.WriteFile(file, []byte("namespace: from-file\n"), 0o600))
		o := executeEnv(t, env, "config", "--config", file)
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.Contains(t, o.stderr, "warning: environment STABILIZE_NAMESPACE overrides namespace from "+file)
		assert.Contains(t, o.stdout, "# config file: "+file)
	})
	t.Run("issue: starter config masks secrets (json)", func(t *testing.T) {
		o := executeEnv(t, env, "config", "--output", "json")
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.NotContains(t, o.stdout, secret)
		var got struct {
			Config map[string]any `json:"config"`
		}
		require.NoError(t, jsonUnmarshal(o.stdout, &got), "%v", o)
		assert.Equal(t, "from-env", got.Config["namespace"])
	})
}

func TestValidate(t *testing.T) {
	t.Run("issue: validate exits 2 with one problem per line and its path", func(t *testing.T) {
		o := executeEnv(t, nil, "validate", "testdata/hello.yaml", "testdata/invalid.yaml")
		require.Equal(t, ExitUsage, o.code, "%v", o)
		lines := nonEmptyLines(o.stdout)
		require.GreaterOrEqual(t, len(lines), 2, "duplicate ref_id and unknown requisite: %v", o)
		for _, l := range lines {
			assert.Contains(t, l, "testdata/invalid.yaml: ")
			assert.Contains(t, l, "stages[")
		}
		assert.Contains(t, o.stdout, "deplyo")
		assert.NotContains(t, o.stdout, "hello.yaml")
	})
	t.Run("issue: validate of good files exits 0", func(t *testing.T) {
		o := executeEnv(t, nil, "validate", "testdata/hello.yaml", "testdata/approval.yaml", "--builtin-only")
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.Empty(t, o.stdout)
	})
	t.Run("style.md §6: json output is one document", func(t *testing.T) {
		o := executeEnv(t, nil, "validate", "testdata/invalid.yaml", "--output", "json")
		require.Equal(t, ExitUsage, o.code, "%v", o)
		var got []definitionResult
		require.NoError(t, jsonUnmarshal(o.stdout, &got), "%v", o)
		require.Len(t, got, 1)
		assert.False(t, got[0].Valid)
		assert.NotEmpty(t, got[0].Problems)
	})
	t.Run("a definition on stdin is named -", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := Execute(context.Background(), Options{
			Stdin: strings.NewReader("application: a\nname: n\nstages: []\n"), Stdout: &out, Stderr: &errOut,
			Args: []string{"validate", "-"}, LookupEnv: func(string) (string, bool) { return "", false },
		})
		require.Equal(t, ExitUsage, code, "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
		assert.Contains(t, out.String(), "-: stages")
	})
	t.Run("issue: a missing file is a problem, exit 2", func(t *testing.T) {
		o := executeEnv(t, nil, "validate", "testdata/missing.yaml")
		require.Equal(t, ExitUsage, o.code, "%v", o)
		assert.Contains(t, o.stdout, "testdata/missing.yaml")
	})
}
