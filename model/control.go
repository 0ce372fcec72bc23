package model

// Names of the generic workflow, its queries, signals and updates. These are
// the wire contract between the starter, the Web page and the workflow.
const (
	// WorkflowName is the Temporal workflow type that interprets definitions.
	WorkflowName = "StabilizeWorkflow"

	// QueryStatus returns the whole Workflow model (a View).
	QueryStatus = "status"
	// QueryStage returns one stage by ref_id.
	QueryStage = "stage"
	// QuerySummary returns counts of stages by status.
	QuerySummary = "summary"

	// Workflow controls, each available as a signal and as an update with a
	// validator. The payload is a ControlRequest.
	ControlPause  = "pause"
	ControlResume = "resume"
	ControlCancel = "cancel"

	// SignalStage delivers a StageSignal (signal and update).
	SignalStage = "signal"
	// UpdateApprove and UpdateReject deliver an approval decision.
	UpdateApprove = "approve"
	UpdateReject  = "reject"
	// UpdateCancelRegion cancels the stages of a region (CancelRegionRequest).
	UpdateCancelRegion = "cancel_region"
	// UpdateCancelStage cancels one stage (StageRequest).
	UpdateCancelStage = "cancel_stage"
	// UpdateAddInstance adds a multi-instance instance (AddInstanceRequest).
	UpdateAddInstance = "add_instance"
	// UpdateRestartStage restarts a completed stage (StageRequest).
	UpdateRestartStage = "restart_stage"
)

// Search attributes the workflow keeps current, and the memo keys it sets.
const (
	SearchAttrApplication = "StabilizeApplication"
	SearchAttrPipeline    = "StabilizePipeline"
	SearchAttrStatus      = "StabilizeStatus"
	SearchAttrConfigID    = "StabilizeConfigId"

	MemoApplication = "application"
	MemoName        = "name"
	MemoTriggerUser = "trigger_user"
)

// ControlRequest is the payload of pause, resume and cancel.
type ControlRequest struct {
	User   string `json:"user,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// StageSignal is the payload of the stage signal (semantics §10.2).
type StageSignal struct {
	StageRefID string `json:"stage_ref_id"`
	Name       string `json:"name"`
	Data       any    `json:"data,omitempty"`
	Persistent bool   `json:"persistent,omitempty"`
}

// StageRequest names one stage, for cancel_stage and restart_stage.
type StageRequest struct {
	StageRefID string `json:"stage_ref_id"`
	User       string `json:"user,omitempty"`
}

// ApprovalRequest is the payload of approve and reject.
type ApprovalRequest struct {
	StageRefID string `json:"stage_ref_id"`
	User       string `json:"user,omitempty"`
	Data       any    `json:"data,omitempty"`
}

// CancelRegionRequest names a cancel region.
type CancelRegionRequest struct {
	Region string `json:"region"`
	User   string `json:"user,omitempty"`
}

// AddInstanceRequest adds a dynamic instance to a multi-instance stage.
type AddInstanceRequest struct {
	StageRefID string         `json:"stage_ref_id"`
	Context    map[string]any `json:"context,omitempty"`
}

// Summary counts stages by status, for the summary query.
type Summary struct {
	Status WorkflowStatus `json:"status"`
	Counts map[string]int `json:"counts"`
	Total  int            `json:"total"`
}
