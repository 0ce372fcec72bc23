package devserver

import (
	"context"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// Hand-written workflows and activities shared by the tests and benchmarks.

// greetActivity is the trivial activity of the tests.
func greetActivity(_ context.Context, name string) (string, error) {
	return "hello, " + name, nil
}

// noopActivity does nothing, so benchmarks measure only the server path.
func noopActivity(context.Context) error { return nil }

// greetWorkflow runs greetActivity once and marks itself with the
// StabilizeStatus search attribute, so tests see attributes work end to end.
func greetWorkflow(ctx workflow.Context, name string) (string, error) {
	status := temporal.NewSearchAttributeKeyKeyword(model.SearchAttrStatus)
	if err := workflow.UpsertTypedSearchAttributes(ctx, status.ValueSet("SUCCEEDED")); err != nil {
		return "", err
	}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	var out string
	err := workflow.ExecuteActivity(ctx, greetActivity, name).Get(ctx, &out)
	return out, err
}

// chainWorkflow runs n no-op activities one after the other.
func chainWorkflow(ctx workflow.Context, n int) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	for range n {
		if err := workflow.ExecuteActivity(ctx, noopActivity).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// timerWorkflow waits on one durable timer of d.
func timerWorkflow(ctx workflow.Context, d time.Duration) error {
	return workflow.Sleep(ctx, d)
}

// emptyWorkflow completes at once.
func emptyWorkflow(workflow.Context) error { return nil }
