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

// localTasksCapVersion is the version of localTasksChangeID from which at
// most RunOptions.MaxLocalTasks local activities run at once; the rest wait
// in the shell in arrival order. The Go SDK runs each local activity in its
// own workflow coroutine and resumes every coroutine on every event, so a
// wide fan of local tasks costs O(in flight) per event, live and on replay.
// Runs at version 1 keep every local task in flight at once.
const localTasksCapVersion workflow.Version = 2

// localByDefault are the built-ins that run as local activities unless the
// stage says otherwise: pure, in-process and immediate (activities/noop.go,
// activities/fail.go, activities/loop.go), so a round trip through the
// server's activity dispatch is all a regular activity would add. The
// router needs no entry: the engine evaluates it inside the workflow
// (model.KindRouter).
//
// The list is part of localTasksVersion 1 (and unchanged at
// localTasksCapVersion): adding a name that old runs already ran as a
// regular activity changes their commands on replay. Such an addition needs
// a new version of localTasksChangeID and this list kept for older runs.
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

// localVersion returns the localTasksChangeID version under which a task
// runs: DefaultVersion (a regular activity) when it does not want to run
// locally, else the run's version (localTasksVersion or later: a local
// activity). It reads the version marker only for a task that wants to run
// locally, so runs without such tasks record none. From bundledVersion the
// run's engine-semantics marker stands for localTasksCapVersion and no
// marker of its own is read.
func (s *shell) localVersion(name string, t model.TaskOptions) workflow.Version {
	if !wantsLocal(name, t) {
		return workflow.DefaultVersion
	}
	if s.semantics >= bundledVersion {
		return localTasksCapVersion
	}
	return workflow.GetVersion(s.ctx, localTasksChangeID, workflow.DefaultVersion, localTasksCapVersion)
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

// localSlots holds the local activities of a run at localTasksCapVersion:
// how many are in flight, and those waiting for a slot, in arrival order.
// A waiting task is already in flight for the engine (its RunTask was
// issued), so continue-as-new waits for it like any other.
type localSlots struct {
	running int
	waiting []*waitingLocal
	// byRef finds a waiting task to cancel; a canceled one stays in
	// waiting, marked, until it reaches the front.
	byRef map[engine.TaskRef]*waitingLocal
}

// waitingLocal is a local task waiting for a slot.
type waitingLocal struct {
	c        engine.RunTask
	opts     workflow.ActivityOptions
	canceled bool
}

// queueLocal queues a local task behind the others and starts what fits.
func (s *shell) queueLocal(c engine.RunTask, opts workflow.ActivityOptions) {
	w := &waitingLocal{c: c, opts: opts}
	s.local.waiting = append(s.local.waiting, w)
	if s.local.byRef == nil {
		s.local.byRef = map[engine.TaskRef]*waitingLocal{}
	}
	s.local.byRef[c.Task] = w
	s.startLocals()
}

// startLocals starts waiting local tasks, oldest first, while fewer than
// RunOptions.MaxLocalTasks run. Nothing starts once the run is complete.
func (s *shell) startLocals() {
	limit := s.in.Options.maxLocalTasks(s.semantics)
	for s.done == nil && s.local.running < limit && len(s.local.waiting) > 0 {
		w := s.local.waiting[0]
		s.local.waiting[0] = nil
		s.local.waiting = s.local.waiting[1:]
		if w.canceled {
			continue
		}
		delete(s.local.byRef, w.c.Task)
		s.local.running++
		ctx, cancel := workflow.WithCancel(s.dctx)
		s.await(w.c.Task, executeLocal(ctx, w.c, w.opts), cancel, func() { s.local.running--; s.noteLocalDone() })
	}
	if len(s.local.waiting) == 0 {
		s.local.waiting = nil
	}
}

// cancelWaitingLocal cancels a local task that waits for a slot: it never
// starts, and its CANCELED result is queued as a canceled local activity's
// would be (the engine ignores it, as it does for any canceled task). It
// reports whether ref was waiting.
func (s *shell) cancelWaitingLocal(ref engine.TaskRef) bool {
	w, ok := s.local.byRef[ref]
	if !ok {
		return false
	}
	delete(s.local.byRef, ref)
	w.canceled = true
	s.finishTask(ref, canceledResult())
	return true
}
