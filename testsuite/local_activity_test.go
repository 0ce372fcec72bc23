package testsuite

import (
	"slices"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/converter"
)

// localNoopChainDef runs the cheap built-ins as local activities (the
// default since the "local-cheap-tasks" version), with one stage opting out
// through task_options.local.
const localNoopChainDef = `
application: testsuite
name: local-noop-chain
stages:
  - {ref_id: a, type: noop, context: {outputs: {from_a: 1}}}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a]}
  - {ref_id: c, type: fail, requisite_stage_ref_ids: [b], context: {status: FAILED_CONTINUE, continuePipelineOnFailure: true, message: soft}}
  - {ref_id: d, type: noop, requisite_stage_ref_ids: [c], context: {task_options: {local: false}}}
  - {ref_id: e, type: noop, requisite_stage_ref_ids: [d]}
`

// localActivityMarker is the SDK's marker name for a finished local activity.
const localActivityMarker = "LocalActivity"

// checkLocalNoopChain checks the outcome of localNoopChainDef and that its
// history holds one local-activity marker per cheap task, each with its
// "<stage name> / <task name>" summary for the Web UI, and one regular
// activity for the stage that opted out.
func checkLocalNoopChain(t *testing.T, r result) {
	t.Helper()
	if r.err != nil {
		t.Fatalf("local noop chain failed: %v", r.err)
	}
	wantStages(t, r.wf, map[string]string{"a": "SUCCEEDED", "b": "SUCCEEDED", "c": "FAILED_CONTINUE",
		"d": "SUCCEEDED", "e": "SUCCEEDED"})
	if got := r.wf.StageByRefID("e").Context["from_a"]; got != 1.0 {
		t.Errorf("semantics §4.2: e context from_a = %v, want a's output through the local activity", got)
	}
	hist, err := r.h.History(r.ctx, r.run.GetID(), r.first)
	if err != nil {
		t.Fatal(err)
	}
	dc := converter.GetDefaultDataConverter()
	var summaries, regular []string
	versioned := false
	for _, ev := range hist.Events {
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			a := ev.GetMarkerRecordedEventAttributes()
			if a.GetMarkerName() != localActivityMarker {
				versioned = versioned || a.GetMarkerName() == "Version"
				continue
			}
			var md struct{ ActivityType string }
			if err := dc.FromPayloads(a.GetDetails()["data"], &md); err != nil {
				t.Fatalf("event %d: local-activity marker data: %v", ev.GetEventId(), err)
			}
			var summary string
			if err := dc.FromPayload(ev.GetUserMetadata().GetSummary(), &summary); err != nil {
				t.Errorf("event %d: local activity %s has no summary: %v", ev.GetEventId(), md.ActivityType, err)
			}
			summaries = append(summaries, summary)
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			a := ev.GetActivityTaskScheduledEventAttributes()
			regular = append(regular, a.GetActivityType().GetName()+" "+a.GetActivityId())
		}
	}
	if want := []string{"a / noop", "b / noop", "c / fail", "e / noop"}; !slices.Equal(summaries, want) {
		t.Errorf("issue #9: local-activity markers' summaries = %q, want %q", summaries, want)
	}
	if len(regular) != 1 || regular[0] != "noop d/0/1/0" {
		t.Errorf("task_options.local false: regular activities = %q, want [noop d/0/1/0]", regular)
	}
	if !versioned {
		t.Errorf("no Version marker: the local path must be guarded by GetVersion(%q)", "local-cheap-tasks")
	}
}
