package control

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/model"
)

// RefusedError is an update the workflow refused: its validator rejected
// the request (invalid transition, unknown stage) or the run has finished.
type RefusedError struct {
	// ID is the workflow id.
	ID string
	// Update is the update's name.
	Update string
	// Reason is the workflow's explanation.
	Reason string
	// Err is the underlying error.
	Err error
}

// Error says which update of which workflow was refused, and why.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("update %s of workflow %s refused: %s", e.Update, e.ID, e.Reason)
}

// Unwrap returns the underlying SDK error.
func (e *RefusedError) Unwrap() error { return e.Err }

// ErrNotFound is wrapped by the error of an update to a workflow id that
// does not exist.
var ErrNotFound = errors.New("workflow not found")

// notReadyAttempts bounds how often Update sends an update the server
// aborted with WorkflowNotReady (the workflow task that would have run it
// failed, e.g. a worker restart or the deadlock detector on a saturated
// machine). Such an update never took effect, so sending it again is safe;
// the same update id makes the server deduplicate it if it did.
const notReadyAttempts = 5

// notReadyBackoff is the wait before the first resend; it doubles each time.
const notReadyBackoff = 100 * time.Millisecond

// Update sends update name with arg to workflow id, waits until it has
// completed and returns the workflow status it reports. A refusal is a
// *RefusedError; an unknown id wraps ErrNotFound. An update the server
// aborted as not ready is sent again, up to notReadyAttempts times.
func Update(ctx context.Context, c client.Client, id, name string, arg any) (model.WorkflowStatus, error) {
	opts := client.UpdateWorkflowOptions{
		UpdateID:     model.NewID(),
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	}
	wait := notReadyBackoff
	for attempt := 1; ; attempt++ {
		status, err := updateOnce(ctx, c, opts)
		var notReady *serviceerror.WorkflowNotReady
		if err == nil || !errors.As(err, &notReady) || attempt == notReadyAttempts {
			if err != nil {
				return status, updateError(id, name, err)
			}
			return status, nil
		}
		select {
		case <-ctx.Done():
			return status, updateError(id, name, errors.Join(err, ctx.Err()))
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// updateOnce sends one update request and waits for its result.
func updateOnce(ctx context.Context, c client.Client, opts client.UpdateWorkflowOptions) (model.WorkflowStatus, error) {
	var status model.WorkflowStatus
	h, err := c.UpdateWorkflow(ctx, opts)
	if err == nil {
		err = h.Get(ctx, &status)
	}
	return status, err
}

// updateError classifies the failure of an update.
func updateError(id, name string, err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return &RefusedError{ID: id, Update: name, Reason: appErr.Message(), Err: err}
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		if strings.Contains(nf.Error(), "completed") {
			return &RefusedError{ID: id, Update: name, Reason: nf.Error(), Err: err}
		}
		return fmt.Errorf("update %s of workflow %s: %w: %w", name, id, ErrNotFound, err)
	}
	return fmt.Errorf("update %s of workflow %s: %w", name, id, err)
}
