package testsuite

import (
	"fmt"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/converter"

	"github.com/stabilize-go/stabilize/interpreter"
)

// localFanWidth is wider than the default cap on local activities in
// flight (interpreter.DefaultMaxLocalTasks; 32 before engine-semantics
// version 2), so the recorded history pins the order in which queued local
// tasks start ("local-cheap-tasks" version 2, or engine-semantics 2).
const localFanWidth = 40

// localNoopFanDef is 1 -> localFanWidth -> 1 noop stages, all local.
var localNoopFanDef = func() string {
	var b strings.Builder
	b.WriteString("application: testsuite\nname: local-noop-fan\nstages:\n  - {ref_id: s, type: noop}\n")
	refs := make([]string, localFanWidth)
	for i := range refs {
		refs[i] = fmt.Sprintf("f%02d", i)
		fmt.Fprintf(&b, "  - {ref_id: %s, type: noop, requisite_stage_ref_ids: [s], context: {outputs: {%s: %d}}}\n", refs[i], refs[i], i)
	}
	fmt.Fprintf(&b, "  - {ref_id: j, type: noop, requisite_stage_ref_ids: [%s]}\n", strings.Join(refs, ", "))
	return b.String()
}()

// checkLocalNoopFan checks that every stage of localNoopFanDef succeeded,
// the join saw every branch's output, every task ran as a local activity,
// and the run recorded the capped version of the local path.
func checkLocalNoopFan(t *testing.T, r result) {
	t.Helper()
	if r.err != nil {
		t.Fatalf("local noop fan failed: %v", r.err)
	}
	want := map[string]string{"s": "SUCCEEDED", "j": "SUCCEEDED"}
	for i := range localFanWidth {
		want[fmt.Sprintf("f%02d", i)] = "SUCCEEDED"
	}
	wantStages(t, r.wf, want)
	if got := r.wf.StageByRefID("j").Context[fmt.Sprintf("f%02d", localFanWidth-1)]; got != float64(localFanWidth-1) {
		t.Errorf("semantics §4.2: join context f%02d = %v, want the branch's output", localFanWidth-1, got)
	}
	hist, err := r.h.History(r.ctx, r.run.GetID(), r.first)
	if err != nil {
		t.Fatal(err)
	}
	dc := converter.GetDefaultDataConverter()
	markers, regular := 0, 0
	versions := map[string]int{} // change id -> recorded version
	for _, ev := range hist.Events {
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			a := ev.GetMarkerRecordedEventAttributes()
			switch a.GetMarkerName() {
			case localActivityMarker:
				markers++
			case "Version":
				var id string
				var v int
				if err := dc.FromPayloads(a.GetDetails()["change-id"], &id); err != nil {
					t.Fatalf("event %d: version marker: %v", ev.GetEventId(), err)
				}
				if err := dc.FromPayloads(a.GetDetails()["version"], &v); err != nil {
					t.Fatalf("event %d: version marker: %v", ev.GetEventId(), err)
				}
				versions[id] = v
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			regular++
		}
	}
	if markers != localFanWidth+2 || regular != 0 {
		t.Errorf("issue #9: %d local-activity markers and %d regular activities, want %d and 0", markers, regular, localFanWidth+2)
	}
	if versions["local-cheap-tasks"] != 2 && versions[interpreter.SemanticsChangeID] < 2 {
		t.Errorf("version markers = %v, want local-cheap-tasks 2 or engine-semantics 2 or later (local tasks capped in flight)", versions)
	}
}
