package control

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/model"
)

// Pause pauses a running workflow (semantics §10.4).
func Pause(ctx context.Context, c client.Client, id string, req model.ControlRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.ControlPause, req)
}

// Resume resumes a paused workflow (semantics §10.4).
func Resume(ctx context.Context, c client.Client, id string, req model.ControlRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.ControlResume, req)
}

// Cancel cancels a workflow (semantics §10.6).
func Cancel(ctx context.Context, c client.Client, id string, req model.ControlRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.ControlCancel, req)
}

// Signal sends a named signal to a stage (semantics §10.2).
func Signal(ctx context.Context, c client.Client, id string, sig model.StageSignal) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.SignalStage, sig)
}

// Approve approves a suspended approval stage (semantics §10.3).
func Approve(ctx context.Context, c client.Client, id string, req model.ApprovalRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.UpdateApprove, req)
}

// Reject rejects a suspended approval stage (semantics §10.3).
func Reject(ctx context.Context, c client.Client, id string, req model.ApprovalRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.UpdateReject, req)
}

// CancelStage cancels one stage.
func CancelStage(ctx context.Context, c client.Client, id string, req model.StageRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.UpdateCancelStage, req)
}

// CancelRegion cancels every unfinished stage of a cancel region.
func CancelRegion(ctx context.Context, c client.Client, id string, req model.CancelRegionRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.UpdateCancelRegion, req)
}

// AddInstance adds an instance to a multi-instance stage (allow_dynamic).
func AddInstance(ctx context.Context, c client.Client, id string, req model.AddInstanceRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.UpdateAddInstance, req)
}

// RestartStage restarts a completed stage.
func RestartStage(ctx context.Context, c client.Client, id string, req model.StageRequest) (model.WorkflowStatus, error) {
	return Update(ctx, c, id, model.UpdateRestartStage, req)
}
