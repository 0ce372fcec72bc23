package devserver

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
)

// chainLength is the number of sequential activities per benchmarked run.
const chainLength = 20

// benchDynamicConfigEnv names an environment variable holding a JSON object
// of extra dynamic-config overrides for the benchmark servers, for trying
// settings without editing code, e.g.
//
//	DEVSERVER_BENCH_DC='{"matching.longPollExpirationInterval":"5s"}'
const benchDynamicConfigEnv = "DEVSERVER_BENCH_DC"

// BenchmarkServer measures the embedded server's latency with Temporal's
// stock dynamic config ("plain"), with FastDynamicConfig ("fast") and with
// FastDynamicConfig on a database file ("fast-file"), one server per mode and an in-process SDK worker:
//
//   - chain: a 20-activity sequential chain of no-op activities, reported as
//     ms/activity;
//   - timer: one 1 ms durable timer, reported as ms/timer;
//   - empty: start-to-completion of an empty workflow, as ms/workflow.
func BenchmarkServer(b *testing.B) {
	overrides := map[string]any{}
	if raw := os.Getenv(benchDynamicConfigEnv); raw != "" {
		if err := json.Unmarshal([]byte(raw), &overrides); err != nil {
			b.Fatalf("%s: want a JSON object, got %q: %v", benchDynamicConfigEnv, raw, err)
		}
	}
	for k, v := range overrides {
		if f, ok := v.(float64); ok && f == math.Trunc(f) {
			overrides[k] = int(f) // integer settings reject JSON's float64
		}
	}
	for _, mode := range []struct {
		name  string
		plain bool
		file  bool
	}{{"plain", true, false}, {"fast", false, false}, {"fast-file", false, true}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			opts := Options{UIPort: -1, PlainDefaults: mode.plain, DynamicConfig: overrides}
			if mode.file {
				opts.DBFile = filepath.Join(b.TempDir(), "bench.db")
			}
			s, err := Start(ctx, opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Stop()
			c := dial(b, s)
			defer c.Close()
			w := startWorker(b, c, "bench")
			defer w.Stop() // before the server's Stop, so its polls end cleanly

			b.Run("chain", func(b *testing.B) {
				elapsed := runEach(b, c, chainWorkflow, chainLength)
				b.ReportMetric(ms(elapsed)/float64(b.N*chainLength), "ms/activity")
			})
			b.Run("timer", func(b *testing.B) {
				elapsed := runEach(b, c, timerWorkflow, time.Millisecond)
				b.ReportMetric(ms(elapsed)/float64(b.N), "ms/timer")
			})
			b.Run("empty", func(b *testing.B) {
				elapsed := runEach(b, c, emptyWorkflow)
				b.ReportMetric(ms(elapsed)/float64(b.N), "ms/workflow")
			})
		})
	}
}

// runEach runs workflow b.N times one after the other and returns the time
// they took together.
func runEach(b *testing.B, c client.Client, workflow any, args ...any) time.Duration {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		opts := client.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d-%d", b.Name(), start.UnixNano(), i), TaskQueue: "bench"}
		run, err := c.ExecuteWorkflow(ctx, opts, workflow, args...)
		if err != nil {
			b.Fatal(err)
		}
		if err := run.Get(ctx, nil); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	return elapsed
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
