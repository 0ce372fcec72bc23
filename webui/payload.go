package webui

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Payload returns the workflow-side payload of action built from r: a
// model.ControlRequest for pause, resume and cancel, a
// model.ApprovalRequest for approve and reject, and a model.StageRequest
// for restart_stage. Each action is also the name of the workflow's update
// (and signal), so a Temporal Backend can send
//
//	client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: action,
//		Args: []any{payload}, WaitForStage: client.WorkflowUpdateStageCompleted}
//
// and turn a rejection by the update's validator into Refused(reason).
func (r ControlRequest) Payload(action string) (any, error) {
	switch action {
	case ActionPause, ActionResume, ActionCancel:
		return model.ControlRequest{User: r.User, Reason: r.Reason}, nil
	case ActionApprove, ActionReject:
		return model.ApprovalRequest{StageRefID: r.StageRefID, User: r.User, Data: r.Data}, nil
	case ActionRestartStage:
		return model.StageRequest{StageRefID: r.StageRefID, User: r.User}, nil
	}
	return nil, fmt.Errorf("payload of action %q: expected one of %v", action, Actions())
}
