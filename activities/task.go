package activities

import (
	"context"

	"github.com/stabilize-go/stabilize/model"
)

// Task is the implementation of one implementing_class. Execute receives
// the stage's resolved context in in.Context and returns the outcome as a
// value. A returned error is a retryable infrastructure fault; bad input
// should be a TERMINAL result (model.Terminal) instead. Execute may run more
// than once for one task execution (activities are at-least-once), so it
// should be idempotent or key its side effects on activity.GetInfo(ctx).
type Task interface {
	Execute(ctx context.Context, in model.TaskInput) (model.TaskResult, error)
}

// TaskFunc adapts a function to the Task interface.
type TaskFunc func(ctx context.Context, in model.TaskInput) (model.TaskResult, error)

// Execute calls f.
func (f TaskFunc) Execute(ctx context.Context, in model.TaskInput) (model.TaskResult, error) {
	return f(ctx, in)
}
