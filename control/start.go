package control

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// StartOptions say where and how a definition runs.
type StartOptions struct {
	// TaskQueue is the task queue of the workers. Required.
	TaskQueue string
	// Run are the interpreter's run options (pending-task bound,
	// continue-as-new threshold). Optional: the zero value uses the
	// interpreter's defaults.
	Run interpreter.RunOptions
}

// WorkflowOptions returns the Temporal start options of def: the workflow
// id is the definition id, and the search attributes and memo let
// `starter list` filter and show runs. The search attributes include the
// status the run starts in (interpreter.StartStatus), so the run need not
// write it in its first workflow task.
func WorkflowOptions(taskQueue string, def *model.Workflow) client.StartWorkflowOptions {
	sa := []temporal.SearchAttributeUpdate{
		temporal.NewSearchAttributeKeyKeyword(model.SearchAttrApplication).ValueSet(def.Application),
		temporal.NewSearchAttributeKeyKeyword(model.SearchAttrPipeline).ValueSet(def.Name),
		temporal.NewSearchAttributeKeyKeyword(model.SearchAttrStatus).ValueSet(interpreter.StartStatus(def).String()),
	}
	if def.PipelineConfigID != "" {
		sa = append(sa, temporal.NewSearchAttributeKeyKeyword(model.SearchAttrConfigID).ValueSet(def.PipelineConfigID))
	}
	return client.StartWorkflowOptions{
		ID:                    def.ID,
		TaskQueue:             taskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(sa...),
		Memo: map[string]any{
			model.MemoApplication: def.Application,
			model.MemoName:        def.Name,
			model.MemoTriggerUser: def.Trigger.User,
		},
	}
}

// Start starts the generic workflow for a loaded and validated definition
// and returns its run. It does not wait for the run to end.
func Start(ctx context.Context, c client.Client, opts StartOptions, def *model.Workflow) (client.WorkflowRun, error) {
	if def == nil {
		return nil, fmt.Errorf("start workflow: expected a definition, got nil")
	}
	if opts.TaskQueue == "" {
		return nil, fmt.Errorf("start workflow %s: expected a task queue, got none", def.ID)
	}
	run, err := c.ExecuteWorkflow(ctx, WorkflowOptions(opts.TaskQueue, def), model.WorkflowName,
		interpreter.Input{Definition: def, Options: opts.Run})
	if err != nil {
		return nil, fmt.Errorf("start workflow %s: %w", def.ID, err)
	}
	return run, nil
}
