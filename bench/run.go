package bench

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// Measurement is the outcome of one run of one side of a shape.
type Measurement struct {
	// Shape and Side say what ran.
	Shape string
	Side  Side
	// Tasks is Shape.Tasks(): the divisor of EventsPerTask.
	Tasks int
	// Wall is the time from the start request to the result.
	Wall time.Duration
	// History sums the histories of every run of the execution.
	History HistoryStats
	// CPU is the process's user+system CPU time during the run. Server,
	// worker and client share the process, so it covers all three.
	CPU time.Duration
	// PeakRSS is the process's peak resident set size in bytes during the
	// run (since the run began when PeakRSSReset, else since the process
	// started).
	PeakRSS int64
	// PeakRSSReset says whether the peak could be reset before the run.
	PeakRSSReset bool
}

// EventsPerTask returns history events per activity task.
func (m Measurement) EventsPerTask() float64 {
	if m.Tasks == 0 {
		return 0
	}
	return float64(m.History.Events) / float64(m.Tasks)
}

// runSeq makes workflow ids unique within the process.
var runSeq atomic.Int64

// Run executes one side of a shape once, waits for it to succeed, and
// measures it. A run that does not succeed, or that executes another
// number of tasks (regular or local activities) than the shape has, is an
// error.
func (h *Harness) Run(ctx context.Context, sh Shape, side Side) (Measurement, error) {
	m, _, err := h.run(ctx, sh, side)
	return m, err
}

// run is Run that also returns the history of every run of the execution.
func (h *Harness) run(ctx context.Context, sh Shape, side Side) (Measurement, []*historypb.History, error) {
	m := Measurement{Shape: sh.Name, Side: side, Tasks: sh.Tasks()}
	if !side.appliesTo(sh) {
		return m, nil, fmt.Errorf("run %s as %s: the shape has http tasks, which cannot run inline", sh.Name, side)
	}
	id := fmt.Sprintf("bench-%s-%s-%d-%d", sh.Name, side, time.Now().UnixNano(), runSeq.Add(1))
	opts := client.StartWorkflowOptions{ID: id, TaskQueue: h.queue}
	var (
		workflow string
		arg      any
	)
	if side.interpreted() {
		if side == SideInterpreterRegular {
			sh.Regular = true
		}
		def, err := sh.Definition(h.TargetURL())
		if err != nil {
			return m, nil, err
		}
		// Started as the starter starts a definition: with its search
		// attributes and memo (control.WorkflowOptions).
		opts = control.WorkflowOptions(h.queue, def)
		opts.ID = id
		workflow, arg = model.WorkflowName, interpreter.Input{Definition: def, Options: sh.RunOptions}
	} else {
		workflow, arg = TwinWorkflowName, TwinInput{Kind: sh.Kind, Size: sh.Size, Mode: side.mode(), URL: h.TargetURL()}
	}

	m.PeakRSSReset = resetPeakRSS()
	cpu0, t0 := processCPU(), time.Now()
	run, err := h.client.ExecuteWorkflow(ctx, opts, workflow, arg)
	if err != nil {
		return m, nil, fmt.Errorf("start %s as %s: %w", sh.Name, side, err)
	}
	firstRun := run.GetRunID() // Get moves GetRunID to the last run of a continue-as-new chain
	if err := checkResult(ctx, run, side); err != nil {
		return m, nil, fmt.Errorf("run %s as %s (workflow %s): %w%s", sh.Name, side, id, err, h.closeReason(ctx, id))
	}
	m.Wall, m.CPU, m.PeakRSS = time.Since(t0), processCPU()-cpu0, peakRSS()

	runs, err := readHistories(ctx, h.client, id, firstRun)
	if err != nil {
		return m, nil, err
	}
	if m.History, err = historyStats(runs, h.dc); err != nil {
		return m, runs, fmt.Errorf("history of %s: %w", id, err)
	}
	if want, got := wantTasks(sh, side), m.History.TasksExcept(model.TaskRouter); got != want {
		return m, runs, fmt.Errorf("run %s as %s (workflow %s): expected %d tasks, history has %d (%d regular, %d local, by type %v) in %d runs",
			sh.Name, side, id, want, got, m.History.Activities, m.History.LocalActivities, m.History.TaskTypes, m.History.Runs)
	}
	return m, runs, nil
}

// checkResult waits for the run and checks that it succeeded.
func checkResult(ctx context.Context, run client.WorkflowRun, side Side) error {
	if !side.interpreted() {
		var ran int
		return run.Get(ctx, &ran)
	}
	var final model.Workflow
	if err := run.Get(ctx, &final); err != nil {
		return err
	}
	if final.Status != model.StatusSucceeded {
		return fmt.Errorf("expected status SUCCEEDED, got %s", final.Status)
	}
	return nil
}

// wantTasks is the number of activities, regular or local, a side runs
// for a shape (routers, evaluated by the interpreter, not counted).
func wantTasks(sh Shape, side Side) int {
	if side == SideHandWrittenInline { // every task is a function call
		return 0
	}
	return sh.Tasks()
}

// closeReason describes how the last run of workflow id closed when the
// server terminated or timed it out (the SDK error says only
// "terminated"), or returns "".
func (h *Harness) closeReason(ctx context.Context, id string) string {
	it := h.client.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return ""
		}
		if a := ev.GetWorkflowExecutionTerminatedEventAttributes(); a != nil {
			return fmt.Sprintf(" (terminated by %q: %s)", a.GetIdentity(), a.GetReason())
		}
	}
	return ""
}
