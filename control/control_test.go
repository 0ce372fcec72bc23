package control

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

func TestWorkflowOptions(t *testing.T) {
	def := &model.Workflow{ID: "wf-1", Application: "shop", Name: "deploy", PipelineConfigID: "cfg",
		Trigger: model.Trigger{User: "alice"}}
	o := WorkflowOptions("q", def)
	assert.Equal(t, "wf-1", o.ID, "the workflow id is the definition id")
	assert.Equal(t, "q", o.TaskQueue)
	app, _ := o.TypedSearchAttributes.GetKeyword(temporal.NewSearchAttributeKeyKeyword(model.SearchAttrApplication))
	cid, _ := o.TypedSearchAttributes.GetKeyword(temporal.NewSearchAttributeKeyKeyword(model.SearchAttrConfigID))
	assert.Equal(t, []string{"shop", "cfg"}, []string{app, cid})
	assert.Equal(t, "alice", o.Memo[model.MemoTriggerUser])
}

func TestStart(t *testing.T) {
	ctx := context.Background()
	def := &model.Workflow{ID: "wf-1", Application: "a", Name: "n"}
	t.Run("starts the generic workflow with the definition and run options", func(t *testing.T) {
		c := mocks.NewClient(t)
		run := mocks.NewWorkflowRun(t)
		c.On("ExecuteWorkflow", ctx, mock.MatchedBy(func(o client.StartWorkflowOptions) bool {
			return o.ID == "wf-1" && o.TaskQueue == "q"
		}), model.WorkflowName, interpreter.Input{Definition: def, Options: interpreter.RunOptions{MaxPendingTasks: 3}}).
			Return(run, nil)
		got, err := Start(ctx, c, StartOptions{TaskQueue: "q", Run: interpreter.RunOptions{MaxPendingTasks: 3}}, def)
		require.NoError(t, err)
		assert.Same(t, run, got)
	})
	t.Run("a start error names the workflow", func(t *testing.T) {
		c := mocks.NewClient(t)
		c.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, errors.New("unavailable"))
		_, err := Start(ctx, c, StartOptions{TaskQueue: "q"}, def)
		assert.EqualError(t, err, "start workflow wf-1: unavailable")
	})
	t.Run("no definition or no task queue is refused before any call", func(t *testing.T) {
		c := mocks.NewClient(t)
		_, err := Start(ctx, c, StartOptions{TaskQueue: "q"}, nil)
		assert.ErrorContains(t, err, "expected a definition")
		_, err = Start(ctx, c, StartOptions{}, def)
		assert.ErrorContains(t, err, "expected a task queue")
	})
}

