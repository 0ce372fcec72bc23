package cli

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// startOptions returns the start options of a definition on the
// configured task queue (control.WorkflowOptions).
func startOptions(cfg config.Config, wf *model.Workflow) client.StartWorkflowOptions {
	return control.WorkflowOptions(cfg.TaskQueue, wf)
}

// runOptions returns the run options that the engine config keys set.
func runOptions(cfg config.Config) interpreter.RunOptions {
	return interpreter.RunOptions{
		MaxPendingTasks:          cfg.Engine.MaxPendingTasks,
		ContinueAsNewAfterEvents: cfg.Engine.ContinueAsNewEvents,
	}
}

// submit starts the generic workflow for wf through control.Start.
func submit(ctx context.Context, c client.Client, cfg config.Config, wf *model.Workflow) (client.WorkflowRun, error) {
	run, err := control.Start(ctx, c, control.StartOptions{TaskQueue: cfg.TaskQueue, Run: runOptions(cfg)}, wf)
	if err != nil {
		return nil, fmt.Errorf("on %s: %w", cfg.DialAddress(), err)
	}
	return run, nil
}
