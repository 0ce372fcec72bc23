package interpreter

import (
	"errors"
	"fmt"
	"math"

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
	depth, maxDepth, err := s.recursionBounds(c.Input.Context)
	if err != nil {
		s.finishTask(c.Task, model.Terminal(err.Error()))
		return
	}
	if depth >= maxDepth {
		s.finishTask(c.Task, model.Terminal(fmt.Sprintf("Maximum recursion depth (%d) exceeded", maxDepth)))
		return
	}
	parentID := s.executionID()
	childID := parentID + "/" + c.Task.String()
	def, err := childDefinition(c.Input.Context[keySubWorkflowConfig], childID, parentID, depth+1, maxDepth)
	if err != nil {
		s.finishTask(c.Task, model.Terminal(err.Error()))
		return
	}
	opts := s.in.Options
	if maxDepth != opts.maxDepth() {
		// The child's synthetic stages carry no recursion keys: they
		// fall back to the run's bound, which must be this one.
		opts.MaxDepth = maxDepth
	}
	ctx, cancel := workflow.WithCancel(s.dctx)
	ctx = workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:        childID,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_REQUEST_CANCEL,
		StaticSummary:     c.Summary,
	})
	f := workflow.ExecuteChildWorkflow(ctx, model.WorkflowName, Input{
		Definition: def,
		Options:    opts,
		Depth:      depth + 1,
	})
	s.tasks[c.Task] = cancel
	s.sel.AddFuture(f, func(f workflow.Future) {
		delete(s.tasks, c.Task)
		var out *model.Workflow
		err := f.Get(s.dctx, &out)
		s.finishTask(c.Task, childResult(childID, out, err))
	})
}

// stageDepthChangeID names the GetVersion marker from which a sub_workflow
// task reads its recursion depth and bound from the stage context
// (_recursion_depth, _max_recursion_depth; semantics §11.1). Before it, both
// came from the run (Input.Depth, RunOptions.MaxDepth). The marker is read
// only when the context names values that differ from the run's, so a run
// whose stages carry no such keys, or the copies a parent wrote into its
// child's stages, records none.
const stageDepthChangeID = "sub-workflow-stage-depth"

// stageDepthVersion is the version of stageDepthChangeID from which the
// stage context's recursion keys count.
const stageDepthVersion workflow.Version = 1

// recursionBounds returns the depth and bound of a sub_workflow task: the
// stage context's _recursion_depth and _max_recursion_depth when set, else
// the run's depth and RunOptions.MaxDepth (or its default). A run recorded
// before stageDepthChangeID keeps the run's values.
func (s *shell) recursionBounds(ctx map[string]any) (depth, maxDepth int, err error) {
	runDepth, runMax := s.in.Depth, s.in.Options.maxDepth()
	depth, maxDepth, err = stageRecursionBounds(ctx, runDepth, runMax)
	if err != nil || (depth == runDepth && maxDepth == runMax) {
		return depth, maxDepth, err
	}
	if workflow.GetVersion(s.ctx, stageDepthChangeID, workflow.DefaultVersion, stageDepthVersion) < stageDepthVersion {
		return runDepth, runMax, nil
	}
	return depth, maxDepth, nil
}

// stageRecursionBounds reads _recursion_depth and _max_recursion_depth
// from a stage's resolved context, with the given defaults for absent (or
// null) keys (semantics §11.1). A value that is not a whole number, or a
// negative depth or a bound below 1, is an error naming the key.
func stageRecursionBounds(ctx map[string]any, defDepth, defMax int) (depth, maxDepth int, err error) {
	depth, err = contextInt(ctx, keyRecursionDepth, defDepth, 0)
	if err != nil {
		return 0, 0, err
	}
	maxDepth, err = contextInt(ctx, keyMaxRecursionDepth, defMax, 1)
	if err != nil {
		return 0, 0, err
	}
	return depth, maxDepth, nil
}

// contextInt reads a whole number of at least low from ctx[key], or def
// when the key is absent or null.
func contextInt(ctx map[string]any, key string, def, low int) (int, error) {
	raw, ok := ctx[key]
	if !ok || raw == nil {
		return def, nil
	}
	f, ok := model.Float(raw)
	if !ok || f != math.Trunc(f) || f < float64(low) || f > math.MaxInt32 {
		return 0, fmt.Errorf("sub_workflow: %s: expected a whole number >= %d, got %#v", key, low, raw)
	}
	return int(f), nil
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
