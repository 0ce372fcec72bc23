package interpreter

import (
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/stabilize-go/stabilize/model"
)

// TestControlMapping pins that each control name reaches the engine as
// its event, through a signal and through an update.
func TestControlMapping(t *testing.T) {
	region := func() *model.Workflow {
		w := stage("w", "wait", map[string]any{"waitTime": 3600.0})
		w.CancelRegion = "r"
		return def(w, stage("n", "noop", nil))
	}
	tests := []struct {
		name      string
		def       func() *model.Workflow
		control   string
		arg       any
		wantStage map[string]string
	}{
		{
			name:      "semantics §10.2: signal resumes a suspended stage",
			def:       func() *model.Workflow { return def(stage("gate", "approval", nil)) },
			control:   model.SignalStage,
			arg:       model.StageSignal{StageRefID: "gate", Name: "approve", Persistent: true},
			wantStage: map[string]string{"gate": "SUCCEEDED"},
		},
		{
			name: "semantics §10.7: cancel_stage cancels one stage",
			def: func() *model.Workflow {
				return def(stage("w", "wait", map[string]any{"waitTime": 3600.0}), stage("n", "noop", nil))
			},
			control:   model.UpdateCancelStage,
			arg:       model.StageRequest{StageRefID: "w"},
			wantStage: map[string]string{"w": "CANCELED", "n": "SUCCEEDED"},
		},
		{
			name:      "semantics §10.8: cancel_region cancels the region's stages",
			def:       region,
			control:   model.UpdateCancelRegion,
			arg:       model.CancelRegionRequest{Region: "r"},
			wantStage: map[string]string{"w": "CANCELED", "n": "SUCCEEDED"},
		},
	}
	for _, tc := range tests {
		for _, via := range []string{"signal", "update"} {
			t.Run(tc.name+" via "+via, func(t *testing.T) {
				r := newEnvRun(t)
				r.env.RegisterDelayedCallback(func() {
					if via == "signal" {
						r.env.SignalWorkflow(tc.control, tc.arg)
						return
					}
					r.env.UpdateWorkflow(tc.control, "u", &testsuite.TestUpdateCallback{
						OnReject:   func(err error) { t.Errorf("update %s rejected: %v", tc.control, err) },
						OnComplete: func(any, error) {},
					}, tc.arg)
				}, time.Minute)
				wf, _ := r.run(Input{Definition: tc.def()})
				if wf == nil {
					t.Fatal("no final model")
				}
				wantStatuses(t, wf, tc.wantStage)
			})
		}
	}
}
