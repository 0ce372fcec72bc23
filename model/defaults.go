package model

// ApplyDefaults fills in what a definition may leave out
// (definition-format.md): ids (new ULIDs) for the workflow, its stages and
// tasks; trigger {type: manual, user: anonymous}; origin "unknown"; a
// stage's name (its ref_id); a stage whose tasks are absent (nil, not an
// explicit empty list) gets one task whose implementing_class is the stage
// type; a task's name (its
// implementing_class); the stage_start/stage_end flags, derived from the
// task order (semantics §3.1); empty non-nil contexts, outputs and
// requisite lists. A parent_stage_id naming the parent's ref_id is
// replaced by the parent's id. Empty optional maps and lists become nil,
// so that a model survives a JSON round trip unchanged. It is idempotent.
func (w *Workflow) ApplyDefaults() {
	if w.ID == "" {
		w.ID = NewID()
	}
	if w.Context == nil {
		w.Context = map[string]any{}
	}
	if w.Stages == nil {
		w.Stages = []*StageExecution{}
	}
	if w.Trigger.Type == "" {
		w.Trigger.Type = "manual"
	}
	if w.Trigger.User == "" {
		w.Trigger.User = "anonymous"
	}
	if len(w.Trigger.Parameters) == 0 {
		w.Trigger.Parameters = nil
	}
	if len(w.Trigger.Payload) == 0 {
		w.Trigger.Payload = nil
	}
	if len(w.Trigger.Artifacts) == 0 {
		w.Trigger.Artifacts = nil
	}
	if w.Origin == "" {
		w.Origin = DefaultOrigin
	}
	for _, s := range w.Stages {
		if s != nil {
			s.applyDefaults()
		}
	}
	w.normalizeParents()
}

func (s *StageExecution) applyDefaults() {
	if s.ID == "" {
		s.ID = NewID()
	}
	if s.Name == "" {
		s.Name = s.RefID
	}
	if s.Context == nil {
		s.Context = map[string]any{}
	}
	if s.Outputs == nil {
		s.Outputs = map[string]any{}
	}
	if s.RequisiteStageRefIDs == nil {
		s.RequisiteStageRefIDs = []string{}
	}
	if len(s.OutputReducers) == 0 {
		// Stabilize mirrors output_reducers into context._output_reducers
		// and reads it back on load (semantics §1.6).
		s.OutputReducers = reducersFromContext(s.Context[KeyOutputReducers])
	}
	// Only an absent list takes the default task: an explicit empty list
	// ("tasks": []) is a stage with no tasks (semantics §2.12, PLAN-1).
	if s.Tasks == nil && s.Type != "" {
		s.Tasks = []*TaskExecution{{ImplementingClass: s.Type}}
	}
	if s.Tasks == nil {
		s.Tasks = []*TaskExecution{}
	}
	for _, t := range s.Tasks {
		if t == nil {
			continue
		}
		if t.ID == "" {
			t.ID = NewID()
		}
		if t.Name == "" {
			t.Name = t.ImplementingClass
		}
		if len(t.TaskExceptionDetails) == 0 {
			t.TaskExceptionDetails = nil
		}
	}
	for i, t := range s.Tasks {
		if t != nil {
			t.StageStart = i == 0
			t.StageEnd = i == len(s.Tasks)-1
		}
	}
	if len(s.FinalizerNames) == 0 {
		s.FinalizerNames = nil
	}
	if len(s.SplitConditions) == 0 {
		s.SplitConditions = nil
	}
	if len(s.OutputReducers) == 0 {
		s.OutputReducers = nil
	}
}

// reducersFromContext reads a context._output_reducers mirror: a map of
// strings, or nil for anything else.
func reducersFromContext(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		s, ok := m[k].(string)
		if !ok {
			return nil
		}
		out[k] = s
	}
	return out
}

// normalizeParents rewrites a parent_stage_id that names the parent's
// ref_id into the parent's id. An id match wins over a ref_id match; a
// name matching neither is left for Validate to report.
func (w *Workflow) normalizeParents() {
	ids := map[string]bool{}
	byRef := map[string]string{}
	for _, s := range w.Stages {
		if s == nil {
			continue
		}
		ids[s.ID] = true
		if _, dup := byRef[s.RefID]; !dup {
			byRef[s.RefID] = s.ID
		}
	}
	for _, s := range w.Stages {
		if s == nil || s.ParentStageID == "" || ids[s.ParentStageID] {
			continue
		}
		if id, ok := byRef[s.ParentStageID]; ok {
			s.ParentStageID = id
		}
	}
}
