package temporal

import (
	"context"
	"fmt"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
)

// Status returns the execution's current state: the result of the
// workflow's status query (model.QueryStatus) on its latest run. An
// unknown id wraps webui.ErrNotFound.
func (b *Backend) Status(ctx context.Context, id string) (*model.Workflow, error) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	wf, err := control.Status(ctx, b.client, id, "")
	if notFound(err) {
		return nil, fmt.Errorf("%w: %w", webui.ErrNotFound, err)
	}
	return wf, err
}
