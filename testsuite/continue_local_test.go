package testsuite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"

	"github.com/stabilize-go/stabilize/interpreter"
)

const (
	// localChainStages is the length of localChainDef: about three times
	// localChainLimit events, all local activities.
	localChainStages = 300
	// localChainLimit is the ContinueAsNewAfterEvents of the test.
	localChainLimit = 100
	// localChainSlack is what a run may add once its estimate reached the
	// limit: the task in flight finishing is at most
	// interpreter.DefaultMaxLocalTasks markers, plus the history-estimate
	// Version marker, WorkflowTaskCompleted, WorkflowExecutionContinuedAsNew
	// and, when the workflow task heartbeated meanwhile, one more
	// WorkflowTaskCompleted / Scheduled / Started. Commands of the current
	// workflow task (search-attribute upserts, version markers) are not
	// counted by the estimate either; a chain issues few.
	localChainSlack = interpreter.DefaultMaxLocalTasks + 8
	// localChainHistory is the recorded first run: local tasks continuing
	// as new on the history-estimate version.
	localChainHistory = "local_chain_continue"
)

// localChainDef is localChainStages noop stages in a chain, each a local
// activity (the default for noop).
var localChainDef = func() string {
	var b strings.Builder
	b.WriteString("application: testsuite\nname: local-chain-continue\nstages:\n  - {ref_id: s000, type: noop}\n")
	for i := 1; i < localChainStages; i++ {
		fmt.Fprintf(&b, "  - {ref_id: s%03d, type: noop, requisite_stage_ref_ids: [s%03d]}\n", i, i-1)
	}
	return b.String()
}()

// localChainRun is what one run of localChainDef recorded.
type localChainRun struct {
	events, markers, regular int
	estimateVersion          int // history-estimate version marker, -1 without
	next                     string
}

// readLocalChainRun counts one run's events, local-activity markers and
// regular activities, reads its history-estimate version, and returns the
// next run's id, if it continued as new.
func readLocalChainRun(t *testing.T, hist *historypb.History) localChainRun {
	t.Helper()
	dc := converter.GetDefaultDataConverter()
	r := localChainRun{events: len(hist.GetEvents()), estimateVersion: -1}
	for _, ev := range hist.GetEvents() {
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			a := ev.GetMarkerRecordedEventAttributes()
			switch a.GetMarkerName() {
			case localActivityMarker:
				r.markers++
			case "Version":
				var id string
				if err := dc.FromPayloads(a.GetDetails()["change-id"], &id); err != nil {
					t.Fatalf("event %d: version marker change id: %v", ev.GetEventId(), err)
				}
				if id == "history-estimate" {
					if err := dc.FromPayloads(a.GetDetails()["version"], &r.estimateVersion); err != nil {
						t.Fatalf("event %d: version marker: %v", ev.GetEventId(), err)
					}
				}
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			r.regular++
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
			r.next = ev.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()
		}
	}
	return r
}

// TestLocalChainContinueAsNew: a chain of local noops continues as new on
// ContinueAsNewAfterEvents although all its tasks could finish inside one
// workflow task (issue #9: before history-estimate, the 300 stages ran in
// one run of 312 events whatever the option said). With -record it records
// the first run as testdata/histories/local_chain_continue.json, which
// TestReplay replays.
func TestLocalChainContinueAsNew(t *testing.T) {
	h := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	r := execute(t, ctx, h, scenario{name: localChainHistory, def: localChainDef,
		opts: interpreter.RunOptions{ContinueAsNewAfterEvents: localChainLimit}})
	if r.err != nil {
		t.Fatalf("local chain failed: %v", r.err)
	}
	want := map[string]string{}
	for i := range localChainStages {
		want[fmt.Sprintf("s%03d", i)] = "SUCCEEDED"
	}
	wantStages(t, r.wf, want)
	if r.wf.Status.String() != "SUCCEEDED" || len(r.wf.Stages) != localChainStages {
		t.Errorf("final model: %s with %d stages, want SUCCEEDED with %d", r.wf.Status, len(r.wf.Stages), localChainStages)
	}

	markers, runs := 0, 0
	for id := r.first; id != ""; runs++ {
		hist, err := h.History(ctx, r.run.GetID(), id)
		if err != nil {
			t.Fatal(err)
		}
		run := readLocalChainRun(t, hist)
		t.Logf("run %d: %d events, %d local-activity markers, history-estimate version %d", runs, run.events, run.markers, run.estimateVersion)
		if run.events > localChainLimit+localChainSlack {
			t.Errorf("issue #9: run %d has %d events, want at most %d (ContinueAsNewAfterEvents %d + %d)",
				runs, run.events, localChainLimit+localChainSlack, localChainLimit, localChainSlack)
		}
		if run.regular != 0 {
			t.Errorf("run %d: %d regular activities, want only local ones", runs, run.regular)
		}
		if run.next != "" && run.estimateVersion != 1 {
			t.Errorf("run %d continued as new with history-estimate version %d, want 1 (the local markers made it due)", runs, run.estimateVersion)
		}
		if runs == 0 && *record {
			writeHistory(t, filepath.Join(historyDir, localChainHistory+".json"), hist)
		}
		markers += run.markers
		id = run.next
	}
	if runs < 3 {
		t.Errorf("issue #9: %d runs, want at least 3 (%d local tasks, continue as new after %d events)", runs, localChainStages, localChainLimit)
	}
	if markers != localChainStages {
		t.Errorf("local-activity markers over all runs = %d, want one per stage (%d)", markers, localChainStages)
	}
}
