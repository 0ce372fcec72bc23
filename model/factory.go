package model

// New returns a new PIPELINE execution of the given stages (Stabilize's
// Workflow.create): a fresh id, status NOT_STARTED, an empty context, the
// default trigger {type: manual, user: anonymous} and origin "unknown".
func New(application, name string, stages []*StageExecution) *Workflow {
	if stages == nil {
		stages = []*StageExecution{}
	}
	return &Workflow{
		ID:          NewID(),
		Type:        WorkflowTypePipeline,
		Application: application,
		Name:        name,
		Status:      StatusNotStarted,
		Stages:      stages,
		Context:     map[string]any{},
		Trigger:     DefaultTrigger(),
		Origin:      DefaultOrigin,
	}
}

// NewOrchestration returns a new ORCHESTRATION execution (Stabilize's
// Workflow.create_orchestration); it runs with the same semantics as a
// pipeline.
func NewOrchestration(application, name string, stages []*StageExecution) *Workflow {
	w := New(application, name, stages)
	w.Type = WorkflowTypeOrchestration
	return w
}

// DefaultOrigin is the origin of a workflow that does not name one.
const DefaultOrigin = "unknown"

// DefaultTrigger returns the trigger of a workflow that does not declare
// one: a manual start by an anonymous user.
func DefaultTrigger() Trigger { return Trigger{Type: "manual", User: "anonymous"} }

// NewStage returns a new top-level stage (Stabilize's StageExecution.create)
// with a fresh id, NOT_STARTED, and non-nil context, outputs and requisites.
// A nil context or requisites list becomes empty; context is not copied.
func NewStage(stageType, name, refID string, context map[string]any, requisites []string) *StageExecution {
	if context == nil {
		context = map[string]any{}
	}
	if requisites == nil {
		requisites = []string{}
	}
	return &StageExecution{
		ID:                   NewID(),
		RefID:                refID,
		Type:                 stageType,
		Name:                 name,
		Status:               StatusNotStarted,
		Context:              context,
		Outputs:              map[string]any{},
		Tasks:                []*TaskExecution{},
		RequisiteStageRefIDs: requisites,
	}
}

// NewSyntheticStage returns a new synthetic stage of parent that runs
// before or after the parent's tasks (Stabilize's create_synthetic). Its
// ref_id is a fresh ULID, so it cannot clash with a top-level ref.
func NewSyntheticStage(stageType, name string, parent *StageExecution, owner SyntheticStageOwner, context map[string]any) *StageExecution {
	s := NewStage(stageType, name, NewID(), context, nil)
	s.ParentStageID = parent.ID
	s.SyntheticStageOwner = owner
	return s
}

// NewTask returns a new NOT_STARTED task with a fresh id (Stabilize's
// TaskExecution.create).
func NewTask(name, implementingClass string) *TaskExecution {
	return &TaskExecution{
		ID:                NewID(),
		Name:              name,
		ImplementingClass: implementingClass,
		Status:            StatusNotStarted,
	}
}
