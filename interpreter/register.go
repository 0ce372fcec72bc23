package interpreter

import (
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// Register registers StabilizeWorkflow under model.WorkflowName, the
// global-mutex LockWorkflow under LockWorkflowName and the concurrency
// coordinator ConcurrencyWorkflow under ConcurrencyWorkflowName. Task
// activities are registered separately, each under its implementing_class.
func Register(r worker.WorkflowRegistry) {
	r.RegisterWorkflowWithOptions(StabilizeWorkflow, workflow.RegisterOptions{Name: model.WorkflowName})
	r.RegisterWorkflowWithOptions(LockWorkflow, workflow.RegisterOptions{Name: LockWorkflowName})
	r.RegisterWorkflowWithOptions(ConcurrencyWorkflow, workflow.RegisterOptions{Name: ConcurrencyWorkflowName})
}
