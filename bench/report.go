package bench

import (
	"fmt"
	"io"
	"time"
)

// WriteMarkdown writes the report as a Markdown table: per shape and side,
// the median wall time, its ratio to the reference side, history events
// per task, workflow tasks, median workflow-task time, median process CPU
// and peak RSS.
func (r Report) WriteMarkdown(w io.Writer) error {
	ref := r.Reference()
	if _, err := fmt.Fprintf(w, "median of %d interleaved runs; ratio = median wall / median wall of %s\n\n"+
		"| shape | side | wall | ratio | events/task | history | runs | WFTs | WFT time | CPU | peak RSS |\n"+
		"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n", r.Runs, ref); err != nil {
		return err
	}
	for _, res := range r.Results {
		last := res.Last()
		_, err := fmt.Fprintf(w, "| %s | %s | %s | %.2f | %.2f | %s | %d | %d | %s | %s | %d MiB |\n",
			res.Shape.Name, res.Side, ms(res.MedianWall()), r.Ratio(res.Shape.Name, res.Side),
			res.EventsPerTask(), kib(last.History.Bytes), last.History.Runs, last.History.WorkflowTasks,
			ms(res.MedianWorkflowTaskTime()), ms(res.MedianCPU()), res.MaxPeakRSS()>>20)
		if err != nil {
			return err
		}
	}
	return nil
}

// WriteLine writes one measurement as a progress line.
func (m Measurement) WriteLine(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%-12s %-12s wall %9s  events %6d (%.2f/task, %s)  runs %d  WFTs %5d  WFT time %9s  CPU %9s  peak RSS %d MiB\n",
		m.Shape, m.Side, ms(m.Wall), m.History.Events, m.EventsPerTask(), kib(m.History.Bytes), m.History.Runs,
		m.History.WorkflowTasks, ms(m.History.WorkflowTaskTime), ms(m.CPU), m.PeakRSS>>20)
	return err
}

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

// kib formats a byte count in KiB.
func kib(n int) string {
	return fmt.Sprintf("%d KiB", n>>10)
}
