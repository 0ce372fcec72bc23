package bench

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// WriteMarkdown writes the report as a Markdown table: per shape and side,
// the median wall time, its ratio to the reference side (and to
// hand-local when it ran), history events per task, tasks run as regular
// and local activities, workflow tasks, median workflow-task time, median
// process CPU and peak RSS.
func (r Report) WriteMarkdown(w io.Writer) error {
	ref := r.Reference()
	local := ref != SideHandWrittenLocal && slices.Contains(r.Sides, SideHandWrittenLocal)
	head, rule := "| shape | side | wall | ratio |", "|---|---|---:|---:|"
	if local {
		head, rule = head+" vs hand-local |", rule+"---:|"
	}
	if _, err := fmt.Fprintf(w, "median of %d interleaved runs; ratio = median wall / median wall of %s\n\n"+
		"%s events/task | regular + local | history | runs | WFTs | WFT time | CPU | peak RSS |\n"+
		"%s---:|---:|---:|---:|---:|---:|---:|---:|\n", r.Runs, ref, head, rule); err != nil {
		return err
	}
	for _, res := range r.Results {
		last := res.Last()
		row := fmt.Sprintf("| %s | %s | %s | %.2f |", res.Shape.Name, res.Side, ms(res.MedianWall()), r.Ratio(res.Shape.Name, res.Side))
		if local {
			row += fmt.Sprintf(" %.2f |", r.RatioTo(res.Shape.Name, res.Side, SideHandWrittenLocal))
		}
		_, err := fmt.Fprintf(w, "%s %.2f | %d + %d | %s | %d | %d | %s | %s | %d MiB |\n",
			row, res.EventsPerTask(), last.History.Activities, last.History.LocalActivities,
			kib(last.History.Bytes), last.History.Runs, last.History.WorkflowTasks,
			ms(res.MedianWorkflowTaskTime()), ms(res.MedianCPU()), res.MaxPeakRSS()>>20)
		if err != nil {
			return err
		}
	}
	return nil
}

// WriteLine writes one measurement as a progress line.
func (m Measurement) WriteLine(w io.Writer) error {
	_, err := fmt.Fprintf(w, "%-12s %-19s wall %9s  tasks %d+%d  events %6d (%.2f/task, %s)  runs %d  WFTs %5d  WFT time %9s  CPU %9s  peak RSS %d MiB\n",
		m.Shape, m.Side, ms(m.Wall), m.History.Activities, m.History.LocalActivities,
		m.History.Events, m.EventsPerTask(), kib(m.History.Bytes), m.History.Runs,
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

// WriteScaleMarkdown writes scale results as a Markdown table: per case,
// its options, wall time, tasks (regular + local activities), history
// events (total, per task, largest run), runs, history bytes (total and
// largest run), peak pending activities, workflow-task time, CPU, and the
// replay of the recorded history (events, time, time per 10,000 events).
func WriteScaleMarkdown(w io.Writer, results []ScaleResult) error {
	if _, err := fmt.Fprint(w, "| case | options | wall | tasks (regular + local) | events (per task) | runs | largest run | history (largest run) | peak pending | WFT time | CPU | replay (CPU) | replay per 10k events |\n"+
		"|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"); err != nil {
		return err
	}
	for _, r := range results {
		m, st := r.Measurement, r.Measurement.History
		_, err := fmt.Fprintf(w, "| %s | %s | %s | %d + %d | %d (%.2f) | %d | %d events | %s (%s) | %d | %s | %s | %d events in %s (%s) | %s |\n",
			r.Case.Shape.Name, r.Case.Options(), secs(m.Wall), st.Activities, st.LocalActivities,
			st.Events, m.EventsPerTask(), st.Runs, st.MaxRunEvents(), kib(st.Bytes), kib(st.MaxRunBytes()),
			st.PeakPending, secs(st.WorkflowTaskTime), secs(m.CPU), r.Replay.Events, secs(r.Replay.Time),
			secs(r.Replay.CPU), ms(r.Replay.PerTenThousand()))
		if err != nil {
			return err
		}
	}
	return nil
}

// WriteLine writes one scale result as a progress line.
func (r ScaleResult) WriteLine(w io.Writer) error {
	m, st := r.Measurement, r.Measurement.History
	_, err := fmt.Fprintf(w, "%-16s wall %9s  events %7d (%.2f/task) over %d runs (largest %d events, %s)  history %s  peak pending %d  WFT time %s  CPU %s  replay %d events in %s (CPU %s, %s per 10k)\n",
		r.Case.Shape.Name, secs(m.Wall), st.Events, m.EventsPerTask(), st.Runs, st.MaxRunEvents(), kib(st.MaxRunBytes()),
		kib(st.Bytes), st.PeakPending, secs(st.WorkflowTaskTime), secs(m.CPU), r.Replay.Events, secs(r.Replay.Time),
		secs(r.Replay.CPU), ms(r.Replay.PerTenThousand()))
	return err
}

// secs formats a duration in seconds with two decimals.
func secs(d time.Duration) string {
	return fmt.Sprintf("%.2f s", d.Seconds())
}
