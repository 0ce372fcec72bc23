package interpreter

import (
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// localTasksChangeID names the GetVersion marker that turns on local
// activities for cheap tasks. Histories recorded before it hold no marker,
// so they replay with every task as a regular activity.
const localTasksChangeID = "local-cheap-tasks"

// localTasksVersion is the version of localTasksChangeID from which
// localByDefault tasks run as local activities.
const localTasksVersion workflow.Version = 1

// localByDefault are the built-ins that run as local activities unless the
// stage says otherwise: pure, in-process and immediate (activities/noop.go,
// activities/fail.go, activities/loop.go), so a round trip through the
// server's activity dispatch is all a regular activity would add. The
// router needs no entry: the engine evaluates it inside the workflow
// (model.KindRouter).
//
// The list is part of localTasksVersion 1: adding a name that old runs
// already ran as a regular activity changes their commands on replay. Such
// an addition needs localTasksVersion 2 and this list kept for runs at 1.
// (The loop tasks joined an hour after version 1, together with their
// introduction: before it, only a definition naming them as unknown tasks
// could have scheduled them, as regular activities that failed TERMINAL.)
var localByDefault = []string{model.TaskFail, model.TaskNoop, model.TaskLoopCondition, model.TaskLoopBack}

// wantsLocal reports whether a task asks to run as a local activity:
// task_options.local when given, else true for the localByDefault
// built-ins on the workflow's own task queue.
func wantsLocal(name string, t model.TaskOptions) bool {
	if t.Local != nil {
		return *t.Local
	}
	return slices.Contains(localByDefault, name) && t.TaskQueue == ""
}

// runsLocally reports whether a task runs as a local activity in this run:
// it wants to, and the run is at localTasksVersion or later. It reads the
// version marker only for a task that wants to run locally, so runs
// without such tasks record none.
func (s *shell) runsLocally(name string, t model.TaskOptions) bool {
	if !wantsLocal(name, t) {
		return false
	}
	return workflow.GetVersion(s.ctx, localTasksChangeID, workflow.DefaultVersion, localTasksVersion) >= localTasksVersion
}

// localActivityOptions carries the options of a regular activity over to a
// local one: timeouts, retry policy and summary (the Web UI shows the
// summary on the MarkerRecorded event). A local activity has no task queue,
// no heartbeat and no activity id of its own; the summary names the stage
// and task instead.
//
// Without a schedule_to_close_timeout, the schedule-to-close of a local
// activity is its start-to-close (the SDK's default, made explicit here):
// all attempts share one StartToClose window. That is what keeps a
// StartToClose timeout from being retried (semantics §3.7, TASK-TO-2),
// since the SDK's local retries ignore the non-retryable
// "TemporalTimeout:StartToClose" entry; errors are retried within the window.
func localActivityOptions(o workflow.ActivityOptions) workflow.LocalActivityOptions {
	scheduleToClose := o.ScheduleToCloseTimeout
	if scheduleToClose == 0 {
		scheduleToClose = o.StartToCloseTimeout
	}
	return workflow.LocalActivityOptions{
		StartToCloseTimeout:    o.StartToCloseTimeout,
		ScheduleToCloseTimeout: scheduleToClose,
		RetryPolicy:            o.RetryPolicy,
		Summary:                o.Summary,
	}
}

// executeLocal starts a task as a local activity of type c.Name on this
// worker. Its future resolves like an activity's: the TaskResult, an
// error after the retries, or a canceled error.
func executeLocal(ctx workflow.Context, c engine.RunTask, o workflow.ActivityOptions) workflow.Future {
	return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, localActivityOptions(o)), c.Name, c.Input)
}
