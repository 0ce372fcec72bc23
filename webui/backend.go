package webui

import (
	"context"
	"errors"

	"github.com/stabilize-go/stabilize/model"
)

// Backend is what the page needs from Temporal. The lead implements it
// over a Temporal client; tests use an in-memory one.
type Backend interface {
	// List returns the executions that match filter, most recent first.
	List(ctx context.Context, filter ListFilter) ([]ExecutionSummary, error)
	// Status returns the execution's current state (the status query
	// result). It wraps ErrNotFound for an unknown id.
	Status(ctx context.Context, id string) (*model.Workflow, error)
	// Control applies one of Actions() to the execution. A control the
	// workflow refuses (an update validator's rejection, for example
	// "stage approve is not suspended") returns an error wrapping
	// ErrRefused, best made with Refused so that the page shows the
	// reason; an unknown id wraps ErrNotFound.
	Control(ctx context.Context, id string, action string, req ControlRequest) error
}

// ListFilter narrows List.
type ListFilter struct {
	// Status keeps executions in this status. Optional: nil keeps all.
	Status *model.WorkflowStatus
	// Application keeps executions of this application. Optional: ""
	// keeps all.
	Application string
	// Limit caps the number of executions. Optional: 0 leaves it to the
	// backend.
	Limit int
}

// ExecutionSummary is one row of the execution list.
type ExecutionSummary struct {
	// ID is the execution id (the Temporal workflow id).
	ID string `json:"id"`
	// RunID is the Temporal run id. Optional.
	RunID string `json:"run_id,omitempty"`
	// Application and Name are the definition's application and name.
	Application string `json:"application"`
	Name        string `json:"name"`
	// Status is the execution's status (its name in JSON).
	Status model.WorkflowStatus `json:"status"`
	// StartTime and EndTime are epoch milliseconds; EndTime is nil while
	// the execution runs.
	StartTime *int64 `json:"start_time,omitempty"`
	EndTime   *int64 `json:"end_time,omitempty"`
}

// ControlRequest is the body of a control: who asks, why, and which stage
// for the stage controls (approve, reject, restart_stage).
type ControlRequest struct {
	// StageRefID names the stage; required by approve, reject and
	// restart_stage, ignored by the others.
	StageRefID string `json:"stage_ref_id,omitempty"`
	// User is who asks. Optional.
	User string `json:"user,omitempty"`
	// Reason is why (cancel). Optional.
	Reason string `json:"reason,omitempty"`
	// Data is the approval data (approve, reject). Optional.
	Data any `json:"data,omitempty"`
}

// The actions of Control: the workflow's controls and updates
// (model.ControlPause and friends).
const (
	ActionPause        = model.ControlPause
	ActionResume       = model.ControlResume
	ActionCancel       = model.ControlCancel
	ActionApprove      = model.UpdateApprove
	ActionReject       = model.UpdateReject
	ActionRestartStage = model.UpdateRestartStage
)

// Actions lists the actions the handler accepts, in a stable order.
func Actions() []string {
	return []string{ActionPause, ActionResume, ActionCancel, ActionApprove, ActionReject, ActionRestartStage}
}

// needsStage reports whether an action names a stage.
func needsStage(action string) bool {
	return action == ActionApprove || action == ActionReject || action == ActionRestartStage
}

// Errors a Backend wraps so that the handler answers with the right code.
var (
	// ErrNotFound marks an unknown execution (404).
	ErrNotFound = errors.New("execution not found")
	// ErrRefused marks a control the workflow refused (409).
	ErrRefused = errors.New("control refused")
)

// RefusedError is a refused control with the reason the page shows. It
// matches ErrRefused with errors.Is.
type RefusedError struct {
	// Reason says why, for a person: "stage approve is not suspended".
	Reason string
}

// Refused returns a *RefusedError with the given reason.
func Refused(reason string) error { return &RefusedError{Reason: reason} }

// Error returns the reason.
func (e *RefusedError) Error() string { return "control refused: " + e.Reason }

// Is reports whether target is ErrRefused.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }
