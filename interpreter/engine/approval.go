package engine

import "github.com/stabilize-go/stabilize/model"

// Context keys read by the approval task (semantics §10.2, §10.3).
const (
	// KeySignalName is the name of the last signal delivered to a stage.
	KeySignalName = "_signal_name"
	// KeySignalData is the data of the last signal delivered to a stage.
	KeySignalData = "_signal_data"
)

// Approval signal names and the message of a rejection.
const (
	// ApprovalSignalApprove is the _signal_name of an approve decision.
	ApprovalSignalApprove = "approve"
	// ApprovalSignalReject is the _signal_name of a reject decision.
	ApprovalSignalReject = "reject"
	// ApprovalRejected is the error message of a rejection.
	ApprovalRejected = "Approval rejected"
)

// ApprovalResult is the approval built-in task (semantics §10.3, SIG-4),
// evaluated over the stage context ctx:
//
//	_signal_name   result
//	"approve"      SUCCEEDED, outputs {approved: true, approval: _signal_data}
//	"reject"       TERMINAL "Approval rejected", context {approved: false,
//	               approval: _signal_data}; with approval_reject_continues
//	               truthy, FAILED_CONTINUE with those values as outputs
//	anything else  SUSPENDED (wait for a signal)
//
// As in Stabilize, _signal_name is never cleared, so an approval task that
// runs again (after a jump or restart) decides again at once; a definition
// resets it through jump context. _signal_data is deep-copied into the
// result.
func ApprovalResult(ctx map[string]any) model.TaskResult {
	data := model.CloneValue(ctx[KeySignalData])
	switch ctx[KeySignalName] {
	case ApprovalSignalApprove:
		return model.Success(map[string]any{"approved": true, "approval": data})
	case ApprovalSignalReject:
		values := map[string]any{"approved": false, "approval": data}
		if jsonFlag(ctx, model.KeyApprovalRejectContinues) {
			return model.TaskResult{Status: model.StatusFailedContinue, Error: ApprovalRejected,
				Outputs: values, ExceptionDetails: map[string]any{"error": ApprovalRejected}}
		}
		res := model.Terminal(ApprovalRejected)
		res.Context = values
		return res
	}
	return model.TaskResult{Status: model.StatusSuspended}
}
