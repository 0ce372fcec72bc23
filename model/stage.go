package model

// StageExecution is one stage of a workflow: a node of the DAG that runs its
// tasks in order. Synthetic stages (ParentStageID set) run before or after
// their parent's tasks.
type StageExecution struct {
	ID                   string               `json:"id"`
	RefID                string               `json:"ref_id"`
	Type                 string               `json:"type"`
	Name                 string               `json:"name"`
	Status               WorkflowStatus       `json:"status"`
	Context              map[string]any       `json:"context"`
	Outputs              map[string]any       `json:"outputs"`
	Tasks                []*TaskExecution     `json:"tasks"`
	RequisiteStageRefIDs []string             `json:"requisite_stage_ref_ids"`
	ParentStageID        string               `json:"parent_stage_id,omitempty"`
	SyntheticStageOwner  SyntheticStageOwner  `json:"synthetic_stage_owner,omitempty"`
	StartTime            *int64               `json:"start_time,omitempty"`
	EndTime              *int64               `json:"end_time,omitempty"`
	StartTimeExpiry      *int64               `json:"start_time_expiry,omitempty"`
	ScheduledTime        *int64               `json:"scheduled_time,omitempty"`
	Version              int                  `json:"version,omitempty"`
	CleanupOnFailure     bool                 `json:"cleanup_on_failure,omitempty"`
	FinalizerNames       []string             `json:"finalizer_names,omitempty"`
	JoinType             JoinType             `json:"join_type,omitempty"`
	JoinThreshold        int                  `json:"join_threshold,omitempty"`
	SplitType            SplitType            `json:"split_type,omitempty"`
	SplitConditions      map[string]string    `json:"split_conditions,omitempty"`
	MIConfig             *MultiInstanceConfig `json:"mi_config,omitempty"`
	DeferredChoiceGroup  string               `json:"deferred_choice_group,omitempty"`
	MilestoneRefID       string               `json:"milestone_ref_id,omitempty"`
	MilestoneStatus      string               `json:"milestone_status,omitempty"`
	MutexKey             string               `json:"mutex_key,omitempty"`
	CancelRegion         string               `json:"cancel_region,omitempty"`
	OutputReducers       map[string]string    `json:"output_reducers,omitempty"`

	// RunCount is how many times the stage has started (loops, restarts and
	// MULTI_MERGE firings included). Runtime only.
	RunCount int `json:"run_count,omitempty"`
	// Withdrawn marks a stage left out of the final-status computation: a
	// deferred-choice loser or an instance canceled by cancel_remaining
	// (semantics §2.9, §9.3). Runtime only.
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// IsSynthetic reports whether the stage belongs to a parent stage.
func (s *StageExecution) IsSynthetic() bool { return s.ParentStageID != "" }

// MultiInstanceConfig makes a stage fan out into instances when it
// completes (semantics §9). Decoding presets SyncOnComplete to true, the
// Stabilize default, so an absent field keeps it.
type MultiInstanceConfig struct {
	Count                 int    `json:"count,omitempty"`
	CountFromContext      string `json:"count_from_context,omitempty"`
	SyncOnComplete        bool   `json:"sync_on_complete"`
	AllowDynamic          bool   `json:"allow_dynamic,omitempty"`
	CollectionFromContext string `json:"collection_from_context,omitempty"`
	JoinThreshold         int    `json:"join_threshold,omitempty"`
	CancelRemaining       bool   `json:"cancel_remaining,omitempty"`
}

// TaskExecution is one task of a stage; each execution of it runs as a
// Temporal activity (or a timer, signal wait or child workflow, by kind).
type TaskExecution struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ImplementingClass    string         `json:"implementing_class"`
	Status               WorkflowStatus `json:"status"`
	StartTime            *int64         `json:"start_time,omitempty"`
	EndTime              *int64         `json:"end_time,omitempty"`
	StageStart           bool           `json:"stage_start,omitempty"`
	StageEnd             bool           `json:"stage_end,omitempty"`
	LoopStart            bool           `json:"loop_start,omitempty"`
	LoopEnd              bool           `json:"loop_end,omitempty"`
	TaskExceptionDetails map[string]any `json:"task_exception_details,omitempty"`
	Version              int            `json:"version,omitempty"`
}
