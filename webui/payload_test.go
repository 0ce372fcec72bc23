package webui

import (
	"reflect"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// TestPayload maps each action to the payload of the workflow update of
// the same name (model/control.go).
func TestPayload(t *testing.T) {
	req := ControlRequest{StageRefID: "approve", User: "ann", Reason: "why", Data: map[string]any{"ticket": "T-1"}}
	tests := []struct {
		action string
		want   any
	}{
		{ActionPause, model.ControlRequest{User: "ann", Reason: "why"}},
		{ActionResume, model.ControlRequest{User: "ann", Reason: "why"}},
		{ActionCancel, model.ControlRequest{User: "ann", Reason: "why"}},
		{ActionApprove, model.ApprovalRequest{StageRefID: "approve", User: "ann", Data: map[string]any{"ticket": "T-1"}}},
		{ActionReject, model.ApprovalRequest{StageRefID: "approve", User: "ann", Data: map[string]any{"ticket": "T-1"}}},
		{ActionRestartStage, model.StageRequest{StageRefID: "approve", User: "ann"}},
	}
	for _, tc := range tests {
		t.Run(tc.action, func(t *testing.T) {
			got, err := req.Payload(tc.action)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Payload = %#v, %v; want %#v", got, err, tc.want)
			}
		})
	}
	t.Run("every action has a payload", func(t *testing.T) {
		for _, a := range Actions() {
			if _, err := req.Payload(a); err != nil {
				t.Errorf("%s: %v", a, err)
			}
		}
	})
	t.Run("unknown action is an error", func(t *testing.T) {
		if _, err := req.Payload("explode"); err == nil {
			t.Error("no error")
		}
	})
}
