package model

// TaskInput is what a task implementation receives: the wire contract of
// every task activity, whatever SDK implements it (see docs/wire-contract.md).
type TaskInput struct {
	// ExecutionID is the Stabilize execution id (the Temporal workflow id).
	ExecutionID string `json:"execution_id"`
	// Application and Pipeline are the workflow's application and name.
	Application string `json:"application"`
	Pipeline    string `json:"pipeline"`
	// StageID, StageRefID, StageName and StageType identify the stage.
	StageID    string `json:"stage_id"`
	StageRefID string `json:"stage_ref_id"`
	StageName  string `json:"stage_name"`
	StageType  string `json:"stage_type"`
	// Task is the task being executed, as the engine sees it.
	Task TaskExecution `json:"task"`
	// Context is the stage's resolved context: ancestor outputs, then the
	// stage's own context, then reducer keys, then earlier task writes
	// (semantics §4.4).
	Context map[string]any `json:"context"`
}

// TaskResult is what a task returns: an outcome, not an error. Go errors
// from a task mean retryable infrastructure faults; TERMINAL, STOPPED and
// friends are values here.
type TaskResult struct {
	// Status is one of SUCCEEDED, RUNNING, TERMINAL, FAILED_CONTINUE,
	// SKIPPED, CANCELED, STOPPED, SUSPENDED or REDIRECT.
	Status WorkflowStatus `json:"status"`
	// Context is merged into the stage context (stage scope).
	Context map[string]any `json:"context,omitempty"`
	// Outputs is merged into the stage outputs (pipeline scope).
	Outputs map[string]any `json:"outputs,omitempty"`
	// Error is the failure message of a TERMINAL or FAILED_CONTINUE result;
	// the engine writes it to context.error.
	Error string `json:"error,omitempty"`
	// JumpTo, with Status REDIRECT, names the ref_id to jump to (semantics §8).
	JumpTo string `json:"jump_to,omitempty"`
	// ExceptionDetails are stored in the task's task_exception_details.
	ExceptionDetails map[string]any `json:"exception_details,omitempty"`
}

// Success returns a SUCCEEDED result with the given outputs.
func Success(outputs map[string]any) TaskResult {
	return TaskResult{Status: StatusSucceeded, Outputs: outputs}
}

// Terminal returns a TERMINAL result with the given message.
func Terminal(msg string) TaskResult {
	return TaskResult{Status: StatusTerminal, Error: msg, ExceptionDetails: map[string]any{"error": msg}}
}

// Running returns a RUNNING result: the task is run again after a backoff.
func Running(ctx map[string]any) TaskResult {
	return TaskResult{Status: StatusRunning, Context: ctx}
}
