package model

// UpdateStatus sets the workflow status. It does not check the transition
// table; callers that need the check use ValidateTransition first.
func (w *Workflow) UpdateStatus(status WorkflowStatus) { w.Status = status }

// Cancel marks the workflow canceled by user for reason (semantics §10.6
// step 1): an empty user is recorded as "unknown". It changes no stage.
func (w *Workflow) Cancel(user, reason string) {
	if user == "" {
		user = "unknown"
	}
	w.IsCanceled = true
	w.CanceledBy = user
	w.CancellationReason = reason
}

// PausedDurationRelativeTo returns the recorded paused_ms when the
// workflow was paused after instantMs, and 0 when it was never paused or
// the pause began at or before that instant.
func (w *Workflow) PausedDurationRelativeTo(instantMs int64) int64 {
	if w.Paused != nil && w.Paused.PauseTime != nil && *w.Paused.PauseTime > instantMs {
		return w.Paused.PausedMs
	}
	return 0
}
