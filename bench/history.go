package bench

import (
	"context"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/proto"
)

// HistoryStats sums the histories of one workflow execution and every run
// it continued as new into.
type HistoryStats struct {
	// Runs is the number of workflow runs (1 + continue-as-new count).
	Runs int
	// Events is the number of history events over all runs.
	Events int
	// Bytes is the encoded size of every event over all runs.
	Bytes int
	// Activities is the number of ActivityTaskScheduled events.
	Activities int
	// PeakPending is the largest number of activities scheduled and not
	// yet closed at any point of any run.
	PeakPending int
	// Markers is the number of MarkerRecorded events (local activities,
	// versions, side effects).
	Markers int
	// WorkflowTasks is the number of completed workflow tasks.
	WorkflowTasks int
	// WorkflowTaskTime sums WorkflowTaskCompleted minus the matching
	// WorkflowTaskStarted event time: the time the worker held workflow
	// tasks, as the server saw it (worker CPU plus the RPC round trip).
	WorkflowTaskTime time.Duration
}

// historyStats reads the history of workflow id from run runID on, following
// continue-as-new to the last run.
func historyStats(ctx context.Context, c client.Client, id, runID string) (HistoryStats, error) {
	var st HistoryStats
	for runID != "" {
		st.Runs++
		next, pending := "", 0
		started := map[int64]time.Time{}
		it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				return st, fmt.Errorf("history of %s run %s: %w", id, runID, err)
			}
			st.Events++
			st.Bytes += proto.Size(ev)
			switch ev.GetEventType() {
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
				st.Activities++
				pending++
				st.PeakPending = max(st.PeakPending, pending)
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED,
				enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
				pending--
			case enumspb.EVENT_TYPE_MARKER_RECORDED:
				st.Markers++
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
				started[ev.GetEventId()] = ev.GetEventTime().AsTime()
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
				st.WorkflowTasks++
				if t, ok := started[ev.GetWorkflowTaskCompletedEventAttributes().GetStartedEventId()]; ok {
					st.WorkflowTaskTime += ev.GetEventTime().AsTime().Sub(t)
				}
			case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
				next = ev.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()
			}
		}
		runID = next
	}
	return st, nil
}
