package bench

import (
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestHistoryStats sums a hand-built two-run history: regular activities
// by their scheduled events, local activities by their "LocalActivity"
// markers (decoded through the data converter), other markers only as
// markers, peak pending from scheduled minus closed, and per-run sizes.
func TestHistoryStats(t *testing.T) {
	dc := converter.GetDefaultDataConverter()
	laData, err := dc.ToPayloads(struct{ ActivityID, ActivityType string }{"1", "noop"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ev := func(id int64, typ enumspb.EventType) *historypb.HistoryEvent {
		return &historypb.HistoryEvent{EventId: id, EventType: typ, EventTime: timestamppb.New(at.Add(time.Duration(id) * time.Millisecond))}
	}
	scheduled := func(id int64, typ string) *historypb.HistoryEvent {
		e := ev(id, enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
		e.Attributes = &historypb.HistoryEvent_ActivityTaskScheduledEventAttributes{
			ActivityTaskScheduledEventAttributes: &historypb.ActivityTaskScheduledEventAttributes{ActivityType: &commonpb.ActivityType{Name: typ}}}
		return e
	}
	marker := func(id int64, name string, details map[string]*commonpb.Payloads) *historypb.HistoryEvent {
		e := ev(id, enumspb.EVENT_TYPE_MARKER_RECORDED)
		e.Attributes = &historypb.HistoryEvent_MarkerRecordedEventAttributes{
			MarkerRecordedEventAttributes: &historypb.MarkerRecordedEventAttributes{MarkerName: name, Details: details}}
		return e
	}
	wftDone := func(id, startedID int64) *historypb.HistoryEvent {
		e := ev(id, enumspb.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
		e.Attributes = &historypb.HistoryEvent_WorkflowTaskCompletedEventAttributes{
			WorkflowTaskCompletedEventAttributes: &historypb.WorkflowTaskCompletedEventAttributes{StartedEventId: startedID}}
		return e
	}
	run1 := &historypb.History{Events: []*historypb.HistoryEvent{
		ev(1, enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED), wftDone(4, 1), // 3 ms
		marker(5, "Version", nil),
		marker(6, localActivityMarker, map[string]*commonpb.Payloads{"data": laData}),
		scheduled(7, "http"), scheduled(8, "http"),
		ev(9, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED), scheduled(10, "shell"),
		ev(11, enumspb.EVENT_TYPE_ACTIVITY_TASK_FAILED), ev(12, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
	}}
	run2 := &historypb.History{Events: []*historypb.HistoryEvent{
		marker(1, localActivityMarker, map[string]*commonpb.Payloads{"data": laData}),
		scheduled(2, "http"), ev(3, enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED),
	}}
	st, err := historyStats([]*historypb.History{run1, run2}, dc)
	if err != nil {
		t.Fatal(err)
	}
	if st.Runs != 2 || st.ContinueAsNew() != 1 || st.Events != 13 || len(st.RunEvents) != 2 || st.RunEvents[0] != 10 || st.MaxRunEvents() != 10 {
		t.Errorf("runs %d (continue-as-new %d), events %d per run %v: want 2 (1), 13, [10 3]", st.Runs, st.ContinueAsNew(), st.Events, st.RunEvents)
	}
	if st.Activities != 4 || st.LocalActivities != 2 || st.Markers != 3 {
		t.Errorf("activities %d, local %d, markers %d: want 4, 2, 3", st.Activities, st.LocalActivities, st.Markers)
	}
	if st.TaskTypes["http"] != 3 || st.TaskTypes["noop"] != 2 || st.TaskTypes["shell"] != 1 || st.TasksExcept("shell") != 5 {
		t.Errorf("task types %v, tasks except shell %d: want http 3, noop 2, shell 1; 5", st.TaskTypes, st.TasksExcept("shell"))
	}
	if st.PeakPending != 2 {
		t.Errorf("peak pending: got %d, want 2 (two http scheduled before either closed)", st.PeakPending)
	}
	if st.WorkflowTasks != 1 || st.WorkflowTaskTime != 3*time.Millisecond {
		t.Errorf("workflow tasks %d, time %s: want 1, 3ms", st.WorkflowTasks, st.WorkflowTaskTime)
	}
	if st.Bytes <= 0 || st.Bytes != st.RunBytes[0]+st.RunBytes[1] || st.MaxRunBytes() != st.RunBytes[0] {
		t.Errorf("bytes %d, per run %v: want the sum of the runs, the first the largest", st.Bytes, st.RunBytes)
	}
	bad := &historypb.History{Events: []*historypb.HistoryEvent{marker(1, localActivityMarker, nil)}}
	if _, err := historyStats([]*historypb.History{bad}, dc); err == nil {
		t.Error("a local-activity marker without data: expected an error")
	}
}

// TestReplayPerTenThousand pins the unit of the replay target ("under a
// second per 10,000 events").
func TestReplayPerTenThousand(t *testing.T) {
	if got := (ReplayStats{Events: 25000, Time: 5 * time.Second}).PerTenThousand(); got != 2*time.Second {
		t.Errorf("25,000 events in 5 s: got %s per 10k, want 2s", got)
	}
	if got := (ReplayStats{}).PerTenThousand(); got != 0 {
		t.Errorf("no events: got %s, want 0", got)
	}
}

// TestScaleCases pins the sizes the performance issue asks for and that
// every case with regular activities must cross continue-as-new by its
// options.
func TestScaleCases(t *testing.T) {
	for _, size := range []string{ScaleCI, ScaleFull} {
		cases, err := ScaleCases(size)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, c := range cases {
			if seen[c.Shape.Name] {
				t.Errorf("%s: case %s twice", size, c.Shape.Name)
			}
			seen[c.Shape.Name] = true
			regular := c.Shape.Regular || c.Shape.Kind == KindHTTPFan
			if c.Shape.RunOptions.ContinueAsNewAfterEvents == 0 || (regular && c.MinRuns < 2) {
				t.Errorf("%s/%s: expected continue-as-new options and at least 2 runs, got %+v, %d", size, c.Shape.Name, c.Shape.RunOptions, c.MinRuns)
			}
		}
		if size == ScaleFull {
			for _, name := range []string{"chain-10000", "wide-1-10000-1", "loop-10000", "chain-10000-regular",
				"wide-1-10000-1-regular", "loop-10000-regular", "wide-1-2000-1-regular"} {
				if !seen[name] {
					t.Errorf("full scale lacks %s", name)
				}
			}
		}
	}
	if _, err := ScaleCases("huge"); err == nil {
		t.Error(`ScaleCases("huge"): expected an error`)
	}
	cases, _ := ScaleCases(ScaleFull)
	got, err := SelectScaleCases(cases, []string{"chain-10000", "loop-10000"})
	if err != nil || len(got) != 2 || got[0].Shape.Name != "chain-10000" {
		t.Errorf("SelectScaleCases: got %v, %v; want chain-10000 then loop-10000 (the cases' order)", got, err)
	}
	if _, err := SelectScaleCases(cases, []string{"chain-9"}); err == nil {
		t.Error("SelectScaleCases(chain-9): expected an error")
	}
}
