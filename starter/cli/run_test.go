package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

func TestRun(t *testing.T) {
	t.Run("issue run: SUCCEEDED exits 0 with a summary and progress lines", func(t *testing.T) {
		o := execute(t, "run", "testdata/hello.yaml")
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.Contains(t, o.stdout, "SUCCEEDED")
		assert.Contains(t, o.stdout, "greet")
		assert.Contains(t, o.stderr, "started workflow")
		assert.Contains(t, o.stderr, "stage done SUCCEEDED", "one line per change off a TTY")
	})
	t.Run("issue run: --output json prints only the final Workflow model", func(t *testing.T) {
		o := execute(t, "run", "testdata/hello.yaml", "--output", "json", "--set", "trigger.parameters.who=cli")
		require.Equal(t, ExitOK, o.code, "%v", o)
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(o.stdout, &wf), "%v", o)
		assert.Equal(t, model.StatusSucceeded, wf.Status)
		assert.Equal(t, model.StatusSucceeded, stageStatus(&wf, "greet"))
		assert.Equal(t, "cli", wf.Trigger.Parameters["who"])
		assert.Empty(t, o.stderr, "no progress in JSON mode")
	})
	t.Run("issue exit 3: the run ended TERMINAL", func(t *testing.T) {
		o := execute(t, "run", "testdata/fail.yaml")
		require.Equal(t, ExitHalted, o.code, "%v", o)
		assert.Contains(t, o.stdout, "TERMINAL")
		assert.Contains(t, o.stderr, "ended TERMINAL")
	})
	t.Run("issue exit 0: FAILED_CONTINUE with a warning", func(t *testing.T) {
		o := execute(t, "run", "testdata/continue.yaml", "--output", "json")
		require.Equal(t, ExitOK, o.code, "%v", o)
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(o.stdout, &wf), "%v", o)
		assert.Equal(t, model.StatusFailedContinue, stageStatus(&wf, "flaky"))
		assert.Contains(t, o.stderr, "warning:")
	})
	t.Run("issue exit 2: invalid definition, one problem per line with paths", func(t *testing.T) {
		o := execute(t, "run", "testdata/invalid.yaml")
		require.Equal(t, ExitUsage, o.code, "%v", o)
		assert.Contains(t, o.stderr, "testdata/invalid.yaml: stages[")
		assert.Contains(t, o.stderr, "deplyo")
		assert.Empty(t, o.stdout)
	})
	t.Run("issue exit 4: still running when --timeout ran out", func(t *testing.T) {
		o := execute(t, "run", "testdata/wait.yaml", "--timeout", "1s", "--output", "json")
		require.Equal(t, ExitTimeout, o.code, "%v", o)
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(o.stdout, &wf), "%v", o)
		assert.Equal(t, model.StatusRunning, wf.Status)
		require.Equal(t, ExitOK, execute(t, "cancel", wf.ID).code, "clean up")
	})
}

func TestStartStatusWatch(t *testing.T) {
	t.Run("issue start: json prints id and run_id", func(t *testing.T) {
		o := execute(t, "start", "testdata/hello.yaml", "--output", "json")
		require.Equal(t, ExitOK, o.code, "%v", o)
		var got map[string]string
		require.NoError(t, jsonUnmarshal(o.stdout, &got), "%v", o)
		assert.NotEmpty(t, got["id"])
		assert.NotEmpty(t, got["run_id"])
		w := execute(t, "watch", got["id"])
		require.Equal(t, ExitOK, w.code, "%v", w)
		assert.Contains(t, w.stdout, "SUCCEEDED")
	})
	t.Run("issue status: json is the model from the status query", func(t *testing.T) {
		id := startFile(t, "testdata/hello.yaml")
		wf := waitStatus(t, id, func(wf *model.Workflow) bool { return wf.Status == model.StatusSucceeded })
		assert.Equal(t, id, wf.ID)
		assert.Equal(t, "hello", wf.Name)
		assert.Len(t, wf.Stages, 2)
		o := execute(t, "status", id)
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.Contains(t, o.stdout, "STAGE")
	})
	t.Run("issue watch: exit code follows the final status", func(t *testing.T) {
		id := startFile(t, "testdata/fail.yaml")
		o := execute(t, "watch", id)
		assert.Equal(t, ExitHalted, o.code, "%v", o)
	})
	t.Run("issue exit 1: status of an unknown workflow", func(t *testing.T) {
		o := execute(t, "status", "no-such-workflow")
		assert.Equal(t, ExitError, o.code, "%v", o)
	})
}
