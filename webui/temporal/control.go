package temporal

import (
	"context"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/webui"
)

// Control sends the workflow update named action (one of webui.Actions,
// which are the workflow's update names) with the payload req.Payload
// builds through control.Update (as the CLI does), and waits until the
// workflow has applied it. An update the workflow refuses returns
// webui.Refused with the workflow's reason, such as "stage approve is not
// suspended"; an unknown id wraps webui.ErrNotFound.
func (b *Backend) Control(ctx context.Context, id string, action string, req webui.ControlRequest) error {
	payload, err := req.Payload(action)
	if err != nil {
		return err
	}
	ctx, cancel := bounded(ctx)
	defer cancel()
	if _, err := control.Update(ctx, b.client, id, action, payload); err != nil {
		return controlError(err)
	}
	return nil
}
