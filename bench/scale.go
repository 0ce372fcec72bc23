package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stabilize-go/stabilize/interpreter"
)

// Scale sizes accepted by ScaleCases.
const (
	// ScaleCI is small enough for CI: well under a minute once built.
	ScaleCI = "ci"
	// ScaleFull is the performance issue's sizes: 10,000-stage chain,
	// 10,000-wide fan, 2,000-wide fan under the pending cap, and a
	// 10,000-iteration loop. It takes many minutes.
	ScaleFull = "full"
)

// ScaleCase is one scale run: a shape run by the interpreter with its
// RunOptions, and the fewest workflow runs it must span.
type ScaleCase struct {
	Shape Shape
	// MinRuns is the fewest workflow runs the execution must span, i.e.
	// continue-as-new crossings + 1.
	MinRuns int
}

// ScaleCases returns the cases of one size, ScaleCI or ScaleFull.
//
// A "-regular" case runs its noop stages as regular activities
// (Shape.Regular): its history grows by about six events per task, one
// workflow task at a time, so ContinueAsNewAfterEvents makes it cross
// continue-as-new a known number of times (MinRuns) and the wide ones show
// the MaxPendingTasks cap in the history. The other cases run the
// interpreter's default, noop as a local activity: many tasks complete
// inside one workflow task (the SDK heartbeats a long one every ≈ 8 s);
// continue-as-new counts their markers before the workflow task records
// them (interpreter/history_estimate.go), so they cross it too, which
// chain-300 pins and the full cases report. Full cases come cheapest
// first, so that a time-limited run still reports some.
func ScaleCases(size string) ([]ScaleCase, error) {
	switch size {
	case ScaleCI:
		return []ScaleCase{
			{Shape{Name: "chain-120-regular", Kind: KindChain, Size: 120, Regular: true,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: 200}}, 3},
			{Shape{Name: "wide-1-200-1-regular", Kind: KindFan, Size: 200, Regular: true,
				RunOptions: interpreter.RunOptions{MaxPendingTasks: 40, ContinueAsNewAfterEvents: 200}}, 3},
			{Shape{Name: "http-1+60", Kind: KindHTTPFan, Size: 60,
				RunOptions: interpreter.RunOptions{MaxPendingTasks: 16, ContinueAsNewAfterEvents: 150}}, 2},
			{Shape{Name: "loop-150-regular", Kind: KindLoop, Size: 150, Regular: true,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: 200}}, 3},
			// Local noops: continue-as-new counts the markers of the
			// current workflow task (interpreter/history_estimate.go), so
			// the 300 tasks (≈ 320 events) span 2 runs, the first ≈ 210
			// events; before the "history-estimate" version they ran in 1.
			{Shape{Name: "chain-300", Kind: KindChain, Size: 300,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: 200}}, 2},
		}, nil
	case ScaleFull:
		const can = 10000 // continue as new after this many events
		return []ScaleCase{
			{Shape{Name: "wide-1-2000-1-regular", Kind: KindFan, Size: 2000, Regular: true,
				RunOptions: interpreter.RunOptions{MaxPendingTasks: 1000, ContinueAsNewAfterEvents: 4000}}, 2},
			{Shape{Name: "chain-10000", Kind: KindChain, Size: 10000,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: can}}, 1},
			{Shape{Name: "wide-1-10000-1", Kind: KindFan, Size: 10000,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: can}}, 1},
			{Shape{Name: "loop-10000", Kind: KindLoop, Size: 10000,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: can}}, 1},
			{Shape{Name: "wide-1-10000-1-regular", Kind: KindFan, Size: 10000, Regular: true,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: can}}, 4},
			{Shape{Name: "chain-10000-regular", Kind: KindChain, Size: 10000, Regular: true,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: can}}, 4},
			{Shape{Name: "loop-10000-regular", Kind: KindLoop, Size: 10000, Regular: true,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: can}}, 4},
		}, nil
	}
	return nil, fmt.Errorf("scale size: expected %q or %q, got %q", ScaleCI, ScaleFull, size)
}

// SelectScaleCases keeps the cases whose shape is named in names (all when
// names is empty), in the order of cases.
func SelectScaleCases(cases []ScaleCase, names []string) ([]ScaleCase, error) {
	if len(names) == 0 {
		return cases, nil
	}
	named := func(name string) func(ScaleCase) bool {
		return func(c ScaleCase) bool { return c.Shape.Name == name }
	}
	for _, name := range names {
		if !slices.ContainsFunc(cases, named(name)) {
			var known []string
			for _, c := range cases {
				known = append(known, c.Shape.Name)
			}
			return nil, fmt.Errorf("unknown scale case %q: expected one of %v", name, known)
		}
	}
	return slices.DeleteFunc(slices.Clone(cases), func(c ScaleCase) bool {
		return !slices.Contains(names, c.Shape.Name)
	}), nil
}

// Options describes the case's task mode and RunOptions for a report, e.g.
// "noop as regular activities, MaxPendingTasks 40, continue as new after
// 200 events".
func (c ScaleCase) Options() string {
	var parts []string
	if c.Shape.Regular {
		parts = append(parts, "noop as regular activities")
	}
	if n := c.Shape.RunOptions.MaxPendingTasks; n > 0 {
		parts = append(parts, fmt.Sprintf("MaxPendingTasks %d", n))
	}
	if n := c.Shape.RunOptions.ContinueAsNewAfterEvents; n > 0 {
		parts = append(parts, fmt.Sprintf("continue as new after %d events", n))
	}
	if len(parts) == 0 {
		return "defaults"
	}
	return strings.Join(parts, ", ")
}

// ScaleResult is the outcome of one scale run.
type ScaleResult struct {
	Case ScaleCase
	// Measurement is the run's measurement (wall time, history, CPU).
	Measurement Measurement
	// Replay is the time to replay every run of its history.
	Replay ReplayStats
}

// Scale runs one case with the interpreter, replays its recorded history
// (every run) with worker.NewWorkflowReplayer, and checks that it
// succeeded with one activity per task (Run), spans at least MinRuns
// runs, and never had more activities pending than MaxPendingTasks. On a
// failed check it returns the result with an error naming what was
// expected. Timings are measured, never asserted.
func (h *Harness) Scale(ctx context.Context, c ScaleCase) (ScaleResult, error) {
	res := ScaleResult{Case: c}
	m, runs, err := h.run(ctx, c.Shape, SideInterpreter)
	res.Measurement = m
	if err != nil {
		return res, err
	}
	if res.Replay, err = Replay(runs, h.dc, h.fc); err != nil {
		return res, fmt.Errorf("scale %s: %w", c.Shape.Name, err)
	}
	var errs []error
	if m.History.Runs < c.MinRuns {
		errs = append(errs, fmt.Errorf("scale %s: expected at least %d runs (%s), got %d",
			c.Shape.Name, c.MinRuns, c.Options(), m.History.Runs))
	}
	if limit := c.Shape.RunOptions.MaxPendingTasks; limit > 0 && m.History.PeakPending > limit {
		errs = append(errs, fmt.Errorf("scale %s: expected at most MaxPendingTasks=%d activities pending, peak was %d",
			c.Shape.Name, limit, m.History.PeakPending))
	}
	return res, errors.Join(errs...)
}
