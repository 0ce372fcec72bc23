package cli

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// startOptions returns the start options of a definition: the workflow id
// is the definition id, and the search attributes and memo let `list`
// filter and show runs.
func startOptions(cfg config.Config, wf *model.Workflow) client.StartWorkflowOptions {
	sa := []temporal.SearchAttributeUpdate{
		temporal.NewSearchAttributeKeyKeyword(model.SearchAttrApplication).ValueSet(wf.Application),
		temporal.NewSearchAttributeKeyKeyword(model.SearchAttrPipeline).ValueSet(wf.Name),
	}
	if wf.PipelineConfigID != "" {
		sa = append(sa, temporal.NewSearchAttributeKeyKeyword(model.SearchAttrConfigID).ValueSet(wf.PipelineConfigID))
	}
	return client.StartWorkflowOptions{
		ID:                    wf.ID,
		TaskQueue:             cfg.TaskQueue,
		TypedSearchAttributes: temporal.NewSearchAttributes(sa...),
		Memo: map[string]any{
			model.MemoApplication: wf.Application,
			model.MemoName:        wf.Name,
			model.MemoTriggerUser: wf.Trigger.User,
		},
	}
}

// runOptions returns the run options that the engine config keys set.
func runOptions(cfg config.Config) interpreter.RunOptions {
	return interpreter.RunOptions{
		MaxPendingTasks:          cfg.Engine.MaxPendingTasks,
		ContinueAsNewAfterEvents: cfg.Engine.ContinueAsNewEvents,
	}
}

// submit starts the generic workflow for wf.
func submit(ctx context.Context, c client.Client, cfg config.Config, wf *model.Workflow) (client.WorkflowRun, error) {
	run, err := c.ExecuteWorkflow(ctx, startOptions(cfg, wf), model.WorkflowName,
		interpreter.Input{Definition: wf, Options: runOptions(cfg)})
	if err != nil {
		return nil, fmt.Errorf("start workflow %s on %s: %w", wf.ID, cfg.DialAddress(), err)
	}
	return run, nil
}
