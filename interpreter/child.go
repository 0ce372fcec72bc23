package interpreter

import (
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// Context keys of the sub_workflow task (semantics §11.1).
const (
	keySubWorkflowConfig  = "_sub_workflow_config"
	keyRecursionDepth     = "_recursion_depth"
	keyMaxRecursionDepth  = "_max_recursion_depth"
	keyParentWorkflowID   = "_parent_workflow_id"
	keySubWorkflowID      = "sub_workflow_id"
	keySubWorkflowStatus  = "sub_workflow_status"
	keySubWorkflowOutputs = "sub_workflow_outputs"
)

// startChild runs a sub_workflow task as a child workflow of the same
// generic type (semantics §11.1, Go rule). The child's id is derived from
// the parent's execution id and the TaskRef, so it is the same on replay; the
// parent's close requests the child's cancellation.
func (s *shell) startChild(c engine.RunTask) {
	maxDepth := s.in.Options.maxDepth()
	if s.in.Depth >= maxDepth {
		s.finishTask(c.Task, model.Terminal(fmt.Sprintf("Maximum recursion depth (%d) exceeded", maxDepth)))
		return
	}
	parentID := s.executionID()
	childID := parentID + "/" + c.Task.String()
	def, err := childDefinition(c.Input.Context[keySubWorkflowConfig], childID, parentID, s.in.Depth+1, maxDepth)
	if err != nil {
		s.finishTask(c.Task, model.Terminal(err.Error()))
		return
	}
	ctx, cancel := workflow.WithCancel(s.dctx)
	ctx = workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        childID,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		StaticSummary:     c.Summary,
	})
	f := workflow.ExecuteChildWorkflow(ctx, model.WorkflowName, Input{
		Definition: def,
		Options:    s.in.Options,
		Depth:      s.in.Depth + 1,
	})
	s.tasks[c.Task] = cancel
	s.sel.AddFuture(f, func(f workflow.Future) {
		delete(s.tasks, c.Task)
		var out *model.Workflow
		err := f.Get(s.dctx, &out)
		s.finishTask(c.Task, childResult(childID, out, err))
	})
}

// executionID is the Stabilize execution id: the definition's id, which
// the starter also uses as the Temporal workflow id. Child ids derive from
// it rather than from workflow.GetInfo, so that a replayer, which runs the
// history under a made-up workflow id, issues the same child ids.
func (s *shell) executionID() string {
	switch {
	case s.in.State != nil && s.in.State.Workflow != nil && s.in.State.Workflow.ID != "":
		return s.in.State.Workflow.ID
	case s.in.Definition != nil && s.in.Definition.ID != "":
		return s.in.Definition.ID
	}
	return workflow.GetInfo(s.ctx).WorkflowExecution.ID
}

// childResult maps a child's outcome to the sub_workflow task's result:
// SUCCEEDED with the child's id, status and get_context() as outputs, or
// TERMINAL "Child workflow failed with status X" (semantics §11.1).
func childResult(childID string, out *model.Workflow, err error) model.TaskResult {
	if err == nil {
		status := model.StatusSucceeded
		outputs := map[string]any{}
		if out != nil {
			status = out.Status
			outputs = out.GetContext()
		}
		return model.Success(map[string]any{
			keySubWorkflowID:      childID,
			keySubWorkflowStatus:  status.String(),
			keySubWorkflowOutputs: outputs,
		})
	}
	status := model.StatusTerminal.String()
	var appErr *temporal.ApplicationError
	switch {
	case temporal.IsCanceledError(err):
		status = model.StatusCanceled.String()
	case errors.As(err, &appErr):
		if _, perr := model.ParseStatus(appErr.Type()); perr == nil {
			status = appErr.Type()
		}
	}
	res := model.Terminal(fmt.Sprintf("Child workflow failed with status %s", status))
	res.Context = map[string]any{keySubWorkflowID: childID, keySubWorkflowStatus: status}
	res.ExceptionDetails["cause"] = err.Error()
	return res
}
