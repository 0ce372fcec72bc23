package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// MilestoneGate is the answer of the milestone start gate (semantics §2.7).
type MilestoneGate uint8

// Milestone gate values.
const (
	// MilestoneProceed lets the stage go on to the next start gate.
	MilestoneProceed MilestoneGate = iota
	// MilestoneWait keeps the stage NOT_STARTED; the caller evaluates it
	// again whenever the milestone stage's status changes.
	MilestoneWait
	// MilestoneExpired skips the stage (SkipStage).
	MilestoneExpired
)

var milestoneNames = [...]string{"PROCEED", "WAIT", "EXPIRED"}

// String returns PROCEED, WAIT or EXPIRED.
func (g MilestoneGate) String() string {
	if int(g) < len(milestoneNames) {
		return milestoneNames[g]
	}
	return fmt.Sprintf("MilestoneGate(%d)", uint8(g))
}

// CheckMilestone runs start gate 2 for stage against milestone, the stage
// named by stage.MilestoneRefID (nil when no such stage exists):
//
//	no milestone_ref_id on stage                      → PROCEED
//	milestone stage missing (nil)                     → EXPIRED
//	its status name equals milestone_status           → PROCEED
//	its status is COMPLETE (and not equal)            → EXPIRED
//	otherwise (NOT_STARTED, RUNNING, SUSPENDED, ...)  → WAIT
//
// The last row is the Go rule (decided) of §2.7: Python lets the stage run
// at once, which contradicts WCP-18. When the workflow ends while a stage
// still waits, the caller skips it.
func CheckMilestone(stage, milestone *model.StageExecution) MilestoneGate {
	switch {
	case stage.MilestoneRefID == "":
		return MilestoneProceed
	case milestone == nil:
		return MilestoneExpired
	case milestone.Status.String() == stage.MilestoneStatus:
		return MilestoneProceed
	case milestone.Status.IsComplete():
		return MilestoneExpired
	}
	return MilestoneWait
}
