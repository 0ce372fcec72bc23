package engine

import (
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestCheckMilestone(t *testing.T) {
	tests := []struct {
		name      string
		ref       string
		required  string
		milestone *model.StageExecution
		want      MilestoneGate
	}{
		{"§2.7 no milestone configured proceeds", "", "", nil, MilestoneProceed},
		{"MILESTONE-2 missing milestone stage is expired", "M", "SUCCEEDED", nil, MilestoneExpired},
		{"MILESTONE-1 required status reached proceeds", "M", "RUNNING", ptStage("M", ptRun), MilestoneProceed},
		{"MILESTONE-1 required SUCCEEDED reached proceeds", "M", "SUCCEEDED", ptStage("M", ptSuc), MilestoneProceed},
		{"MILESTONE-2 complete and not equal is expired (§2.7 Y)", "M", "RUNNING", ptStage("M", ptSuc), MilestoneExpired},
		{"MILESTONE-2 SKIPPED milestone is expired", "M", "SUCCEEDED", ptStage("M", ptSkp), MilestoneExpired},
		{"MILESTONE-2 Go rule: RUNNING, SUCCEEDED required, waits (§2.7 X)", "M", "SUCCEEDED", ptStage("M", ptRun), MilestoneWait},
		{"MILESTONE-2 Go rule: not started yet waits", "M", "RUNNING", ptStage("M", ptNst), MilestoneWait},
		{"MILESTONE-2 Go rule: SUSPENDED waits", "M", "SUCCEEDED", ptStage("M", ptSus), MilestoneWait},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ptStage("X", ptNst)
			s.MilestoneRefID, s.MilestoneStatus = tc.ref, tc.required
			if got := CheckMilestone(s, tc.milestone); got != tc.want {
				t.Fatalf("CheckMilestone = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMilestoneGateString(t *testing.T) {
	for g, want := range map[MilestoneGate]string{MilestoneProceed: "PROCEED", MilestoneWait: "WAIT", MilestoneExpired: "EXPIRED", 7: "MilestoneGate(7)"} {
		if got := g.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", uint8(g), got, want)
		}
	}
}
