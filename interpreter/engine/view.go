package engine

import "github.com/stabilize-go/stabilize/model"

// View returns a deep copy of the workflow model for the status query:
// stages in definition order (dynamic instances appended), each with its
// run_count and withdrawn flag. A query cannot change the engine.
func (e *Engine) View() *model.Workflow { return cloneWorkflow(e.wf) }

// StageView returns a deep copy of the stage with the given ref_id.
func (e *Engine) StageView(refID string) (*model.StageExecution, bool) {
	s, ok := e.byRef[refID]
	if !ok {
		return nil, false
	}
	return cloneStage(s), true
}

// Summary counts stages (synthetic and dynamic ones included) by status
// name.
func (e *Engine) Summary() model.Summary {
	sum := model.Summary{Status: e.wf.Status, Counts: map[string]int{}, Total: len(e.wf.Stages)}
	for _, s := range e.wf.Stages {
		sum.Counts[s.Status.String()]++
	}
	return sum
}

// cloneWorkflow deep-copies a workflow; contexts and outputs hold
// JSON-shaped values only, which cloneValue copies.
func cloneWorkflow(w *model.Workflow) *model.Workflow {
	if w == nil {
		return nil
	}
	c := *w
	c.Stages = make([]*model.StageExecution, len(w.Stages))
	for i, s := range w.Stages {
		c.Stages[i] = cloneStage(s)
	}
	c.Context = cloneMap(w.Context)
	c.Trigger.Parameters = cloneMap(w.Trigger.Parameters)
	c.Trigger.Payload = cloneMap(w.Trigger.Payload)
	if w.Trigger.Artifacts != nil {
		c.Trigger.Artifacts = make([]map[string]any, len(w.Trigger.Artifacts))
		for i, a := range w.Trigger.Artifacts {
			c.Trigger.Artifacts[i] = cloneMap(a)
		}
	}
	c.StartTime = cloneInt(w.StartTime)
	c.EndTime = cloneInt(w.EndTime)
	c.StartTimeExpiry = cloneInt(w.StartTimeExpiry)
	if w.Paused != nil {
		p := *w.Paused
		p.PauseTime = cloneInt(p.PauseTime)
		p.ResumeTime = cloneInt(p.ResumeTime)
		c.Paused = &p
	}
	return &c
}

func cloneStage(s *model.StageExecution) *model.StageExecution {
	c := *s
	c.Context = cloneMap(s.Context)
	c.Outputs = cloneMap(s.Outputs)
	c.Tasks = make([]*model.TaskExecution, len(s.Tasks))
	for i, t := range s.Tasks {
		c.Tasks[i] = cloneTask(t)
	}
	c.RequisiteStageRefIDs = append([]string(nil), s.RequisiteStageRefIDs...)
	c.StartTime = cloneInt(s.StartTime)
	c.EndTime = cloneInt(s.EndTime)
	c.StartTimeExpiry = cloneInt(s.StartTimeExpiry)
	c.ScheduledTime = cloneInt(s.ScheduledTime)
	c.FinalizerNames = append([]string(nil), s.FinalizerNames...)
	if s.SplitConditions != nil {
		c.SplitConditions = make(map[string]string, len(s.SplitConditions))
		for k, v := range s.SplitConditions {
			c.SplitConditions[k] = v
		}
	}
	if s.OutputReducers != nil {
		c.OutputReducers = make(map[string]string, len(s.OutputReducers))
		for k, v := range s.OutputReducers {
			c.OutputReducers[k] = v
		}
	}
	if s.MIConfig != nil {
		m := *s.MIConfig
		c.MIConfig = &m
	}
	return &c
}

func cloneTask(t *model.TaskExecution) *model.TaskExecution {
	c := *t
	c.StartTime = cloneInt(t.StartTime)
	c.EndTime = cloneInt(t.EndTime)
	c.TaskExceptionDetails = cloneMap(t.TaskExceptionDetails)
	return &c
}

func cloneInt(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// cloneMap deep-copies a JSON-shaped map; nil stays nil.
func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = cloneValue(v)
	}
	return c
}

// cloneValue deep-copies a JSON-shaped value (maps and slices; scalars are
// immutable).
func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case []any:
		c := make([]any, len(x))
		for i, y := range x {
			c[i] = cloneValue(y)
		}
		return c
	case []map[string]any:
		c := make([]any, len(x))
		for i, y := range x {
			c[i] = cloneMap(y)
		}
		return c
	case []string:
		c := make([]any, len(x))
		for i, y := range x {
			c[i] = y
		}
		return c
	}
	return v
}
