package temporal

import (
	"errors"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	sdktemporal "go.temporal.io/sdk/temporal"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
)

func TestListQuery(t *testing.T) {
	running := model.StatusRunning
	base := "WorkflowType = 'StabilizeWorkflow' AND ExecutionStatus != 'ContinuedAsNew'"
	tests := []struct {
		name   string
		filter webui.ListFilter
		want   string
	}{
		{"webui ListFilter: the zero filter keeps every Stabilize run", webui.ListFilter{}, base},
		{"webui ListFilter: status matches StabilizeStatus", webui.ListFilter{Status: &running},
			base + " AND StabilizeStatus = 'RUNNING'"},
		{"webui ListFilter: application matches StabilizeApplication, quoted", webui.ListFilter{Application: `o'brien\x`},
			base + ` AND StabilizeApplication = 'o\'brien\\x'`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, listQuery(tc.filter))
		})
	}
}

func TestRowStatus(t *testing.T) {
	tests := []struct {
		name     string
		attr     string
		temporal enumspb.WorkflowExecutionStatus
		want     model.WorkflowStatus
	}{
		{"running run shows StabilizeStatus (SUSPENDED on approval)", "SUSPENDED", enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, model.StatusSuspended},
		{"running run without the attribute yet is RUNNING", "", enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, model.StatusRunning},
		{"completed run shows its final status", "FAILED_CONTINUE", enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, model.StatusFailedContinue},
		{"failed run (TERMINAL outcome) shows its final status", "CANCELED", enumspb.WORKFLOW_EXECUTION_STATUS_FAILED, model.StatusCanceled},
		{"completed run with a stale active attribute is SUCCEEDED", "RUNNING", enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, model.StatusSucceeded},
		{"terminated run never saw its end: TERMINAL", "RUNNING", enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, model.StatusTerminal},
		{"timed-out run: TERMINAL", "RUNNING", enumspb.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, model.StatusTerminal},
		{"Temporal-canceled run: CANCELED", "RUNNING", enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED, model.StatusCanceled},
		{"garbage attribute falls back on Temporal", "NOPE", enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING, model.StatusRunning},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, rowStatus(tc.attr, tc.temporal))
		})
	}
}

// payload encodes v with the default data converter.
func payload(t *testing.T, v any) *commonpb.Payload {
	t.Helper()
	p, err := converter.GetDefaultDataConverter().ToPayload(v)
	require.NoError(t, err)
	return p
}

func execution(t *testing.T, id string, start time.Time, attrs, memo map[string]string) *workflowpb.WorkflowExecutionInfo {
	t.Helper()
	ex := &workflowpb.WorkflowExecutionInfo{
		Execution:        &commonpb.WorkflowExecution{WorkflowId: id, RunId: id + "-run"},
		StartTime:        timestamppb.New(start),
		Status:           enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING,
		SearchAttributes: &commonpb.SearchAttributes{IndexedFields: map[string]*commonpb.Payload{}},
		Memo:             &commonpb.Memo{Fields: map[string]*commonpb.Payload{}},
	}
	for k, v := range attrs {
		ex.SearchAttributes.IndexedFields[k] = payload(t, v)
	}
	for k, v := range memo {
		ex.Memo.Fields[k] = payload(t, v)
	}
	return ex
}

func TestList(t *testing.T) {
	t0 := time.UnixMilli(1_700_000_000_000)
	older := execution(t, "older", t0, map[string]string{
		model.SearchAttrApplication: "shop", model.SearchAttrPipeline: "deploy", model.SearchAttrStatus: "SUCCEEDED",
	}, nil)
	older.Status = enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED
	older.CloseTime = timestamppb.New(t0.Add(time.Minute))
	newer := execution(t, "newer", t0.Add(time.Hour), map[string]string{model.SearchAttrStatus: "SUSPENDED"},
		map[string]string{model.MemoApplication: "memo-app", model.MemoName: "memo-name"})
	newest := execution(t, "newest", t0.Add(2*time.Hour), nil, nil)
	fc := &fakeClient{pages: []*workflowservice.ListWorkflowExecutionsResponse{
		{Executions: []*workflowpb.WorkflowExecutionInfo{older}, NextPageToken: []byte("p2")},
		{Executions: []*workflowpb.WorkflowExecutionInfo{newer, newest}},
	}}
	rows, err := New(fc).List(t.Context(), webui.ListFilter{Limit: 2})

	require.NoError(t, err)
	t.Run("webui Backend.List: pages are followed with the page token", func(t *testing.T) {
		require.Len(t, fc.requests, 2)
		assert.Equal(t, []byte("p2"), fc.requests[1].NextPageToken)
		assert.EqualValues(t, 2, fc.requests[0].PageSize)
	})
	t.Run("webui Backend.List: most recent first, cut at the limit", func(t *testing.T) {
		require.Len(t, rows, 2)
		assert.Equal(t, "newest", rows[0].ID)
		assert.Equal(t, "newer", rows[1].ID)
	})
	t.Run("search attributes missing: memo fallback for application and name", func(t *testing.T) {
		assert.Equal(t, "memo-app", rows[1].Application)
		assert.Equal(t, "memo-name", rows[1].Name)
		assert.Equal(t, model.StatusSuspended, rows[1].Status)
		assert.Nil(t, rows[1].EndTime)
		require.NotNil(t, rows[1].StartTime)
		assert.Equal(t, t0.Add(time.Hour).UnixMilli(), *rows[1].StartTime)
	})

	rows, err = New(&fakeClient{pages: fc.pages}).List(t.Context(), webui.ListFilter{})
	require.NoError(t, err)
	t.Run("search attributes and close time of a finished run", func(t *testing.T) {
		require.Len(t, rows, 3)
		last := rows[2]
		assert.Equal(t, webui.ExecutionSummary{
			ID: "older", RunID: "older-run", Application: "shop", Name: "deploy", Status: model.StatusSucceeded,
			StartTime: ptr(t0.UnixMilli()), EndTime: ptr(t0.Add(time.Minute).UnixMilli()),
		}, last)
	})
}

