package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/model"
)

// pollInterval is how often progress polls the status query.
const pollInterval = 250 * time.Millisecond

// noWorkerHint is how long status queries may fail before progress
// suggests that no worker serves the task queue.
const noWorkerHint = 5 * time.Second

// errStillRunning ends a follow whose --timeout ran out.
var errStillRunning = errors.New("still running")

// queryStatus returns the model from the status query (control.Status).
func queryStatus(ctx context.Context, c client.Client, id, runID string) (*model.Workflow, error) {
	return control.Status(ctx, c, id, runID)
}

// result is the outcome of waiting on a run.
type result struct {
	wf  *model.Workflow
	err error
}

// follow waits for the run to end while showing progress on stderr: a
// stage table redrawn on a TTY, one line per status change otherwise. It
// then prints the summary (text) or the final model (JSON) and returns
// the error that carries the exit code of the final status.
// initial, when not nil, is shown if no status query answers (the
// definition as submitted).
func (a *app) follow(ctx context.Context, c client.Client, id, runID string, timeout time.Duration, initial *model.Workflow) error {
	p := a.out()
	done := make(chan result, 1)
	getCtx, cancelGet := context.WithCancel(ctx)
	defer cancelGet()
	go func() {
		var wf model.Workflow
		err := c.GetWorkflow(getCtx, id, runID).Get(getCtx, &wf)
		if err != nil {
			done <- result{err: err}
			return
		}
		done <- result{wf: &wf}
	}()
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	view := &progressView{p: p}
	last := initial
	var failingSince time.Time
	hinted := false
	for {
		select {
		case r := <-done:
			wf, status, err := finalModel(r.wf, r.err)
			if err != nil {
				return fmt.Errorf("wait for workflow %s: %w", id, err)
			}
			if wf == nil {
				// No model in the result: ask the (closed) run for it.
				if wf, err = queryStatus(ctx, c, id, runID); err != nil {
					wf = &model.Workflow{ID: id, Status: status}
				}
			}
			view.show(wf, true)
			return a.finish(wf, status)
		case <-expired:
			if wf, err := queryStatus(ctx, c, id, ""); err == nil {
				last = wf
			}
			if last == nil {
				last = &model.Workflow{ID: id}
			}
			if last.Status == model.StatusNotStarted {
				last.Status = model.StatusRunning // started, though no query has answered
			}
			view.show(last, true)
			if err := p.data(last); err != nil {
				return err
			}
			if !p.json {
				_ = summary(p.stdout, last, last.Status, time.Now())
			}
			return withCode(ExitTimeout, fmt.Errorf("workflow %s %w after %s (status %s)", id, errStillRunning, timeout, last.Status))
		case <-tick.C:
			if p.json {
				continue
			}
			// Queries address the latest run of the id, which follows
			// continue-as-new.
			wf, err := queryStatus(ctx, c, id, "")
			if err == nil {
				last, failingSince = wf, time.Time{}
				view.show(wf, false)
				continue
			}
			if failingSince.IsZero() {
				failingSince = time.Now()
			} else if !hinted && time.Since(failingSince) > noWorkerHint {
				hinted = true
				p.progressf("no answer to the status query yet: is a worker polling task queue %s? (%v)\n", a.cfg.TaskQueue, err)
			}
		case <-ctx.Done():
			return withCode(ExitInterrupted, fmt.Errorf("interrupted while waiting for workflow %s (it keeps running): %w", id, ctx.Err()))
		}
	}
}

// finish prints the final model and maps its status to the exit code.
func (a *app) finish(wf *model.Workflow, status model.WorkflowStatus) error {
	p := a.out()
	wf.Status = status
	if p.json {
		if err := p.data(wf); err != nil {
			return err
		}
	} else if err := summary(p.stdout, wf, status, time.Now()); err != nil {
		return fmt.Errorf("write summary: %w", err)
	}
	switch code := statusCode(status); code {
	case ExitOK:
		if failed := failedContinue(wf); status == model.StatusFailedContinue || len(failed) > 0 {
			p.warnf("workflow %s ended %s, but stage(s) %s failed and the pipeline continued (FAILED_CONTINUE)\n",
				wf.ID, status, strings.Join(failed, ", "))
		}
		return nil
	default:
		return withCode(code, fmt.Errorf("workflow %s ended %s", wf.ID, status))
	}
}

// progressView draws progress on stderr in text mode.
type progressView struct {
	p       *printer
	tracker changeTracker
	drawn   int // lines of the last table drawn on a TTY
}

// show draws wf: a redrawn table on a TTY, change lines otherwise. final
// draws the last frame.
func (v *progressView) show(wf *model.Workflow, final bool) {
	if v.p.json {
		return
	}
	if !v.p.tty {
		for _, line := range v.tracker.changes(wf) {
			fmt.Fprintln(v.p.stderr, line)
		}
		return
	}
	if final && v.drawn == 0 {
		return // nothing drawn: the summary says it all
	}
	var b strings.Builder
	fmt.Fprintf(&b, "workflow %s %s\n", wf.ID, wf.Status)
	_ = stageTable(&b, wf, time.Now())
	if v.drawn > 0 {
		fmt.Fprintf(v.p.stderr, "\x1b[%dA\x1b[J", v.drawn)
	}
	if final {
		v.drawn = 0
		return // the summary on stdout replaces the live table
	}
	fmt.Fprint(v.p.stderr, b.String())
	v.drawn = strings.Count(b.String(), "\n")
}

// failedContinue lists the stages that ended FAILED_CONTINUE.
func failedContinue(wf *model.Workflow) []string {
	var out []string
	for _, st := range wf.Stages {
		if st.Status == model.StatusFailedContinue {
			out = append(out, st.RefID)
		}
	}
	return out
}
