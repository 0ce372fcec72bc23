package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

func TestPauseResumeCancel(t *testing.T) {
	id := startFile(t, "testdata/wait.yaml")
	waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "sleep") == model.StatusRunning })

	t.Run("semantics §10.4: pause a RUNNING workflow", func(t *testing.T) {
		o := execute(t, "pause", id, "--user", "ops", "--reason", "maintenance")
		require.Equal(t, ExitOK, o.code, "%v", o)
		wf := waitStatus(t, id, func(wf *model.Workflow) bool { return wf.Status == model.StatusPaused })
		require.NotNil(t, wf.Paused)
		assert.Equal(t, "ops", wf.Paused.PausedBy)
	})
	t.Run("issue exit 3: pausing a PAUSED workflow is refused with the reason", func(t *testing.T) {
		o := execute(t, "pause", id)
		require.Equal(t, ExitHalted, o.code, "%v", o)
		assert.Contains(t, o.stderr, "refused")
	})
	t.Run("semantics §10.4: resume", func(t *testing.T) {
		o := execute(t, "resume", id, "--output", "json")
		require.Equal(t, ExitOK, o.code, "%v", o)
		var got updateResult
		require.NoError(t, jsonUnmarshal(o.stdout, &got), "%v", o)
		assert.Equal(t, model.ControlResume, got.Update)
		waitStatus(t, id, func(wf *model.Workflow) bool { return wf.Status == model.StatusRunning })
	})
	t.Run("semantics §10.6: cancel; watch exits 3", func(t *testing.T) {
		o := execute(t, "cancel", id, "--user", "ops", "--reason", "done testing")
		require.Equal(t, ExitOK, o.code, "%v", o)
		w := execute(t, "watch", id, "--output", "json")
		require.Equal(t, ExitHalted, w.code, "%v", w)
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(w.stdout, &wf), "%v", w)
		assert.Equal(t, model.StatusCanceled, wf.Status)
	})
	t.Run("issue exit 3: an update to a finished run is refused", func(t *testing.T) {
		o := execute(t, "resume", id)
		assert.Equal(t, ExitHalted, o.code, "%v", o)
	})
}

func TestApproval(t *testing.T) {
	t.Run("semantics §10.3: approve resumes the gate and the run succeeds", func(t *testing.T) {
		id := startFile(t, "testdata/approval.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
		o := execute(t, "approve", id, "gate", "--data", `{"ticket":"OPS-1"}`, "--user", "lead")
		require.Equal(t, ExitOK, o.code, "%v", o)
		w := execute(t, "watch", id, "--output", "json")
		require.Equal(t, ExitOK, w.code, "%v", w)
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(w.stdout, &wf), "%v", w)
		assert.Equal(t, model.StatusSucceeded, stageStatus(&wf, "deploy"))
	})
	t.Run("semantics §10.3: reject ends TERMINAL, exit 3", func(t *testing.T) {
		id := startFile(t, "testdata/approval.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
		require.Equal(t, ExitOK, execute(t, "reject", id, "gate").code)
		w := execute(t, "watch", id)
		assert.Equal(t, ExitHalted, w.code, "%v", w)
	})
	t.Run("semantics §10.2: a stage signal named approve resumes the gate", func(t *testing.T) {
		id := startFile(t, "testdata/approval.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
		o := execute(t, "signal", id, "gate", "approve", "--data", `"ok"`, "--persistent")
		require.Equal(t, ExitOK, o.code, "%v", o)
		assert.Equal(t, ExitOK, execute(t, "watch", id).code)
	})
	t.Run("issue exit 3: approving an unknown stage is refused", func(t *testing.T) {
		id := startFile(t, "testdata/approval.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
		o := execute(t, "approve", id, "no-such-stage")
		assert.Equal(t, ExitHalted, o.code, "%v", o)
		require.Equal(t, ExitOK, execute(t, "cancel", id).code, "clean up")
	})
}
