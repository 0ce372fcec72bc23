package temporal

import (
	"context"
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Status returns the execution's current state: the result of the
// workflow's status query (model.QueryStatus) on its latest run. An
// unknown id wraps webui.ErrNotFound.
func (b *Backend) Status(ctx context.Context, id string) (*model.Workflow, error) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	op := fmt.Sprintf("query %s of workflow %s", model.QueryStatus, id)
	v, err := b.client.QueryWorkflow(ctx, id, "", model.QueryStatus)
	if err != nil {
		return nil, lookupError(op, err)
	}
	var wf model.Workflow
	if err := v.Get(&wf); err != nil {
		return nil, fmt.Errorf("decode %s: expected a model.Workflow: %w", op, err)
	}
	return &wf, nil
}
