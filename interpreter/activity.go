package interpreter

import (
	"errors"
	"fmt"
	"slices"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// startActivity executes a task as one activity whose type is its
// implementing_class and whose id is its TaskRef, or as a local activity of
// that type when runsLocally says so (cheap tasks, see local_activity.go).
// Both resolve the same way: a TaskResult, TERMINAL after the retries, or
// CANCELED.
func (s *shell) startActivity(c engine.RunTask) {
	t, err := taskOptions(c)
	if err != nil {
		s.finishTask(c.Task, model.Terminal(err.Error()))
		return
	}
	opts := activityOptions(c, t)
	ctx, cancel := workflow.WithCancel(s.dctx)
	var f workflow.Future
	if s.runsLocally(c.Name, t) {
		f = executeLocal(ctx, c, opts)
	} else {
		f = workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), c.Name, c.Input)
	}
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

// taskOptions reads the options of a task from its resolved stage context
// (model.ParseTaskOptions, semantics §3.7), with the per-task defaults.
func taskOptions(c engine.RunTask) (model.TaskOptions, error) {
	t, err := model.ParseTaskOptions(c.Input.Context)
	if err != nil {
		return model.TaskOptions{}, fmt.Errorf("task %s: %w", c.Task, err)
	}
	return t.ForTask(c.Name), nil
}

// startToCloseNotRetried is the NonRetryableErrorTypes entry with which
// the server does not retry an attempt whose StartToClose timeout expired
// (server common/retrypolicy.IsRetryableFailure): the per-call cap ends the
// task TERMINAL after that one execution (semantics §3.7, TASK-TO-2). A
// heartbeat timeout stays retryable: it means a lost worker, and the task
// runs again elsewhere. The SDK's local-activity retries ignore the entry
// (sdk internal.IsRetryable); a local task gets the same rule from its
// schedule-to-close window instead (localActivityOptions).
const startToCloseNotRetried = "TemporalTimeout:StartToClose"

// activityOptions turns a task's options into the options of its activity.
func activityOptions(c engine.RunTask, t model.TaskOptions) workflow.ActivityOptions {
	nonRetryable := t.Retry.NonRetryableErrorTypes
	if !slices.Contains(nonRetryable, startToCloseNotRetried) {
		nonRetryable = append(slices.Clone(nonRetryable), startToCloseNotRetried)
	}
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
			NonRetryableErrorTypes: nonRetryable,
		},
	}
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
