package bench

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/interpreter"
)

// scaleFlag picks TestScale's sizes: "ci" (the default) runs in well under
// a minute; "full" runs the sizes and takes many minutes.
var scaleFlag = flag.String("scale", "ci", `TestScale sizes: "ci" (small, < 60 s) or "full" (10,000-stage chain, 10,000-wide, 2,000-wide under the pending cap)`)

// scaleCase is one TestScale run.
type scaleCase struct {
	shape Shape
	// minRuns is the fewest workflow runs the execution must span, i.e.
	// continue-as-new crossings + 1.
	minRuns int
}

// scaleCases returns the cases for the -scale flag. Every case crosses
// continue-as-new several times (RunOptions.ContinueAsNewAfterEvents) and
// the wide ones run under RunOptions.MaxPendingTasks.
func scaleCases(t *testing.T) []scaleCase {
	switch *scaleFlag {
	case "ci":
		return []scaleCase{
			{Shape{Name: "chain-120", Kind: KindChain, Size: 120,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: 200}}, 3},
			{Shape{Name: "wide-1-200-1", Kind: KindFan, Size: 200,
				RunOptions: interpreter.RunOptions{MaxPendingTasks: 40, ContinueAsNewAfterEvents: 200}}, 3},
			{Shape{Name: "http-1+60", Kind: KindHTTPFan, Size: 60,
				RunOptions: interpreter.RunOptions{MaxPendingTasks: 16, ContinueAsNewAfterEvents: 150}}, 2},
		}
	case "full":
		// Cheapest first, so that a time-limited run still reports some.
		return []scaleCase{
			{Shape{Name: "wide-1-2000-1", Kind: KindFan, Size: 2000,
				RunOptions: interpreter.RunOptions{MaxPendingTasks: 1000, ContinueAsNewAfterEvents: 4000}}, 2},
			{Shape{Name: "wide-1-10000-1", Kind: KindFan, Size: 10000,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: 10000}}, 4},
			{Shape{Name: "chain-10000", Kind: KindChain, Size: 10000,
				RunOptions: interpreter.RunOptions{ContinueAsNewAfterEvents: 10000}}, 4},
		}
	}
	t.Fatalf(`-scale: expected "ci" or "full", got %q`, *scaleFlag)
	return nil
}

// TestScale runs large shapes through the interpreter on the devserver
// and checks that each succeeds, runs every task exactly once, crosses
// continue-as-new (semantics: long runs continue as new carrying the
// engine state) and never has more activities pending than
// MaxPendingTasks. Its timings are logged, not asserted; benchmarks live
// in BenchmarkShapes and bench/cmd.
func TestScale(t *testing.T) {
	cases := scaleCases(t)
	deadline := 10 * time.Minute
	if *scaleFlag == "full" {
		deadline = 3 * time.Hour
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	opts := Options{}
	if *scaleFlag == "full" {
		// A 10,000-stage definition is about 3 MB of JSON, over the stock
		// 2 MB payload limit.
		opts.DynamicConfig = map[string]any{"limit.blobSize.error": 64 << 20, "limit.blobSize.warn": 32 << 20}
	}
	h, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := h.Close(); err != nil {
			t.Errorf("close harness: %v", err)
		}
	}()
	for _, tc := range cases {
		t.Run("continue-as-new/"+tc.shape.Name, func(t *testing.T) {
			m, err := h.Run(ctx, tc.shape, SideInterpreter) // checks SUCCEEDED and one activity per task
			if err != nil {
				t.Fatal(err)
			}
			if m.History.Runs < tc.minRuns {
				t.Errorf("runs: got %d, want at least %d (continue-as-new after %d events)",
					m.History.Runs, tc.minRuns, tc.shape.RunOptions.ContinueAsNewAfterEvents)
			}
			if limit := tc.shape.RunOptions.MaxPendingTasks; limit > 0 && m.History.PeakPending > limit {
				t.Errorf("peak pending activities: got %d, want at most MaxPendingTasks=%d", m.History.PeakPending, limit)
			}
			t.Logf("%s: wall %s, %d events over %d runs (%.2f/task), peak pending %d, WFT time %s, CPU %s",
				tc.shape.Name, m.Wall, m.History.Events, m.History.Runs, m.EventsPerTask(),
				m.History.PeakPending, m.History.WorkflowTaskTime, m.CPU)
		})
	}
}
