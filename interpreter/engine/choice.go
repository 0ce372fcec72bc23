package engine

import "github.com/stabilize-go/stabilize/model"

// ChoiceDecided reports whether the deferred choice of stage's group is
// already decided (semantics §2.9, gate 4): some OTHER member of the same
// deferred_choice_group has left NOT_STARTED. As in Python's fast path, a
// member that was SKIPPED (stageEnabled) or CANCELED (cancel region) counts
// as a decision even though nobody claimed. A stage without a group is
// never decided. When true, the caller cancels stage (CHOICE-2: the claim
// never moves, not even after the winner completes).
func ChoiceDecided(wf *model.Workflow, stage *model.StageExecution) bool {
	if stage.DeferredChoiceGroup == "" {
		return false
	}
	for _, s := range wf.Stages {
		if s != stage && s.DeferredChoiceGroup == stage.DeferredChoiceGroup && s.Status != model.StatusNotStarted {
			return true
		}
	}
	return false
}

// ChoiceLosers returns the other members of winner's deferred-choice group
// that are still NOT_STARTED, in definition order (CHOICE-1). The caller
// cancels them at once, even if their own upstreams are not complete, and
// marks them withdrawn: under the Go rule of §2.9 losers are left out of
// the final-status computation.
func ChoiceLosers(wf *model.Workflow, winner *model.StageExecution) []*model.StageExecution {
	if winner.DeferredChoiceGroup == "" {
		return nil
	}
	var out []*model.StageExecution
	for _, s := range wf.Stages {
		if s != winner && s.DeferredChoiceGroup == winner.DeferredChoiceGroup && s.Status == model.StatusNotStarted {
			out = append(out, s)
		}
	}
	return out
}
