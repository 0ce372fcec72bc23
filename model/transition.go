package model

import "fmt"

// transitions is the table of semantics §1.2: the targets allowed from each
// status besides the status itself. Complete statuses have no exits.
var transitions = map[WorkflowStatus][]WorkflowStatus{
	StatusNotStarted: {StatusRunning, StatusCanceled, StatusSkipped, StatusBuffered, StatusTerminal},
	StatusBuffered:   {StatusNotStarted, StatusRunning, StatusCanceled, StatusSkipped},
	StatusRunning: {StatusSucceeded, StatusFailedContinue, StatusTerminal, StatusCanceled, StatusPaused,
		StatusStopped, StatusSuspended, StatusRedirect, StatusSkipped},
	StatusPaused:    {StatusRunning, StatusCanceled, StatusStopped},
	StatusSuspended: {StatusRunning, StatusCanceled, StatusStopped},
	StatusRedirect:  {StatusRunning, StatusSucceeded, StatusCanceled},
}

// CanTransition reports whether an entity may move from current to target
// (semantics §1.2): always when they are equal, else only along the table.
func CanTransition(current, target WorkflowStatus) bool {
	if current == target {
		return true
	}
	for _, t := range transitions[current] {
		if t == target {
			return true
		}
	}
	return false
}

// InvalidStateTransitionError reports a transition that CanTransition refuses.
type InvalidStateTransitionError struct {
	EntityType string // "workflow", "stage" or "task"
	EntityID   string // may be empty
	From, To   WorkflowStatus
}

// Error names the entity, its id and both statuses.
func (e *InvalidStateTransitionError) Error() string {
	id := ""
	if e.EntityID != "" {
		id = " " + e.EntityID
	}
	return fmt.Sprintf("invalid state transition for %s%s: %s -> %s", e.EntityType, id, e.From, e.To)
}

// ValidateTransition returns an *InvalidStateTransitionError when the
// transition from current to target is not allowed, and nil otherwise.
func ValidateTransition(current, target WorkflowStatus, entityType, entityID string) error {
	if CanTransition(current, target) {
		return nil
	}
	if entityType == "" {
		entityType = "entity"
	}
	return &InvalidStateTransitionError{EntityType: entityType, EntityID: entityID, From: current, To: target}
}
