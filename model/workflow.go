package model

// Workflow is one Stabilize execution: the definition a user submits and,
// once running, its whole runtime state. JSON field names are those of
// definition-format.md. Context, outputs and other free-form values hold
// JSON-decoded data only: nil, bool, float64, string, []any, map[string]any.
type Workflow struct {
	ID                      string            `json:"id"`
	Type                    WorkflowType      `json:"type"`
	Application             string            `json:"application"`
	Name                    string            `json:"name"`
	Status                  WorkflowStatus    `json:"status"`
	Stages                  []*StageExecution `json:"stages"`
	Context                 map[string]any    `json:"context"`
	Trigger                 Trigger           `json:"trigger"`
	StartTime               *int64            `json:"start_time,omitempty"`
	EndTime                 *int64            `json:"end_time,omitempty"`
	StartTimeExpiry         *int64            `json:"start_time_expiry,omitempty"`
	IsCanceled              bool              `json:"is_canceled,omitempty"`
	CanceledBy              string            `json:"canceled_by,omitempty"`
	CancellationReason      string            `json:"cancellation_reason,omitempty"`
	Paused                  *PausedDetails    `json:"paused,omitempty"`
	PipelineConfigID        string            `json:"pipeline_config_id,omitempty"`
	IsLimitConcurrent       bool              `json:"is_limit_concurrent,omitempty"`
	MaxConcurrentExecutions int               `json:"max_concurrent_executions,omitempty"`
	KeepWaitingPipelines    bool              `json:"keep_waiting_pipelines,omitempty"`
	Origin                  string            `json:"origin,omitempty"`
	ConfigVersion           string            `json:"config_version,omitempty"`
}

// Trigger records what started an execution. The engine never copies it
// into a stage context (semantics §4.5).
type Trigger struct {
	Type       string           `json:"type"`
	User       string           `json:"user"`
	Parameters map[string]any   `json:"parameters,omitempty"`
	Artifacts  []map[string]any `json:"artifacts,omitempty"`
	Payload    map[string]any   `json:"payload,omitempty"`
}

// PausedDetails records who paused an execution and for how long.
type PausedDetails struct {
	PausedBy   string `json:"paused_by"`
	PauseTime  *int64 `json:"pause_time,omitempty"`
	ResumeTime *int64 `json:"resume_time,omitempty"`
	PausedMs   int64  `json:"paused_ms"`
}

// IsPaused reports a pause that has not been resumed.
func (p *PausedDetails) IsPaused() bool {
	return p != nil && p.PauseTime != nil && p.ResumeTime == nil
}
