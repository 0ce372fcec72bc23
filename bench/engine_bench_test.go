package bench

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// BenchmarkEngine steps the pure engine through chains, wide fans
// (1 -> N -> 1) and fan-outs without a join (1 -> N, the http-fan shape
// with every task answered at once) of 1,000 and 10,000 stages, and
// router loops of 1,000 and 10,000
// iterations, with instant completions, and reports ns/event (wall) and
// cpu-ns/event (the process's user+system CPU, GC included, which a busy
// machine disturbs less). Scheduling work per event is O(1) amortised when
// both stay flat from 1,000 to 10,000; with -v the benchmark logs that
// growth as the 10k/1k ratio of each kind (docs/performance.md, engine
// scaling; target ≤ 1.5).
func BenchmarkEngine(b *testing.B) {
	for _, kind := range []Kind{KindChain, KindFan, KindHTTPFan, KindLoop} {
		perEvent, cpuPerEvent := map[int]float64{}, map[int]float64{}
		for _, size := range []int{1000, 10000} {
			sh := Shape{Name: fmt.Sprintf("%s-%d", kind, size), Kind: kind, Size: size}
			b.Run(sh.Name, func(b *testing.B) {
				def, err := sh.Definition("")
				if err != nil {
					b.Fatal(err)
				}
				// MaxPendingTasks above the width keeps the queue out of
				// the measurement; the interpreter's cap is measured by
				// TestScale on the server.
				opts := engine.Options{MaxPendingTasks: size + 10}
				var events int
				var elapsed, cpu time.Duration
				for b.Loop() {
					d := def.Clone()
					cpu0, start := processCPU(), time.Now()
					n, status, err := DriveEngine(d, opts)
					elapsed += time.Since(start)
					cpu += processCPU() - cpu0
					if err != nil || status != model.StatusSucceeded {
						b.Fatalf("drive %s: status %s, err %v", sh.Name, status, err)
					}
					events += n
				}
				perEvent[size] = float64(elapsed.Nanoseconds()) / float64(events)
				cpuPerEvent[size] = float64(cpu.Nanoseconds()) / float64(events)
				b.ReportMetric(perEvent[size], "ns/event")
				b.ReportMetric(cpuPerEvent[size], "cpu-ns/event")
			})
		}
		if perEvent[1000] > 0 && perEvent[10000] > 0 {
			b.Logf("%s: %.0f ns/event at 1,000, %.0f at 10,000: 10k/1k ratio %.2f (CPU %.0f, %.0f: ratio %.2f)",
				kind, perEvent[1000], perEvent[10000], perEvent[10000]/perEvent[1000],
				cpuPerEvent[1000], cpuPerEvent[10000], cpuPerEvent[10000]/cpuPerEvent[1000])
		}
	}
}

// BenchmarkEngineLoopInLargeDefinition runs a 1,000-iteration router loop
// placed after a chain of 1,000 or 10,000 noop stages: each jump works out
// its reset set (§8.5), which must cost O(the loop) rather than O(the
// definition). ns/event covers the chain's events and the loop's; both
// stay flat when the jump sets are O(1) in the number of stages.
func BenchmarkEngineLoopInLargeDefinition(b *testing.B) {
	perEvent := map[int]float64{}
	for _, size := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("chain-%d+loop-1000", size), func(b *testing.B) {
			def, err := loopAfterChain(size, 1000)
			if err != nil {
				b.Fatal(err)
			}
			var events int
			var cpu time.Duration
			for b.Loop() {
				d := def.Clone()
				cpu0 := processCPU()
				n, status, err := DriveEngine(d, engine.Options{})
				cpu += processCPU() - cpu0
				if err != nil || status != model.StatusSucceeded {
					b.Fatalf("drive: status %s, err %v", status, err)
				}
				events += n
			}
			perEvent[size] = float64(cpu.Nanoseconds()) / float64(events)
			b.ReportMetric(perEvent[size], "cpu-ns/event")
		})
	}
	if perEvent[1000] > 0 && perEvent[10000] > 0 {
		b.Logf("loop after a chain: %.0f cpu-ns/event with 1,000 stages, %.0f with 10,000: ratio %.2f",
			perEvent[1000], perEvent[10000], perEvent[10000]/perEvent[1000])
	}
}

// loopAfterChain is a chain of n noop stages followed by the loop shape's
// body and router, which jumps back to the body until it has run iterations
// times.
func loopAfterChain(n, iterations int) (*model.Workflow, error) {
	var stages []map[string]any
	for i := range n {
		s := map[string]any{"ref_id": fmt.Sprintf("S%d", i), "type": model.TaskNoop}
		if i > 0 {
			s["requisite_stage_ref_ids"] = []string{fmt.Sprintf("S%d", i-1)}
		}
		stages = append(stages, s)
	}
	when := fmt.Sprintf("(_jump_count if _jump_count is not None else 0) < %d", iterations-1)
	stages = append(stages,
		map[string]any{"ref_id": "body", "type": model.TaskNoop, "requisite_stage_ref_ids": []string{fmt.Sprintf("S%d", n-1)}},
		map[string]any{"ref_id": "route", "type": model.TaskRouter, "requisite_stage_ref_ids": []string{"body"},
			"context": map[string]any{"routes": []any{map[string]any{"when": when, "jump_to": "body"}}}})
	data, err := json.Marshal(map[string]any{"application": "bench", "name": "loop-after-chain",
		"context": map[string]any{"_max_jumps": iterations + 10}, "stages": stages})
	if err != nil {
		return nil, fmt.Errorf("encode loop-after-chain: %w", err)
	}
	return model.Load("loop-after-chain.json", data)
}
