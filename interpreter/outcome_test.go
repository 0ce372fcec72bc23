package interpreter

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

func TestOutcome(t *testing.T) {
	final := func(status model.WorkflowStatus) *model.Workflow {
		st := model.NewStage("fail", "build", "build", map[string]any{"error": "exit 1"}, nil)
		st.Status = status
		wf := model.New("app", "pipe", []*model.StageExecution{st})
		wf.Status = status
		return wf
	}
	tests := []struct {
		name     string
		status   model.WorkflowStatus
		wantErr  bool
		wantType string // application error type; "" for none
		canceled bool
	}{
		{name: "issue outcome mapping: SUCCEEDED completes", status: model.StatusSucceeded},
		{name: "issue outcome mapping: FAILED_CONTINUE completes", status: model.StatusFailedContinue},
		{name: "issue outcome mapping: TERMINAL fails with type TERMINAL", status: model.StatusTerminal, wantErr: true, wantType: "TERMINAL"},
		{name: "issue outcome mapping: STOPPED fails with type STOPPED", status: model.StatusStopped, wantErr: true, wantType: "STOPPED"},
		{name: "issue outcome mapping: CANCELED is a canceled error", status: model.StatusCanceled, wantErr: true, canceled: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := final(tc.status)
			got, err := outcome(engine.Complete{Status: tc.status, Workflow: wf})
			if !tc.wantErr {
				if err != nil || got != wf {
					t.Fatalf("outcome = %v, %v; want the final model and no error", got, err)
				}
				return
			}
			if got != nil || err == nil {
				t.Fatalf("outcome = %v, %v; want nil and an error", got, err)
			}
			if tc.canceled {
				var ce *temporal.CanceledError
				if !errors.As(err, &ce) || !ce.HasDetails() {
					t.Fatalf("error = %#v; want a CanceledError carrying the model", err)
				}
				var back *model.Workflow
				if err := ce.Details(&back); err != nil || back == nil || back.Status != tc.status {
					t.Fatalf("canceled details = %v, %v; want the final model", back.Status, err)
				}
				return
			}
			var ae *temporal.ApplicationError
			if !errors.As(err, &ae) || ae.Type() != tc.wantType || !ae.NonRetryable() {
				t.Fatalf("error = %#v; want a non-retryable application error of type %s", err, tc.wantType)
			}
			if want := "workflow ended " + tc.wantType + ": stage build " + tc.wantType + ": exit 1"; ae.Message() != want {
				t.Errorf("message = %q, want %q", ae.Message(), want)
			}
			var back *model.Workflow
			if err := ae.Details(&back); err != nil || back == nil || back.Status != tc.status {
				t.Fatalf("details = %+v, %v; want the final model", back, err)
			}
		})
	}
}

func TestActivityFailure(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus model.WorkflowStatus
		wantType   string
		wantMsg    string
	}{
		{
			name:       "issue: retries exhausted become TERMINAL with the last error",
			err:        temporal.NewApplicationError("connection refused", "NetError"),
			wantStatus: model.StatusTerminal, wantType: "NetError", wantMsg: "connection refused",
		},
		{
			name:       "semantics §3.7: a per-call timeout is TERMINAL",
			err:        temporal.NewTimeoutError(0, nil),
			wantStatus: model.StatusTerminal, wantType: "timeout Unspecified",
		},
		{
			name:       "plain error keeps its message",
			err:        errors.New("boom"),
			wantStatus: model.StatusTerminal, wantType: "error", wantMsg: "boom",
		},
		{
			name:       "a canceled task reports CANCELED (ignored by the engine)",
			err:        temporal.NewCanceledError(),
			wantStatus: model.StatusCanceled,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := activityFailure(tc.err)
			if got.Status != tc.wantStatus {
				t.Fatalf("status = %s, want %s", got.Status, tc.wantStatus)
			}
			if tc.wantType == "" {
				return
			}
			if got.ExceptionDetails["type"] != tc.wantType {
				t.Errorf("exception type = %v, want %s", got.ExceptionDetails["type"], tc.wantType)
			}
			if tc.wantMsg != "" && (got.Error != tc.wantMsg || got.ExceptionDetails["error"] != tc.wantMsg) {
				t.Errorf("error = %q / %v, want %q", got.Error, got.ExceptionDetails["error"], tc.wantMsg)
			}
		})
	}
}
