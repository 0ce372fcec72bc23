package bench

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/model"
)

// TwinWorkflowName is the workflow type of TwinWorkflow.
const TwinWorkflowName = "BenchTwin"

// Mode is how TwinWorkflow runs each task.
type Mode uint8

// The task modes of TwinWorkflow.
const (
	// ModeActivity runs each task as a regular activity, like the
	// interpreter does.
	ModeActivity Mode = iota
	// ModeLocal runs each task as a local activity.
	ModeLocal
	// ModeInline evaluates the noop task inside the workflow (it is pure);
	// no other task may run this way.
	ModeInline
)

var modeNames = [...]string{ModeActivity: "activity", ModeLocal: "local", ModeInline: "inline"}

// String returns the mode's name, e.g. "local".
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// TwinInput is the argument of TwinWorkflow.
type TwinInput struct {
	// Kind and Size give the DAG, as for Shape.
	Kind Kind `json:"kind"`
	Size int  `json:"size"`
	// Mode says how each task runs.
	Mode Mode `json:"mode"`
	// URL is the target of http tasks.
	URL string `json:"url,omitempty"`
}

// TwinWorkflow is the hand-written twin of a shape: the same activities in
// the same DAG order as the interpreter runs them, with plain
// ExecuteActivity calls (or local activities, or in-workflow evaluation)
// and futures. It returns the number of tasks it ran, and an error when a
// task did not succeed.
func TwinWorkflow(ctx workflow.Context, in TwinInput) (int, error) {
	t := twin{ctx: ctx, in: in}
	switch in.Kind {
	case KindChain:
		for range in.Size {
			t.wait(t.call(model.TaskNoop))
		}
	case KindFan, KindHTTPFan:
		task := model.TaskNoop
		if in.Kind == KindHTTPFan {
			task = model.TaskHTTP
		}
		t.wait(t.call(model.TaskNoop))
		futures := make([]workflow.Future, in.Size)
		for i := range futures {
			futures[i] = t.call(task)
		}
		t.wait(futures...)
		if in.Kind == KindFan {
			t.wait(t.call(model.TaskNoop))
		}
	case KindLoop:
		for i := 0; t.err == nil; i++ {
			t.wait(t.call(model.TaskNoop))
			if i+1 >= in.Size { // the router's decision, evaluated in the workflow
				break
			}
		}
	default:
		return 0, temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("twin workflow: unknown kind %v", in.Kind), "InvalidInput", nil)
	}
	return t.ran, t.err
}

// twin runs the tasks of one TwinWorkflow and keeps the first failure.
type twin struct {
	ctx workflow.Context
	in  TwinInput
	ran int
	err error
}

// call starts one task in the input's mode.
func (t *twin) call(task string) workflow.Future {
	in := model.TaskInput{StageRefID: task, StageType: task, Task: model.TaskExecution{Name: task, ImplementingClass: task}}
	if task == model.TaskHTTP {
		in.Context = map[string]any{"url": t.in.URL}
	}
	opts, _ := model.ParseTaskOptions(in.Context) // the interpreter's defaults; no task_options here
	opts = opts.ForTask(task)
	retry := &temporal.RetryPolicy{
		MaximumAttempts:    opts.Retry.MaximumAttempts,
		InitialInterval:    opts.Retry.InitialInterval,
		MaximumInterval:    opts.Retry.MaximumInterval,
		BackoffCoefficient: opts.Retry.BackoffCoefficient,
	}
	switch t.in.Mode {
	case ModeLocal:
		ctx := workflow.WithLocalActivityOptions(t.ctx, workflow.LocalActivityOptions{
			StartToCloseTimeout: opts.StartToCloseTimeout, RetryPolicy: retry})
		return workflow.ExecuteLocalActivity(ctx, task, in)
	case ModeInline:
		f, set := workflow.NewFuture(t.ctx)
		if task != model.TaskNoop {
			set.Set(nil, fmt.Errorf("twin workflow: task %s cannot run inline: only noop is pure", task))
			return f
		}
		res, err := activities.Noop{}.Execute(context.Background(), in)
		set.Set(res, err)
		return f
	default:
		ctx := workflow.WithActivityOptions(t.ctx, workflow.ActivityOptions{
			StartToCloseTimeout: opts.StartToCloseTimeout, HeartbeatTimeout: opts.HeartbeatTimeout, RetryPolicy: retry})
		return workflow.ExecuteActivity(ctx, task, in)
	}
}

// wait waits for every future and records the first task that did not
// succeed.
func (t *twin) wait(futures ...workflow.Future) {
	for _, f := range futures {
		var res model.TaskResult
		err := f.Get(t.ctx, &res)
		t.ran++
		switch {
		case t.err != nil:
		case err != nil:
			t.err = fmt.Errorf("twin workflow: task %d: %w", t.ran, err)
		case res.Status != model.StatusSucceeded:
			t.err = temporal.NewNonRetryableApplicationError(
				fmt.Sprintf("twin workflow: task %d: expected SUCCEEDED, got %s: %s", t.ran, res.Status, res.Error),
				"TaskFailed", nil)
		}
	}
}
