package engine

import "github.com/stabilize-go/stabilize/model"

// continueParent is the phase continuation of §7.3, run when a synthetic
// sink completes (CONTINUABLE) or is skipped.
func (e *Engine) continueParent(child *model.StageExecution) {
	p := e.parent(child)
	if p == nil || p.Status.IsComplete() || p.Status == model.StatusNotStarted {
		return
	}
	siblings := e.phase(p, child.SyntheticStageOwner)
	anyHalt, allDone := false, true
	for _, c := range siblings {
		if c.Status.IsHalt() {
			anyHalt = true
		}
		if !c.Status.IsContinuable() {
			allDone = false
		}
	}
	switch {
	case anyHalt:
		// Hard-coded TERMINAL (§7.3), rarely reached: a halted child
		// normally completes the parent directly.
		e.forceComplete(p, model.StatusTerminal)
	case !allDone:
		// Wait for the other siblings; their completion drives the parent.
	case child.SyntheticStageOwner == model.OwnerStageBefore:
		if len(p.Tasks) > 0 {
			e.push(action{kind: actStartTask, stage: p, task: 0})
			return
		}
		if after := e.phase(p, model.OwnerStageAfter); len(after) > 0 {
			for _, c := range initialOf(after) {
				e.push(action{kind: actStart, stage: c})
			}
			return
		}
		e.push(action{kind: actComplete, stage: p})
	default:
		e.push(action{kind: actComplete, stage: p})
	}
}
