package model

import "fmt"

// WorkflowStatus is the status of a workflow, a stage or a task. The same
// enum serves all three, as in Stabilize. Its JSON form is the upper-case
// name ("SUCCEEDED"), never a number.
type WorkflowStatus uint8

// The statuses of Stabilize, in the order of the seed.
const (
	StatusNotStarted WorkflowStatus = iota
	StatusRunning
	StatusPaused
	StatusSuspended
	StatusSucceeded
	StatusFailedContinue
	StatusTerminal
	StatusCanceled
	StatusRedirect
	StatusStopped
	StatusSkipped
	StatusBuffered
	numStatuses
)

var statusNames = [numStatuses]string{
	"NOT_STARTED", "RUNNING", "PAUSED", "SUSPENDED", "SUCCEEDED", "FAILED_CONTINUE",
	"TERMINAL", "CANCELED", "REDIRECT", "STOPPED", "SKIPPED", "BUFFERED",
}

// AllStatuses lists every status in declaration order.
func AllStatuses() []WorkflowStatus {
	out := make([]WorkflowStatus, numStatuses)
	for i := range out {
		out[i] = WorkflowStatus(i)
	}
	return out
}

// String returns the status name, e.g. "SUCCEEDED".
func (s WorkflowStatus) String() string {
	if s < numStatuses {
		return statusNames[s]
	}
	return fmt.Sprintf("WorkflowStatus(%d)", uint8(s))
}

// ParseStatus returns the status with the given upper-case name.
func ParseStatus(name string) (WorkflowStatus, error) {
	for i, n := range statusNames {
		if n == name {
			return WorkflowStatus(i), nil
		}
	}
	return 0, fmt.Errorf("unknown status %q: expected one of %v", name, statusNames)
}

// MarshalText encodes the status as its name.
func (s WorkflowStatus) MarshalText() ([]byte, error) {
	if s >= numStatuses {
		return nil, fmt.Errorf("marshal status: invalid value %d", uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a status name.
func (s *WorkflowStatus) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// IsComplete reports whether the entity has finished its work, successfully
// or not: SUCCEEDED, FAILED_CONTINUE, TERMINAL, CANCELED, STOPPED, SKIPPED.
func (s WorkflowStatus) IsComplete() bool {
	switch s {
	case StatusSucceeded, StatusFailedContinue, StatusTerminal, StatusCanceled, StatusStopped, StatusSkipped:
		return true
	}
	return false
}

// IsHalt reports an abnormal completion after which nothing downstream may
// run: TERMINAL, CANCELED, STOPPED.
func (s WorkflowStatus) IsHalt() bool {
	return s == StatusTerminal || s == StatusCanceled || s == StatusStopped
}

// IsSuccessful reports SUCCEEDED or SKIPPED.
func (s WorkflowStatus) IsSuccessful() bool {
	return s == StatusSucceeded || s == StatusSkipped
}

// IsFailure reports TERMINAL, STOPPED or FAILED_CONTINUE (not CANCELED).
func (s WorkflowStatus) IsFailure() bool {
	return s == StatusTerminal || s == StatusStopped || s == StatusFailedContinue
}

// IsSkipped reports SKIPPED.
func (s WorkflowStatus) IsSkipped() bool { return s == StatusSkipped }

// IsDirty reports an entity that is mid-execution: RUNNING or REDIRECT.
func (s WorkflowStatus) IsDirty() bool { return s == StatusRunning || s == StatusRedirect }

// IsContinuable reports a status after which downstream stages may proceed:
// SUCCEEDED, FAILED_CONTINUE, SKIPPED, REDIRECT (semantics §0).
func (s WorkflowStatus) IsContinuable() bool {
	return s == StatusSucceeded || s == StatusFailedContinue || s == StatusSkipped || s == StatusRedirect
}

// IsActive reports NOT_STARTED, RUNNING, PAUSED or SUSPENDED (semantics §0).
func (s WorkflowStatus) IsActive() bool {
	return s == StatusNotStarted || s == StatusRunning || s == StatusPaused || s == StatusSuspended
}