func ptr(v int64) *int64 { return &v }

func TestStatus(t *testing.T) {
	t.Run("webui Backend.Status: the status query's model", func(t *testing.T) {
		fc := &fakeClient{query: &model.Workflow{ID: "wf", Application: "shop", Status: model.StatusSuspended}}
		wf, err := New(fc).Status(t.Context(), "wf")
		require.NoError(t, err)
		assert.Equal(t, "shop", wf.Application)
		assert.Equal(t, model.StatusSuspended, wf.Status)
	})
	t.Run("webui Backend.Status: an unknown id wraps ErrNotFound", func(t *testing.T) {
		fc := &fakeClient{queryErr: serviceerror.NewNotFound("workflow not found for ID: nope")}
		_, err := New(fc).Status(t.Context(), "nope")
		assert.ErrorIs(t, err, webui.ErrNotFound)
		assert.ErrorContains(t, err, "nope")
	})
	t.Run("other failures are neither not-found nor refused", func(t *testing.T) {
		fc := &fakeClient{queryErr: errors.New("deadline exceeded")}
		_, err := New(fc).Status(t.Context(), "wf")
		assert.NotErrorIs(t, err, webui.ErrNotFound)
		assert.ErrorContains(t, err, "deadline exceeded")
	})
}

func TestControl(t *testing.T) {
	refusal := sdktemporal.NewNonRetryableApplicationError("stage approve is not suspended", "UpdateRefused", nil)
	tests := []struct {
		name        string
		action      string
		req         webui.ControlRequest
		startErr    error
		getErr      error
		wantPayload any
		wantRefused string
		wantIs      error
	}{
		{name: "approve sends the approve update with an ApprovalRequest",
			action: webui.ActionApprove, req: webui.ControlRequest{StageRefID: "approve", User: "web", Data: "ok"},
			wantPayload: model.ApprovalRequest{StageRefID: "approve", User: "web", Data: "ok"}},
		{name: "pause sends the pause update with a ControlRequest",
			action: webui.ActionPause, req: webui.ControlRequest{User: "web", Reason: "lunch"},
			wantPayload: model.ControlRequest{User: "web", Reason: "lunch"}},
		{name: "restart_stage sends a StageRequest",
			action: webui.ActionRestartStage, req: webui.ControlRequest{StageRefID: "build"},
			wantPayload: model.StageRequest{StageRefID: "build"}},
		{name: "a validator's rejection is Refused with its reason",
			action: webui.ActionApprove, req: webui.ControlRequest{StageRefID: "approve"}, getErr: refusal,
			wantPayload: model.ApprovalRequest{StageRefID: "approve"}, wantRefused: "stage approve is not suspended"},
		{name: "a rejection when the update starts is Refused too",
			action: webui.ActionCancel, startErr: refusal, wantPayload: model.ControlRequest{},
			wantRefused: "stage approve is not suspended"},
		{name: "a completed run refuses every control",
			action: webui.ActionResume, startErr: serviceerror.NewNotFound("workflow execution already completed"),
			wantPayload: model.ControlRequest{}, wantRefused: "workflow already completed"},
		{name: "an unknown id wraps ErrNotFound",
			action: webui.ActionPause, startErr: serviceerror.NewNotFound("workflow not found for ID: nope"),
			wantPayload: model.ControlRequest{}, wantIs: webui.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fc := &fakeClient{startErr: tc.startErr, getErr: tc.getErr}
			err := New(fc).Control(t.Context(), "wf", tc.action, tc.req)
			require.Len(t, fc.updates, 1)
			u := fc.updates[0]
			assert.Equal(t, "wf", u.WorkflowID)
			assert.Equal(t, tc.action, u.UpdateName)
			assert.Equal(t, client.WorkflowUpdateStageCompleted, u.WaitForStage)
			assert.Equal(t, []any{tc.wantPayload}, u.Args)
			switch {
			case tc.wantRefused != "":
				var re *webui.RefusedError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.wantRefused, re.Reason)
			case tc.wantIs != nil:
				assert.ErrorIs(t, err, tc.wantIs)
				assert.NotErrorIs(t, err, webui.ErrRefused)
			default:
				assert.NoError(t, err)
			}
		})
	}
	t.Run("an unknown action is an error before any call", func(t *testing.T) {
		fc := &fakeClient{}
		err := New(fc).Control(t.Context(), "wf", "explode", webui.ControlRequest{})
		assert.ErrorContains(t, err, "explode")
		assert.Empty(t, fc.updates)
	})
}
