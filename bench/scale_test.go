package bench

import (
	"context"
	"flag"
	"strings"
	"testing"
	"time"
)

// scaleFlag picks TestScale's sizes (ScaleCases): "ci" (the default) runs
// in well under a minute; "full" runs the sizes and takes many
// minutes.
var scaleFlag = flag.String("scale", ScaleCI, `TestScale sizes: "ci" (small, < 60 s) or "full" (2,000-wide under the pending cap, 10,000-iteration loop, 10,000-wide, 10,000-stage chain)`)

// scaleCasesFlag narrows TestScale to some cases by name.
var scaleCasesFlag = flag.String("scale-cases", "", "comma-separated TestScale case names (default: every case of -scale)")

// TestScale runs large shapes through the interpreter on the devserver
// (Harness.Scale) and checks that each succeeds, runs every task exactly
// once, crosses continue-as-new (semantics: long runs continue as new
// carrying the engine state), never has more activities pending than
// MaxPendingTasks, and that its recorded history replays against the
// current code. Timings and replay speed are logged, not asserted;
// benchmarks live in BenchmarkShapes and bench/cmd.
func TestScale(t *testing.T) {
	cases, err := ScaleCases(*scaleFlag)
	if err != nil {
		t.Fatal(err)
	}
	if *scaleCasesFlag != "" {
		if cases, err = SelectScaleCases(cases, strings.Split(*scaleCasesFlag, ",")); err != nil {
			t.Fatal(err)
		}
	}
	deadline := 10 * time.Minute
	if *scaleFlag == ScaleFull {
		deadline = 3 * time.Hour
	}
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	h, err := Start(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := h.Close(); err != nil {
			t.Errorf("close harness: %v", err)
		}
	}()
	for _, c := range cases {
		t.Run("continue-as-new/"+c.Shape.Name, func(t *testing.T) {
			res, err := h.Scale(ctx, c)
			var line strings.Builder
			_ = res.WriteLine(&line)
			t.Logf("%s  (%s; bytes per run %v)", strings.TrimSpace(line.String()), c.Options(), res.Measurement.History.RunBytes)
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
