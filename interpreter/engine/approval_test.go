package engine

import (
	"reflect"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestApprovalResult(t *testing.T) {
	data := map[string]any{"by": "ann"}
	tests := []struct {
		name string
		ctx  map[string]any
		want model.TaskResult
	}{
		{"SIG-4 approve succeeds with approved and approval",
			map[string]any{KeySignalName: "approve", KeySignalData: data},
			model.TaskResult{Status: model.StatusSucceeded, Outputs: map[string]any{"approved": true, "approval": data}}},
		{"SIG-4 reject is TERMINAL with the values in the context",
			map[string]any{KeySignalName: "reject", KeySignalData: data},
			model.TaskResult{Status: model.StatusTerminal, Error: "Approval rejected",
				Context:          map[string]any{"approved": false, "approval": data},
				ExceptionDetails: map[string]any{"error": "Approval rejected"}}},
		{"SIG-4 reject with approval_reject_continues is FAILED_CONTINUE with outputs",
			map[string]any{KeySignalName: "reject", KeySignalData: nil, model.KeyApprovalRejectContinues: true},
			model.TaskResult{Status: model.StatusFailedContinue, Error: "Approval rejected",
				Outputs:          map[string]any{"approved": false, "approval": nil},
				ExceptionDetails: map[string]any{"error": "Approval rejected"}}},
		{"SIG-4 approval_reject_continues false keeps TERMINAL",
			map[string]any{KeySignalName: "reject", model.KeyApprovalRejectContinues: false},
			model.TaskResult{Status: model.StatusTerminal, Error: "Approval rejected",
				Context:          map[string]any{"approved": false, "approval": nil},
				ExceptionDetails: map[string]any{"error": "Approval rejected"}}},
		{"§10.3 no signal yet suspends", map[string]any{}, model.TaskResult{Status: model.StatusSuspended}},
		{"§10.3 another signal suspends", map[string]any{KeySignalName: "nudge"}, model.TaskResult{Status: model.StatusSuspended}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ApprovalResult(tc.ctx); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ApprovalResult = %#v\nwant %#v", got, tc.want)
			}
		})
	}
	t.Run("§10.3 the approval data is copied, not aliased", func(t *testing.T) {
		got := ApprovalResult(map[string]any{KeySignalName: "approve", KeySignalData: data})
		got.Outputs["approval"].(map[string]any)["by"] = "bob"
		if data["by"] != "ann" {
			t.Fatal("signal data aliased")
		}
	})
}
