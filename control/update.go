package control

import (
	"context"
	"errors"
	"fmt"
	"strings"

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

// Update sends update name with arg to workflow id, waits until it has
// completed and returns the workflow status it reports. A refusal is a
// *RefusedError; an unknown id wraps ErrNotFound.
func Update(ctx context.Context, c client.Client, id, name string, arg any) (model.WorkflowStatus, error) {
	var status model.WorkflowStatus
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, &status)
	}
	if err != nil {
		return status, updateError(id, name, err)
	}
	return status, nil
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
