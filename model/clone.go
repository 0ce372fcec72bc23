package model

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of the workflow: its stages, their tasks and
// every context, output and trigger value. Changing the copy never changes
// the original, which makes it the basis of read-only snapshots.
func (w *Workflow) Clone() *Workflow {
	if w == nil {
		return nil
	}
	c := *w
	if w.Stages != nil {
		c.Stages = make([]*StageExecution, len(w.Stages))
		for i, s := range w.Stages {
			c.Stages[i] = s.Clone()
		}
	}
	c.Context = CloneMap(w.Context)
	c.Trigger = w.Trigger.Clone()
	c.StartTime = cloneInt64(w.StartTime)
	c.EndTime = cloneInt64(w.EndTime)
	c.StartTimeExpiry = cloneInt64(w.StartTimeExpiry)
	c.Paused = w.Paused.Clone()
	return &c
}

// Clone returns a deep copy of the trigger.
func (t Trigger) Clone() Trigger {
	c := t
	c.Parameters = CloneMap(t.Parameters)
	c.Payload = CloneMap(t.Payload)
	if t.Artifacts != nil {
		c.Artifacts = make([]map[string]any, len(t.Artifacts))
		for i, a := range t.Artifacts {
			c.Artifacts[i] = CloneMap(a)
		}
	}
	return c
}

// Clone returns a deep copy of the pause details (nil stays nil).
func (p *PausedDetails) Clone() *PausedDetails {
	if p == nil {
		return nil
	}
	c := *p
	c.PauseTime = cloneInt64(p.PauseTime)
	c.ResumeTime = cloneInt64(p.ResumeTime)
	return &c
}

// Clone returns a deep copy of the stage and its tasks.
func (s *StageExecution) Clone() *StageExecution {
	if s == nil {
		return nil
	}
	c := *s
	c.Context = CloneMap(s.Context)
	c.Outputs = CloneMap(s.Outputs)
	if s.Tasks != nil {
		c.Tasks = make([]*TaskExecution, len(s.Tasks))
		for i, t := range s.Tasks {
			c.Tasks[i] = t.Clone()
		}
	}
	c.RequisiteStageRefIDs = slices.Clone(s.RequisiteStageRefIDs)
	c.StartTime = cloneInt64(s.StartTime)
	c.EndTime = cloneInt64(s.EndTime)
	c.StartTimeExpiry = cloneInt64(s.StartTimeExpiry)
	c.ScheduledTime = cloneInt64(s.ScheduledTime)
	c.FinalizerNames = slices.Clone(s.FinalizerNames)
	c.SplitConditions = cloneStrings(s.SplitConditions)
	c.OutputReducers = cloneStrings(s.OutputReducers)
	if s.MIConfig != nil {
		mi := *s.MIConfig
		c.MIConfig = &mi
	}
	return &c
}

// Clone returns a deep copy of the task.
func (t *TaskExecution) Clone() *TaskExecution {
	if t == nil {
		return nil
	}
	c := *t
	c.StartTime = cloneInt64(t.StartTime)
	c.EndTime = cloneInt64(t.EndTime)
	c.TaskExceptionDetails = CloneMap(t.TaskExceptionDetails)
	return &c
}

// StateSnapshot returns a deep copy of the workflow for read-only use
// (Stabilize's state_snapshot): it can be logged, cached or handed to a
// query without any later change to the workflow showing through.
func (w *Workflow) StateSnapshot() *Workflow { return w.Clone() }

// StateSnapshot returns a deep copy of the stage for read-only use.
func (s *StageExecution) StateSnapshot() *StageExecution { return s.Clone() }

// StateSnapshot returns a deep copy of the task for read-only use.
func (t *TaskExecution) StateSnapshot() *TaskExecution { return t.Clone() }

func cloneInt64(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneStrings(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	return maps.Clone(m) // order-free, like CloneMap
}
