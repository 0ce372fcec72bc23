package temporal

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/webui"
)

// Timeout bounds each call a Backend makes to Temporal when the caller's
// context has no earlier deadline: a query or an update waits for a worker,
// and the page must get an answer even when none is running.
const Timeout = 30 * time.Second

// DefaultLimit is the number of executions List returns when the filter
// sets no limit.
const DefaultLimit = 200

// Backend is a webui.Backend over a Temporal client. It reads and steers
// the workflows of the client's namespace and is safe for concurrent use,
// as the client is.
type Backend struct {
	client client.Client
}

var _ webui.Backend = (*Backend)(nil)

// New returns a Backend that uses c. The caller keeps ownership of c and
// closes it after the last request.
func New(c client.Client) *Backend { return &Backend{client: c} }

// bounded returns ctx limited to Timeout.
func bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, Timeout)
}
