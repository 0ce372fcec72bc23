package interpreter

import (
	"go.temporal.io/sdk/workflow"
)

// historyEstimateChangeID names the GetVersion marker from which
// continueAsNewDue compares RunOptions.ContinueAsNewAfterEvents with
// estimatedHistoryLength instead of the recorded history length. A run at
// engine-semantics version 1 reads it only at the first point where the two
// disagree (local activities completed in the current workflow task push
// the estimate over the limit while the recorded length is still under
// it), so runs without local tasks, or without ContinueAsNewAfterEvents,
// record no marker, and histories recorded before it replay with the old
// rule (no marker: the version reads DefaultVersion). From bundledVersion
// the engine-semantics marker stands for historyEstimateVersion and this
// one is never read.
const historyEstimateChangeID = "history-estimate"

// historyEstimateVersion is the version of historyEstimateChangeID from
// which continue-as-new counts the local-activity markers of the current
// workflow task.
const historyEstimateVersion workflow.Version = 1

// historyEstimate counts the local activities whose results the run has
// taken since the current workflow task started, for
// estimatedHistoryLength.
//
// Why: the SDK sets WorkflowInfo.GetCurrentHistoryLength to the id of the
// WorkflowTaskStarted event when it processes that event, and nowhere else
// (internal_event_handlers.go, ProcessEvent). Local activities complete
// inside the workflow task that started them: the SDK keeps the task open,
// runs the workflow code once per result, and records one MarkerRecorded
// event per local activity when the task completes (or when it heartbeats a
// long task, every ≈ 80% of the workflow task timeout, which starts a new
// workflow task). A chain of local noops therefore runs thousands of tasks
// while GetCurrentHistoryLength stands still.
//
// Replay safety: the count is a function of the workflow code's own
// history of results, and the length it resets on is the same at the same
// point of the code live and on replay. Live, every local result of a
// workflow task is delivered (ProcessLocalActivityResult) while the length
// is that task's WorkflowTaskStarted id; a heartbeat's new WorkflowTaskStarted
// is processed before the results that follow it. On replay, the SDK
// processes a workflow task's events up to its WorkflowTaskStarted (setting
// the length), then applies the local-activity markers recorded at that
// task's completion one by one, running the workflow code after each
// (internal_task_handlers.go, ProcessWorkflowTask; handleLocalActivityMarker),
// so each result arrives at the same length, in the same order.
type historyEstimate struct {
	// at is the history length when the count below started: a different
	// length means a new workflow task, whose start recorded the earlier
	// markers.
	at int
	// locals counts the local activities settled since at.
	locals int
	// read is set once version holds historyEstimateChangeID's version.
	read    bool
	version workflow.Version
}

// noteLocalDone counts a local activity whose future resolved: its
// MarkerRecorded event joins the history when the current workflow task
// completes. A local activity canceled before it finished may record no
// marker; counting it errs towards continuing as new early.
func (s *shell) noteLocalDone() {
	l := workflow.GetInfo(s.ctx).GetCurrentHistoryLength()
	if l != s.hist.at {
		s.hist.at, s.hist.locals = l, 0
	}
	s.hist.locals++
}

// estimatedHistoryLength is the history length the current workflow task
// will have produced so far: GetCurrentHistoryLength (the events up to and
// including this task's WorkflowTaskStarted) plus one MarkerRecorded event per
// local activity settled in this task.
//
// Apart from canceled local activities, which may record no marker
// (noteLocalDone), it is a lower bound of the length the server records
// when the task completes. Not counted: the WorkflowTaskCompleted event, the
// commands the task sends (ActivityTaskScheduled, TimerStarted, child
// starts, version markers, search-attribute upserts), the events that
// arrive meanwhile (signals, updates), and a local activity's retry backoff
// timer. Once due, dispatch is held and only the tasks in flight finish: at
// most RunOptions.MaxLocalTasks local activities, one marker each. So a run
// of local tasks ends within MaxLocalTasks + a few events of
// RunOptions.ContinueAsNewAfterEvents: a 300-stage local noop chain with
// the limit at 100 spans runs of 106, 105, 105 and 14 events (the first
// workflow task's version markers and upserts are most of the excess),
// where it used to run in one (testsuite/continue_local_test.go).
//
// Local activities count only at localTasksCapVersion (the capped queue of
// local_activity.go settles them through noteLocalDone); runs at
// localTasksVersion 1 keep the recorded length.
func (s *shell) estimatedHistoryLength() int {
	l := workflow.GetInfo(s.ctx).GetCurrentHistoryLength()
	if l != s.hist.at {
		return l
	}
	return l + s.hist.locals
}

// countsLocalMarkers reports whether this run continues as new on
// estimatedHistoryLength: always from bundledVersion of engine-semantics
// (whose marker stands for historyEstimateVersion), else when its own
// version is historyEstimateVersion or later. It reads that version marker
// on its first call and remembers it; continueAsNewDue calls it only where
// the estimate and the recorded length disagree.
func (s *shell) countsLocalMarkers() bool {
	if s.semantics >= bundledVersion {
		return true
	}
	if !s.hist.read {
		s.hist.version = workflow.GetVersion(s.ctx, historyEstimateChangeID, workflow.DefaultVersion, historyEstimateVersion)
		s.hist.read = true
	}
	return s.hist.version >= historyEstimateVersion
}
