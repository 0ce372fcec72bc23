package interpreter

import (
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// startActivity executes a task as one activity whose type is its
// implementing_class and whose id is its TaskRef.
func (s *shell) startActivity(c engine.RunTask) {
	opts, err := activityOptions(c)
	if err != nil {
		s.finishTask(c.Task, model.Terminal(err.Error()))
		return
	}
	ctx, cancel := workflow.WithCancel(s.dctx)
	f := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), c.Name, c.Input)
	s.tasks[c.Task] = cancel
	s.sel.AddFuture(f, func(f workflow.Future) {
		delete(s.tasks, c.Task)
		var res model.TaskResult
		if err := f.Get(s.dctx, &res); err != nil {
			res = activityFailure(err)
		}
		s.finishTask(c.Task, res)
	})
}

// cancelTask cancels an in-flight activity or child. Its result still
// arrives (CANCELED) and the engine ignores it.
func (s *shell) cancelTask(ref engine.TaskRef) {
	if cancel, ok := s.tasks[ref]; ok {
		delete(s.tasks, ref)
		cancel()
	}
}

// activityOptions derives the activity options of a task from its resolved
// stage context (model.ParseTaskOptions, semantics §3.7).
func activityOptions(c engine.RunTask) (workflow.ActivityOptions, error) {
	t, err := model.ParseTaskOptions(c.Input.Context)
	if err != nil {
		return workflow.ActivityOptions{}, fmt.Errorf("task %s: %w", c.Task, err)
	}
	t = t.ForTask(c.Name)
	return workflow.ActivityOptions{
		ActivityID:             c.Task.String(),
		Summary:                c.Summary,
		TaskQueue:              t.TaskQueue,
		StartToCloseTimeout:    t.StartToCloseTimeout,
		ScheduleToCloseTimeout: t.ScheduleToCloseTimeout,
		HeartbeatTimeout:       t.HeartbeatTimeout,
		RetryPolicy: &temporal.RetryPolicy{
			MaximumAttempts:        t.Retry.MaximumAttempts,
			InitialInterval:        t.Retry.InitialInterval,
			MaximumInterval:        t.Retry.MaximumInterval,
			BackoffCoefficient:     t.Retry.BackoffCoefficient,
			NonRetryableErrorTypes: t.Retry.NonRetryableErrorTypes,
		},
	}, nil
}

// activityFailure turns an activity error (retries exhausted, timeout,
// non-retryable) into a TERMINAL result carrying the last error; a task
// never fails the workflow. A cancellation becomes CANCELED.
func activityFailure(err error) model.TaskResult {
	if temporal.IsCanceledError(err) {
		return model.TaskResult{Status: model.StatusCanceled, Error: "task canceled"}
	}
	cause := err
	var actErr *temporal.ActivityError
	if errors.As(err, &actErr) && errors.Unwrap(actErr) != nil {
		cause = errors.Unwrap(actErr)
	}
	kind, msg := "error", cause.Error()
	var appErr *temporal.ApplicationError
	var toErr *temporal.TimeoutError
	switch {
	case errors.As(cause, &appErr):
		kind, msg = appErr.Type(), appErr.Message()
	case errors.As(cause, &toErr):
		kind = "timeout " + toErr.TimeoutType().String()
	}
	res := model.Terminal(msg)
	res.ExceptionDetails["type"] = kind
	return res
}
