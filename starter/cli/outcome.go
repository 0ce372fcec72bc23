package cli

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/model"
)

// finalModel turns the result of a run into its final model and status.
// The interpreter returns the model on success, an application error whose
// type is the status name with the model in its details for TERMINAL and
// STOPPED, and a canceled error with the model for CANCELED. Errors that
// do not describe a finished run are returned as they are.
func finalModel(wf *model.Workflow, err error) (*model.Workflow, model.WorkflowStatus, error) {
	if err == nil {
		if wf == nil {
			return nil, 0, errors.New("workflow returned no result")
		}
		return wf, wf.Status, nil
	}
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		status, perr := model.ParseStatus(appErr.Type())
		if perr != nil {
			return nil, 0, fmt.Errorf("workflow failed: %w", err)
		}
		var got model.Workflow
		if appErr.HasDetails() && appErr.Details(&got) == nil {
			wf = &got
		}
		return wf, status, nil
	}
	var canceled *temporal.CanceledError
	if errors.As(err, &canceled) {
		var got model.Workflow
		if canceled.HasDetails() && canceled.Details(&got) == nil {
			wf = &got
		}
		return wf, model.StatusCanceled, nil
	}
	var terminated *temporal.TerminatedError
	if errors.As(err, &terminated) {
		return wf, model.StatusTerminal, nil
	}
	var timeout *temporal.TimeoutError
	if errors.As(err, &timeout) {
		return wf, model.StatusTerminal, nil
	}
	return nil, 0, err
}
