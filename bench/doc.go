// Package bench measures the interpreter against hand-written Temporal
// workflows on one in-process server (devserver), and the pure engine on
// its own.
//
// A Shape is one benchmark workload: a Stabilize definition generated in Go
// for the interpreter, and a hand-written twin workflow that runs the same
// activities (the built-in noop and http tasks of activities.Builtins) in
// the same DAG order with plain ExecuteActivity calls and futures. A Harness
// starts the server, a local HTTP target and one worker holding both; Run
// executes one side of a shape and returns a Measurement (wall time,
// history events, workflow-task time, process CPU and peak RSS), and
// Compare interleaves N runs of both sides and reduces them to medians and
// ratios. Scale runs the large ScaleCases through the interpreter, across
// continue-as-new, and replays their recorded histories (Replay).
//
// Usage:
//
//	h, err := bench.Start(ctx, bench.Options{})
//	if err != nil { ... }
//	defer h.Close()
//	sides := []bench.Side{bench.SideInterpreter, bench.SideHandWritten}
//	rep, err := h.Compare(ctx, bench.StandardShapes(), sides, bench.CompareOptions{Runs: 5})
//	if err != nil { ... }
//	_ = rep.WriteMarkdown(os.Stdout)
//
// The command bench/cmd wraps the same calls; docs/performance.md records
// the numbers and how to rerun them.
package bench