// updateClient returns a client whose update fails with err, or succeeds
// with status when err is nil.
func updateClient(t *testing.T, name string, arg any, status model.WorkflowStatus, err error) *mocks.Client {
	c := mocks.NewClient(t)
	h := mocks.NewWorkflowUpdateHandle(t)
	c.On("UpdateWorkflow", mock.Anything, mock.MatchedBy(func(o client.UpdateWorkflowOptions) bool {
		return o.UpdateID != "" && o.WorkflowID == "wf-1" && o.UpdateName == name &&
			assert.ObjectsAreEqual([]any{arg}, o.Args) && o.WaitForStage == client.WorkflowUpdateStageCompleted
	})).Return(h, nil)
	h.On("Get", mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
		if err == nil {
			*(args.Get(1).(*model.WorkflowStatus)) = status
		}
	}).Return(err)
	return c
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	req := model.ApprovalRequest{StageRefID: "gate", User: "lead"}
	t.Run("the typed helper sends its update name and payload, and returns the status", func(t *testing.T) {
		c := updateClient(t, model.UpdateApprove, req, model.StatusRunning, nil)
		st, err := Approve(ctx, c, "wf-1", req)
		require.NoError(t, err)
		assert.Equal(t, model.StatusRunning, st)
	})
	t.Run("a validator's rejection is a RefusedError with the workflow's reason", func(t *testing.T) {
		c := updateClient(t, model.UpdateApprove, req, 0,
			temporal.NewApplicationError("stage gate is RUNNING, not SUSPENDED", "InvalidTransition"))
		_, err := Approve(ctx, c, "wf-1", req)
		var refused *RefusedError
		require.ErrorAs(t, err, &refused)
		assert.Equal(t, "stage gate is RUNNING, not SUSPENDED", refused.Reason)
		assert.Equal(t, "update approve of workflow wf-1 refused: stage gate is RUNNING, not SUSPENDED", err.Error())
	})
	t.Run("an update to a completed run is refused", func(t *testing.T) {
		c := mocks.NewClient(t)
		c.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewNotFound("workflow execution already completed"))
		_, err := Pause(ctx, c, "wf-1", model.ControlRequest{})
		var refused *RefusedError
		assert.ErrorAs(t, err, &refused)
	})
	t.Run("an unknown workflow id wraps ErrNotFound", func(t *testing.T) {
		c := mocks.NewClient(t)
		c.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewNotFound("workflow not found for ID: wf-1"))
		_, err := Cancel(ctx, c, "wf-1", model.ControlRequest{})
		assert.ErrorIs(t, err, ErrNotFound)
		var refused *RefusedError
		assert.False(t, errors.As(err, &refused))
	})
	t.Run("an update aborted as not ready is sent again with the same update id", func(t *testing.T) {
		c := mocks.NewClient(t)
		h := mocks.NewWorkflowUpdateHandle(t)
		var ids []string
		record := func(args mock.Arguments) { ids = append(ids, args.Get(1).(client.UpdateWorkflowOptions).UpdateID) }
		notReady := serviceerror.NewWorkflowNotReady("Unable to perform workflow execution update due to unexpected workflow task failure.")
		c.On("UpdateWorkflow", mock.Anything, mock.Anything).Run(record).Return(nil, notReady).Twice()
		c.On("UpdateWorkflow", mock.Anything, mock.Anything).Run(record).Return(h, nil).Once()
		h.On("Get", mock.Anything, mock.Anything).Run(func(args mock.Arguments) {
			*(args.Get(1).(*model.WorkflowStatus)) = model.StatusCanceled
		}).Return(nil)
		st, err := Cancel(ctx, c, "wf-1", model.ControlRequest{})
		require.NoError(t, err)
		assert.Equal(t, model.StatusCanceled, st)
		require.Len(t, ids, 3)
		assert.NotEmpty(t, ids[0])
		assert.Equal(t, []string{ids[0], ids[0], ids[0]}, ids, "one update id for every attempt")
	})
	t.Run("not ready on every attempt gives up with the server's error", func(t *testing.T) {
		c := mocks.NewClient(t)
		notReady := serviceerror.NewWorkflowNotReady("not ready")
		c.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, notReady).Times(notReadyAttempts)
		_, err := Cancel(ctx, c, "wf-1", model.ControlRequest{})
		var nr *serviceerror.WorkflowNotReady
		assert.ErrorAs(t, err, &nr)
	})
	t.Run("other errors pass through, wrapped", func(t *testing.T) {
		c := mocks.NewClient(t)
		boom := errors.New("connection reset")
		c.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, boom)
		_, err := Resume(ctx, c, "wf-1", model.ControlRequest{})
		assert.ErrorIs(t, err, boom)
	})
	helpers := []struct {
		name string
		call func(client.Client) (model.WorkflowStatus, error)
		arg  any
	}{
		{model.ControlPause, func(c client.Client) (model.WorkflowStatus, error) {
			return Pause(ctx, c, "wf-1", model.ControlRequest{User: "u"})
		}, model.ControlRequest{User: "u"}},
		{model.SignalStage, func(c client.Client) (model.WorkflowStatus, error) {
			return Signal(ctx, c, "wf-1", model.StageSignal{StageRefID: "s", Name: "go"})
		}, model.StageSignal{StageRefID: "s", Name: "go"}},
		{model.UpdateReject, func(c client.Client) (model.WorkflowStatus, error) {
			return Reject(ctx, c, "wf-1", model.ApprovalRequest{StageRefID: "g"})
		}, model.ApprovalRequest{StageRefID: "g"}},
		{model.UpdateCancelStage, func(c client.Client) (model.WorkflowStatus, error) {
			return CancelStage(ctx, c, "wf-1", model.StageRequest{StageRefID: "s"})
		}, model.StageRequest{StageRefID: "s"}},
		{model.UpdateRestartStage, func(c client.Client) (model.WorkflowStatus, error) {
			return RestartStage(ctx, c, "wf-1", model.StageRequest{StageRefID: "s"})
		}, model.StageRequest{StageRefID: "s"}},
		{model.UpdateCancelRegion, func(c client.Client) (model.WorkflowStatus, error) {
			return CancelRegion(ctx, c, "wf-1", model.CancelRegionRequest{Region: "r"})
		}, model.CancelRegionRequest{Region: "r"}},
		{model.UpdateAddInstance, func(c client.Client) (model.WorkflowStatus, error) {
			return AddInstance(ctx, c, "wf-1", model.AddInstanceRequest{StageRefID: "mi"})
		}, model.AddInstanceRequest{StageRefID: "mi"}},
	}
	for _, h := range helpers {
		t.Run("helper "+h.name+" sends update "+h.name, func(t *testing.T) {
			c := updateClient(t, h.name, h.arg, model.StatusSucceeded, nil)
			st, err := h.call(c)
			require.NoError(t, err)
			assert.Equal(t, model.StatusSucceeded, st)
		})
	}
}

func TestStatus(t *testing.T) {
	ctx := context.Background()
	t.Run("decodes the model of the status query", func(t *testing.T) {
		c := mocks.NewClient(t)
		v := mocks.NewEncodedValue(t)
		v.On("Get", mock.Anything).Run(func(args mock.Arguments) {
			*(args.Get(0).(*model.Workflow)) = model.Workflow{ID: "wf-1", Status: model.StatusPaused}
		}).Return(nil)
		c.On("QueryWorkflow", mock.Anything, "wf-1", "", model.QueryStatus).Return(v, nil)
		wf, err := Status(ctx, c, "wf-1", "")
		require.NoError(t, err)
		assert.Equal(t, model.StatusPaused, wf.Status)
	})
	t.Run("a query error names the query and the workflow", func(t *testing.T) {
		c := mocks.NewClient(t)
		c.On("QueryWorkflow", mock.Anything, "wf-1", "r", model.QueryStatus).Return(nil, errors.New("no worker"))
		_, err := Status(ctx, c, "wf-1", "r")
		assert.EqualError(t, err, "query status of workflow wf-1: no worker")
	})
}
