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
// that type when localVersion says so (cheap tasks, see local_activity.go).
// Both resolve the same way: a TaskResult, TERMINAL after the retries, or
// CANCELED.
func (s *shell) startActivity(c engine.RunTask) {
	t, err := taskOptions(c)
	if err != nil {
		s.finishTask(c.Task, model.Terminal(err.Error()))
		return
	}
	opts := activityOptions(c, t)
	v := s.localVersion(c.Name, t)
	if v >= localTasksCapVersion {
		s.queueLocal(c, opts)
		return
	}
	ctx, cancel := workflow.WithCancel(s.dctx)
	var f workflow.Future
	if v >= localTasksVersion {
		f = executeLocal(ctx, c, opts)
	} else {
		f = workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), c.Name, c.Input)
	}
	s.await(c.Task, f, cancel, nil)
}

// await records an activity in flight and queues its result when its
// future resolves, after calling settled (when not nil).
func (s *shell) await(ref engine.TaskRef, f workflow.Future, cancel workflow.CancelFunc, settled func()) {
	s.tasks[ref] = cancel
	s.sel.AddFuture(f, func(f workflow.Future) {
		delete(s.tasks, ref)
		var res model.TaskResult
		if err := f.Get(s.dctx, &res); err != nil {
			res = activityFailure(err)
		}
		if settled != nil {
			settled()
		}
		s.finishTask(ref, res)
	})
}

// cancelTask cancels an in-flight activity or child. Its result still
// arrives (CANCELED) and the engine ignores it. A local task still waiting
// for a slot is dropped with the same CANCELED result.
func (s *shell) cancelTask(ref engine.TaskRef) {
	if cancel, ok := s.tasks[ref]; ok {
		delete(s.tasks, ref)
		cancel()
		return
	}
	s.cancelWaitingLocal(ref)
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

// canceledResult is the result of a canceled task.
func canceledResult() model.TaskResult {
	return model.TaskResult{Status: model.StatusCanceled, Error: "task canceled"}
}

// activityFailure turns an activity error (retries exhausted, timeout,
// non-retryable) into a TERMINAL result carrying the last error; a task
// never fails the workflow. A cancellation becomes CANCELED.
func activityFailure(err error) model.TaskResult {
	if temporal.IsCanceledError(err) {
		return canceledResult()
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
