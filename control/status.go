package control

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/model"
)

// QueryTimeout bounds one status query when ctx has no earlier deadline.
const QueryTimeout = 5 * time.Second

// Status returns the Workflow model from the status query of run runID of
// workflow id; an empty runID addresses the latest run, which follows
// continue-as-new.
func Status(ctx context.Context, c client.Client, id, runID string) (*model.Workflow, error) {
	qctx, cancel := context.WithTimeout(ctx, QueryTimeout)
	defer cancel()
	v, err := c.QueryWorkflow(qctx, id, runID, model.QueryStatus)
	if err != nil {
		return nil, fmt.Errorf("query %s of workflow %s: %w", model.QueryStatus, id, err)
	}
	var wf model.Workflow
	if err := v.Get(&wf); err != nil {
		return nil, fmt.Errorf("decode %s of workflow %s: %w", model.QueryStatus, id, err)
	}
	return &wf, nil
}
