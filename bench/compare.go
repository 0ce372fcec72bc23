package bench

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// Result holds every run of one side of one shape and their reductions.
type Result struct {
	// Shape and Side say what ran.
	Shape Shape
	Side  Side
	// Runs are the measurements in the order they were taken.
	Runs []Measurement
}

// MedianWall returns the median wall time of the runs.
func (r Result) MedianWall() time.Duration {
	return median(r.Runs, func(m Measurement) time.Duration { return m.Wall })
}

// MedianCPU returns the median process CPU time of the runs.
func (r Result) MedianCPU() time.Duration {
	return median(r.Runs, func(m Measurement) time.Duration { return m.CPU })
}

// MedianWorkflowTaskTime returns the median summed workflow-task time.
func (r Result) MedianWorkflowTaskTime() time.Duration {
	return median(r.Runs, func(m Measurement) time.Duration { return m.History.WorkflowTaskTime })
}

// EventsPerTask returns the history events per task of the last run
// (histories of one side of one shape have the same length up to
// workflow-task batching).
func (r Result) EventsPerTask() float64 {
	if len(r.Runs) == 0 {
		return 0
	}
	return r.Runs[len(r.Runs)-1].EventsPerTask()
}

// Last returns the last measurement, or the zero value when there is none.
func (r Result) Last() Measurement {
	if len(r.Runs) == 0 {
		return Measurement{}
	}
	return r.Runs[len(r.Runs)-1]
}

// MaxPeakRSS returns the largest peak RSS of the runs, in bytes.
func (r Result) MaxPeakRSS() int64 {
	var peak int64
	for _, m := range r.Runs {
		peak = max(peak, m.PeakRSS)
	}
	return peak
}

// Report is the outcome of Compare.
type Report struct {
	// Sides lists the sides compared, the reference (ratio 1) second when
	// there are two or more, else first.
	Sides []Side
	// Results holds one entry per shape and side, shapes in the order
	// given, sides in the order of Sides.
	Results []Result
	// Runs is the number of interleaved runs per shape and side.
	Runs int
}

// Reference returns the side ratios are computed against: the hand-written
// twin when it was compared, else the first side.
func (r Report) Reference() Side {
	if slices.Contains(r.Sides, SideHandWritten) {
		return SideHandWritten
	}
	return r.Sides[0]
}

// Result returns the result of one shape and side.
func (r Report) Result(shape string, side Side) (Result, bool) {
	for _, res := range r.Results {
		if res.Shape.Name == shape && res.Side == side {
			return res, true
		}
	}
	return Result{}, false
}

// Ratio returns the median wall time of side over the reference side's,
// for one shape; 0 when either is missing.
func (r Report) Ratio(shape string, side Side) float64 {
	return r.RatioTo(shape, side, r.Reference())
}

// RatioTo returns the median wall time of side over ref's, for one shape;
// 0 when either is missing.
func (r Report) RatioTo(shape string, side, ref Side) float64 {
	a, okA := r.Result(shape, side)
	b, okB := r.Result(shape, ref)
	if !okA || !okB || b.MedianWall() == 0 {
		return 0
	}
	return float64(a.MedianWall()) / float64(b.MedianWall())
}

// CompareOptions tune Compare.
type CompareOptions struct {
	// Runs is the number of measured runs per shape and side; at least 1.
	Runs int
	// NoWarmup skips the unmeasured warm-up run of each side of each
	// shape. Optional: false warms up (caches, connections, pollers).
	NoWarmup bool
	// Progress, when not nil, is called after every measured run.
	Progress func(Measurement)
}

// Compare runs every shape opts.Runs times on every side that applies to
// it, interleaved (side A, side B, then B, A, ... for one shape, then the
// next shape), after one unmeasured warm-up run per side unless
// opts.NoWarmup, and collects the measurements.
func (h *Harness) Compare(ctx context.Context, shapes []Shape, sides []Side, opts CompareOptions) (Report, error) {
	runs, progress := opts.Runs, opts.Progress
	if runs < 1 {
		return Report{}, fmt.Errorf("compare: runs must be at least 1, got %d", runs)
	}
	if len(sides) == 0 {
		return Report{}, fmt.Errorf("compare: expected at least one side, got none")
	}
	rep := Report{Sides: sides, Runs: runs}
	for _, sh := range shapes {
		first := len(rep.Results)
		var active []Side
		for _, side := range sides {
			if side.appliesTo(sh) {
				active = append(active, side)
				rep.Results = append(rep.Results, Result{Shape: sh, Side: side})
			}
		}
		for _, side := range active { // warm-up: caches, connections, pollers
			if opts.NoWarmup {
				break
			}
			if _, err := h.Run(ctx, sh, side); err != nil {
				return rep, fmt.Errorf("warm-up: %w", err)
			}
		}
		for i := range runs {
			for j := range active {
				// Alternate the order so neither side always runs first.
				k := j
				if i%2 == 1 {
					k = len(active) - 1 - j
				}
				m, err := h.Run(ctx, sh, active[k])
				if err != nil {
					return rep, err
				}
				rep.Results[first+k].Runs = append(rep.Results[first+k].Runs, m)
				if progress != nil {
					progress(m)
				}
			}
		}
	}
	return rep, nil
}

// median returns the median of f over ms (the mean of the two middle
// values for an even count).
func median(ms []Measurement, f func(Measurement) time.Duration) time.Duration {
	if len(ms) == 0 {
		return 0
	}
	vs := make([]time.Duration, len(ms))
	for i, m := range ms {
		vs[i] = f(m)
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2]
	}
	return (vs[n/2-1] + vs[n/2]) / 2
}
