package model

// Stage context keys that hold flags (semantics §4.8, §6.1). A definition
// may give them JSON booleans only (Validate rejects other types).
const (
	KeyFailPipeline                          = "failPipeline"
	KeyContinuePipelineOnFailure             = "continuePipelineOnFailure"
	KeyAllowSiblingStagesToContinueOnFailure = "allowSiblingStagesToContinueOnFailure"
	KeyCompleteOtherBranchesThenFail         = "completeOtherBranchesThenFail"
	KeyManualSkip                            = "manualSkip"
	KeyBlockingFailure                       = "_blocking_failure"
	KeyApprovalRejectContinues               = "approval_reject_continues"
)

// Other stage and workflow context keys the model and the validator read.
const (
	KeyStageEnabled   = "stageEnabled"
	KeyStageTimeoutMs = "stageTimeoutMs"
	KeyWaitTime       = "waitTime"
	KeyMaxJumps       = "_max_jumps"
	KeyMutexScope     = "mutexScope"
	KeySubWorkflow    = "_sub_workflow_config"
	KeyOutputReducers = "_output_reducers"
)

// FlagKeys lists the stage context keys whose values must be JSON booleans.
func FlagKeys() []string {
	return []string{
		KeyFailPipeline, KeyContinuePipelineOnFailure, KeyAllowSiblingStagesToContinueOnFailure,
		KeyCompleteOtherBranchesThenFail, KeyManualSkip, KeyBlockingFailure, KeyApprovalRejectContinues,
	}
}

// Flag returns the boolean stage context value of key, or def when the key
// is absent or not a boolean.
func (s *StageExecution) Flag(key string, def bool) bool {
	if b, ok := s.Context[key].(bool); ok {
		return b
	}
	return def
}

// FailPipeline reports context.failPipeline (default true): false turns a
// stage failure into STOPPED (semantics §6.2).
func (s *StageExecution) FailPipeline() bool { return s.Flag(KeyFailPipeline, true) }

// ContinuePipelineOnFailure reports context.continuePipelineOnFailure
// (default false): true turns a failure into FAILED_CONTINUE.
func (s *StageExecution) ContinuePipelineOnFailure() bool {
	return s.Flag(KeyContinuePipelineOnFailure, false)
}

// AllowSiblingStagesToContinueOnFailure reports
// context.allowSiblingStagesToContinueOnFailure (default false), read for
// synthetic stages (semantics §2.13 step 5).
func (s *StageExecution) AllowSiblingStagesToContinueOnFailure() bool {
	return s.Flag(KeyAllowSiblingStagesToContinueOnFailure, false)
}

// CompleteOtherBranchesThenFail reports context.completeOtherBranchesThenFail
// (default false): a STOPPED stage with it makes the workflow TERMINAL
// (semantics §6.6).
func (s *StageExecution) CompleteOtherBranchesThenFail() bool {
	return s.Flag(KeyCompleteOtherBranchesThenFail, false)
}
