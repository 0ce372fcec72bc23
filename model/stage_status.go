package model

// FailureStatus returns the status a failure of this stage takes
// (semantics §6.2): FAILED_CONTINUE with continuePipelineOnFailure, def
// (TERMINAL, or CANCELED for a canceled result) while failPipeline holds,
// and STOPPED otherwise.
func (s *StageExecution) FailureStatus(def WorkflowStatus) WorkflowStatus {
	if s.ContinuePipelineOnFailure() {
		return StatusFailedContinue
	}
	if s.FailPipeline() {
		return def
	}
	return StatusStopped
}

// DetermineStatus computes the stage's status from its STAGE_BEFORE
// children, its tasks and its STAGE_AFTER children, exactly as semantics
// §2.12 gives it. The workflow supplies the synthetic children.
func (s *StageExecution) DetermineStatus(w *Workflow) WorkflowStatus {
	var core, after []WorkflowStatus
	for _, c := range w.BeforeStages(s) {
		core = append(core, c.Status)
	}
	for _, t := range s.Tasks {
		core = append(core, t.Status)
	}
	for _, c := range w.AfterStages(s) {
		after = append(after, c.Status)
	}
	return determineStatus(s, core, after)
}

// DetermineStatus is StageExecution.DetermineStatus with the workflow as
// receiver.
func (w *Workflow) DetermineStatus(s *StageExecution) WorkflowStatus { return s.DetermineStatus(w) }

func determineStatus(s *StageExecution, core, after []WorkflowStatus) WorkflowStatus {
	has := func(list []WorkflowStatus, want ...WorkflowStatus) bool {
		for _, st := range list {
			for _, w := range want {
				if st == w {
					return true
				}
			}
		}
		return false
	}
	if len(core) == 0 {
		if s.Status == StatusRunning {
			switch {
			case has(after, StatusNotStarted, StatusRunning):
				return StatusRunning
			case has(after, StatusTerminal):
				return StatusTerminal
			}
			return StatusSucceeded
		}
		return StatusNotStarted
	}
	switch {
	case has(core, StatusTerminal):
		return s.FailureStatus(StatusTerminal)
	case has(core, StatusStopped):
		return StatusStopped
	case has(core, StatusCanceled):
		return StatusCanceled
	case has(core, StatusPaused):
		return StatusPaused
	case has(core, StatusBuffered):
		return StatusBuffered
	case has(core, StatusSuspended):
		return StatusSuspended
	case has(core, StatusNotStarted, StatusRunning):
		return StatusRunning
	}
	for _, st := range core {
		if st != StatusSucceeded && st != StatusSkipped && st != StatusFailedContinue {
			return StatusRunning
		}
	}
	switch {
	case has(after, StatusTerminal):
		return StatusTerminal
	case has(after, StatusStopped):
		return StatusStopped
	case has(after, StatusCanceled):
		return StatusCanceled
	case has(after, StatusNotStarted, StatusRunning):
		return StatusRunning
	case has(core, StatusFailedContinue):
		return StatusFailedContinue
	}
	return StatusSucceeded
}

// FirstTask returns the stage's first task, or nil when it has none.
func (s *StageExecution) FirstTask() *TaskExecution {
	if len(s.Tasks) == 0 {
		return nil
	}
	return s.Tasks[0]
}

// NextTask returns the task after t in declared order, or nil when t is the
// last task or not a task of the stage (semantics §3.1: order is the
// declared order; a stage_end flag on a middle task is ignored).
func (s *StageExecution) NextTask(t *TaskExecution) *TaskExecution {
	for i, x := range s.Tasks {
		if x == t || (t != nil && x.ID != "" && x.ID == t.ID) {
			if i+1 < len(s.Tasks) {
				return s.Tasks[i+1]
			}
			return nil
		}
	}
	return nil
}

// PhaseVersion returns the stage's status and version together, the key
// of Stabilize's phase-aware optimistic locking.
func (s *StageExecution) PhaseVersion() (WorkflowStatus, int) { return s.Status, s.Version }

// PhaseVersion returns the task's status and version together.
func (t *TaskExecution) PhaseVersion() (WorkflowStatus, int) { return t.Status, t.Version }

// MarkStageBoundaries sets stage_start on the first task and stage_end on
// the last, clearing both flags on every other task (semantics §3.1: the
// flags derive from the order; declared values are ignored).
func (s *StageExecution) MarkStageBoundaries() {
	for i, t := range s.Tasks {
		t.StageStart = i == 0
		t.StageEnd = i == len(s.Tasks)-1
	}
}
