package temporal

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
)

// Control sends the workflow update named action (one of webui.Actions,
// which are the workflow's update names) with the payload req.Payload
// builds, and waits until the workflow has applied it. An update the
// workflow refuses returns webui.Refused with the workflow's reason, such
// as "stage approve is not suspended"; an unknown id wraps
// webui.ErrNotFound.
func (b *Backend) Control(ctx context.Context, id string, action string, req webui.ControlRequest) error {
	payload, err := req.Payload(action)
	if err != nil {
		return err
	}
	ctx, cancel := bounded(ctx)
	defer cancel()
	op := fmt.Sprintf("update %s of workflow %s", action, id)
	h, err := b.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   id,
		UpdateName:   action,
		Args:         []any{payload},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return controlError(op, err)
	}
	var status model.WorkflowStatus
	if err := h.Get(ctx, &status); err != nil {
		return controlError(op, err)
	}
	return nil
}
