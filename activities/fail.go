package activities

import (
	"context"
	"fmt"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// failStatuses are the statuses the fail task may end with.
var failStatuses = []model.WorkflowStatus{
	model.StatusTerminal, model.StatusFailedContinue, model.StatusStopped, model.StatusCanceled,
}

// Fail is the built-in task "fail": it ends with context.status (TERMINAL
// by default, or FAILED_CONTINUE, STOPPED, CANCELED) and context.message as
// the error, stored in the task's exception details.
type Fail struct{}

// Execute returns the requested failure.
func (Fail) Execute(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	p := newParams(model.TaskFail, in.Context)
	msg := p.str("message", "task failed on purpose (fail task)")
	name := p.str("status", model.StatusTerminal.String())
	status, err := model.ParseStatus(name)
	if err != nil || !slices.Contains(failStatuses, status) {
		p.fail("status", name, fmt.Sprintf("one of %v", failStatuses))
	}
	if p.err() != nil {
		return p.terminal(), nil
	}
	return model.TaskResult{Status: status, Error: msg, ExceptionDetails: map[string]any{"error": msg}}, nil
}
