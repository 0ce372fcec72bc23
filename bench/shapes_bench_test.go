package bench

import (
	"context"
	"testing"
	"time"
)

// BenchmarkShapes runs each standard shape on one devserver, the
// interpreter and its hand-written twin interleaved within every
// iteration, and reports per side the mean wall time per run (ms/run),
// history events per task and workflow-task time per run, plus the wall
// ratio interpreter/hand-written. bench/cmd reports medians of the same
// runs; use it for the numbers in docs/performance.md.
func BenchmarkShapes(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	h, err := Start(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	sides := []Side{SideInterpreter, SideHandWritten}
	for _, sh := range StandardShapes() {
		b.Run(sh.Name, func(b *testing.B) {
			wall := make([]time.Duration, len(sides))
			last := make([]Measurement, len(sides))
			for b.Loop() {
				for i, side := range sides {
					m, err := h.Run(ctx, sh, side)
					if err != nil {
						b.Fatal(err)
					}
					wall[i] += m.Wall
					last[i] = m
				}
			}
			n := float64(b.N)
			for i, side := range sides {
				b.ReportMetric(float64(wall[i].Milliseconds())/n, side.String()+"-ms/run")
				b.ReportMetric(last[i].EventsPerTask(), side.String()+"-events/task")
				b.ReportMetric(float64(last[i].History.WorkflowTaskTime.Milliseconds()), side.String()+"-WFT-ms/run")
			}
			if wall[1] > 0 {
				b.ReportMetric(float64(wall[0])/float64(wall[1]), "ratio")
			}
		})
	}
}

// BenchmarkCheapTasks compares the ways the hand-written twin can run a
// cheap task (noop) on the 100-stage chain: a regular activity, a local
// activity, or evaluated in the workflow (docs/performance.md, cheap
// tasks).
func BenchmarkCheapTasks(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	h, err := Start(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	sh := StandardShapes()[0]
	for _, side := range []Side{SideHandWritten, SideHandWrittenLocal, SideHandWrittenInline} {
		b.Run(side.String(), func(b *testing.B) {
			var wall time.Duration
			var last Measurement
			for b.Loop() {
				m, err := h.Run(ctx, sh, side)
				if err != nil {
					b.Fatal(err)
				}
				wall += m.Wall
				last = m
			}
			b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "ms/run")
			b.ReportMetric(last.EventsPerTask(), "events/task")
		})
	}
}
