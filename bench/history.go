package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"
)

// localActivityMarker is the MarkerRecorded name the Go SDK gives a local
// activity's result.
const localActivityMarker = "LocalActivity"

// HistoryStats sums the histories of one workflow execution and every run
// it continued as new into.
type HistoryStats struct {
	// Runs is the number of workflow runs (1 + continue-as-new count).
	Runs int
	// Events is the number of history events over all runs.
	Events int
	// Bytes is the encoded size of every event over all runs.
	Bytes int
	// RunEvents and RunBytes hold Events and Bytes of each run, in run
	// order.
	RunEvents []int
	RunBytes  []int
	// Activities is the number of ActivityTaskScheduled events.
	Activities int
	// LocalActivities is the number of local-activity markers (one per
	// local activity that finished, retries included in its attempt).
	LocalActivities int
	// TaskTypes counts regular and local activities by activity type.
	TaskTypes map[string]int
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

// ContinueAsNew returns the number of continue-as-new crossings.
func (s HistoryStats) ContinueAsNew() int { return max(s.Runs-1, 0) }

// MaxRunEvents returns the event count of the longest run.
func (s HistoryStats) MaxRunEvents() int { return maxOf(s.RunEvents) }

// MaxRunBytes returns the encoded size of the largest run.
func (s HistoryStats) MaxRunBytes() int { return maxOf(s.RunBytes) }

// TasksExcept returns the activities (regular and local) of every type
// but the given ones.
func (s HistoryStats) TasksExcept(types ...string) int {
	n := 0
	for typ, c := range s.TaskTypes {
		if !slices.Contains(types, typ) {
			n += c
		}
	}
	return n
}

// maxOf returns the largest element of ns, or 0.
func maxOf(ns []int) int {
	m := 0
	for _, n := range ns {
		m = max(m, n)
	}
	return m
}

// readHistories reads the history of workflow id from run runID on,
// following continue-as-new to the last run, one History per run.
func readHistories(ctx context.Context, c client.Client, id, runID string) ([]*historypb.History, error) {
	var runs []*historypb.History
	for runID != "" {
		h := &historypb.History{}
		next := ""
		it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				return runs, fmt.Errorf("history of %s run %s: %w", id, runID, err)
			}
			h.Events = append(h.Events, ev)
			if a := ev.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				next = a.GetNewExecutionRunId()
			}
		}
		runs = append(runs, h)
		runID = next
	}
	return runs, nil
}

// historyStats sums the runs of one execution; dc decodes local-activity
// markers (their activity type).
func historyStats(runs []*historypb.History, dc converter.DataConverter) (HistoryStats, error) {
	st := HistoryStats{TaskTypes: map[string]int{}}
	for _, h := range runs {
		st.Runs++
		pending, events, bytes := 0, 0, 0
		started := map[int64]time.Time{}
		for _, ev := range h.GetEvents() {
			events++
			bytes += proto.Size(ev)
			switch ev.GetEventType() {
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
				st.Activities++
				st.TaskTypes[ev.GetActivityTaskScheduledEventAttributes().GetActivityType().GetName()]++
				pending++
				st.PeakPending = max(st.PeakPending, pending)
			case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED,
				enumspb.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, enumspb.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
				pending--
			case enumspb.EVENT_TYPE_MARKER_RECORDED:
				st.Markers++
				a := ev.GetMarkerRecordedEventAttributes()
				if a.GetMarkerName() != localActivityMarker {
					break
				}
				typ, err := localActivityType(a.GetDetails()["data"], dc)
				if err != nil {
					return st, fmt.Errorf("event %d: %w", ev.GetEventId(), err)
				}
				st.LocalActivities++
				st.TaskTypes[typ]++
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
				started[ev.GetEventId()] = ev.GetEventTime().AsTime()
			case enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
				st.WorkflowTasks++
				if t, ok := started[ev.GetWorkflowTaskCompletedEventAttributes().GetStartedEventId()]; ok {
					st.WorkflowTaskTime += ev.GetEventTime().AsTime().Sub(t)
				}
			}
		}
		st.Events += events
		st.Bytes += bytes
		st.RunEvents = append(st.RunEvents, events)
		st.RunBytes = append(st.RunBytes, bytes)
	}
	return st, nil
}

// localActivityType decodes the activity type from a local-activity
// marker's "data" detail (the SDK's marker data, encoded with the
// worker's data converter).
func localActivityType(data *commonpb.Payloads, dc converter.DataConverter) (string, error) {
	var md struct{ ActivityType string }
	if err := dc.FromPayloads(data, &md); err != nil {
		return "", fmt.Errorf("decode local-activity marker data: %w", err)
	}
	if md.ActivityType == "" {
		return "", fmt.Errorf("local-activity marker: expected an activity type in its data, got none")
	}
	return md.ActivityType, nil
}
