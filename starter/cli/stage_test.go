package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

func TestStageUpdates(t *testing.T) {
	t.Run("semantics §10.8: cancel-region cancels its stages; the run ends CANCELED", func(t *testing.T) {
		id := startFile(t, "testdata/region.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "slow") == model.StatusRunning })
		o := execute(t, "cancel-region", id, "r1")
		require.Equal(t, ExitOK, o.code, "%v", o)
		w := execute(t, "watch", id, "--output", "json")
		require.Equal(t, ExitHalted, w.code, "%v", w)
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(w.stdout, &wf), "%v", w)
		assert.Equal(t, model.StatusCanceled, stageStatus(&wf, "slow"))
		assert.Equal(t, model.StatusNotStarted, stageStatus(&wf, "after"))
	})
	t.Run("semantics §8.11: restart-stage of a completed stage is accepted, of a NOT_STARTED one refused", func(t *testing.T) {
		id := startFile(t, "testdata/approval.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
		o := execute(t, "restart-stage", id, "build")
		require.Equal(t, ExitOK, o.code, "%v", o)
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "build") == model.StatusSucceeded })
		r := execute(t, "restart-stage", id, "deploy")
		assert.Equal(t, ExitHalted, r.code, "%v", r)
		assert.Contains(t, r.stderr, "refused")
		require.Equal(t, ExitOK, execute(t, "cancel", id).code, "clean up")
	})
	t.Run("semantics §9.4: add-instance queues an instance on an allow_dynamic stage", func(t *testing.T) {
		id := startFile(t, "testdata/dynamic.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "plan") == model.StatusSuspended })
		o := execute(t, "add-instance", id, "plan", "--context", `{"region":"eu"}`)
		require.Equal(t, ExitOK, o.code, "%v", o)
		require.Equal(t, ExitOK, execute(t, "approve", id, "plan").code)
		wf := waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "plan_instance_0") != model.StatusNotStarted })
		assert.Equal(t, model.StatusSuspended, stageStatus(wf, "plan_instance_0"), "the instance runs plan's type")
		require.Equal(t, ExitOK, execute(t, "cancel", id).code, "clean up")
	})
	t.Run("semantics §9.4 and §10.7: add-instance without mi_config is refused; cancel-stage halts", func(t *testing.T) {
		id := startFile(t, "testdata/approval.yaml")
		waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
		o := execute(t, "add-instance", id, "gate")
		assert.Equal(t, ExitHalted, o.code, "%v", o)
		o = execute(t, "cancel-stage", id, "gate")
		require.Equal(t, ExitOK, o.code, "%v", o)
		w := execute(t, "watch", id)
		assert.Equal(t, ExitHalted, w.code, "semantics §10.7: a canceled stage halts the run: %v", w)
	})
}
