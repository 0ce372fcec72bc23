package testsuite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
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
	// as new on the history-estimate rule (its own version marker at
	// engine-semantics 1, bundled from 2: recordPath keeps both).
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
	workflowTasks            int // WorkflowTaskStarted events
	estimateVersion          int // history-estimate version marker, -1 without
	semanticsVersion         int // engine-semantics version marker, -1 without
	next                     string
}

// estimated reports whether the run recorded the history-estimate rule:
// its own marker at version 1, or an engine-semantics version that bundles
// the shell's change ids (2 and later: no history-estimate marker of its
// own).
func (r localChainRun) estimated() bool {
	return r.estimateVersion == 1 || r.semanticsVersion >= 2
}

// readLocalChainRun counts one run's events, local-activity markers and
// regular activities, reads its history-estimate version, and returns the
// next run's id, if it continued as new.
func readLocalChainRun(t *testing.T, hist *historypb.History) localChainRun {
	t.Helper()
	dc := converter.GetDefaultDataConverter()
	r := localChainRun{events: len(hist.GetEvents()), estimateVersion: -1, semanticsVersion: -1}
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
				var into *int
				switch id {
				case "history-estimate":
					into = &r.estimateVersion
				case "engine-semantics":
					into = &r.semanticsVersion
				default:
					continue
				}
				if err := dc.FromPayloads(a.GetDetails()["version"], into); err != nil {
					t.Fatalf("event %d: version marker %s: %v", ev.GetEventId(), id, err)
				}
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			r.regular++
		case enumspb.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			r.workflowTasks++
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
// the first run as testdata/histories/local_chain_continue.json (or
// .v<N>.json next to an older engine-semantics one, recordPath), which
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
		t.Logf("run %d: %d events, %d local-activity markers, history-estimate version %d, engine-semantics %d",
			runs, run.events, run.markers, run.estimateVersion, run.semanticsVersion)
		if run.events > localChainLimit+localChainSlack {
			t.Errorf("issue #9: run %d has %d events, want at most %d (ContinueAsNewAfterEvents %d + %d)",
				runs, run.events, localChainLimit+localChainSlack, localChainLimit, localChainSlack)
		}
		if run.regular != 0 {
			t.Errorf("run %d: %d regular activities, want only local ones", runs, run.regular)
		}
		if run.next != "" && !run.estimated() {
			t.Errorf("run %d continued as new with history-estimate version %d (engine-semantics %d), want 1 (the local markers made it due)",
				runs, run.estimateVersion, run.semanticsVersion)
		}
		if runs == 0 && *record {
			path, err := recordPath(localChainHistory)
			if err != nil {
				t.Fatal(err)
			}
			writeHistory(t, path, hist)
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

// TestLocalChainContinueAsNewAcrossHeartbeats: the estimate restarts its
// count when the SDK heartbeats a long workflow task (a new
// WorkflowTaskStarted moves the history length), and every run, whose
// continue-as-new was decided inside a heartbeated workflow task, replays:
// the live decision and the replayed one see the same length and count at
// the same point. Each local task is a 50 ms shell command and the workflow
// task timeout 1 s, so the SDK heartbeats every 0.8 s, several times a run.
func TestLocalChainContinueAsNewAcrossHeartbeats(t *testing.T) {
	const stages, limit = 60, 40
	h := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	var b strings.Builder
	b.WriteString("application: testsuite\nname: local-chain-heartbeats\nstages:\n")
	for i := range stages {
		req := ""
		if i > 0 {
			req = fmt.Sprintf(", requisite_stage_ref_ids: [s%02d]", i-1)
		}
		fmt.Fprintf(&b, "  - {ref_id: s%02d, type: shell%s, context: {command: 'sleep 0.05', task_options: {local: true}}}\n", i, req)
	}
	def, err := model.Load("local-chain-heartbeats.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	run, err := h.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: def.ID, TaskQueue: h.TaskQueue,
		WorkflowTaskTimeout: time.Second}, model.WorkflowName,
		interpreter.Input{Definition: def, Options: interpreter.RunOptions{ContinueAsNewAfterEvents: limit}})
	if err != nil {
		t.Fatal(err)
	}
	first := run.GetRunID()
	var wf *model.Workflow
	if err := run.Get(ctx, &wf); err != nil {
		t.Fatalf("local chain failed: %v", err)
	}
	if wf.Status != model.StatusSucceeded || len(wf.Stages) != stages {
		t.Fatalf("final model: %s with %d stages, want SUCCEEDED with %d", wf.Status, len(wf.Stages), stages)
	}
	runs, heartbeated := 0, false
	for id := first; id != ""; runs++ {
		hist, err := h.History(ctx, def.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		r := readLocalChainRun(t, hist)
		t.Logf("run %d: %d events in %d workflow tasks, %d local-activity markers, history-estimate version %d",
			runs, r.events, r.workflowTasks, r.markers, r.estimateVersion)
		if r.next != "" {
			heartbeated = heartbeated || r.workflowTasks > 1
			if !r.estimated() {
				t.Errorf("run %d continued as new without the history-estimate rule", runs)
			}
		}
		if r.events > limit+localChainSlack {
			t.Errorf("issue #9: run %d has %d events, want at most %d", runs, r.events, limit+localChainSlack)
		}
		if err := replayHistory(hist); err != nil {
			t.Errorf("run %d does not replay: %v", runs, err)
		}
		id = r.next
	}
	if runs < 2 {
		t.Errorf("%d runs, want continue-as-new (%d local tasks, limit %d events)", runs, stages, limit)
	}
	if !heartbeated {
		t.Errorf("no run that continued as new had more than one workflow task: the SDK did not heartbeat, so this test shows nothing")
	}
}

// replayHistory replays one run's history against the current workflow
// code, as replayFile does for a recorded file.
func replayHistory(hist *historypb.History) error {
	r, err := newReplayer()
	if err != nil {
		return err
	}
	return r.ReplayWorkflowHistory(nil, hist)
}
