package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// stageTable writes the stages of wf as an aligned table, in definition
// order; synthetic stages are indented under their parent.
func stageTable(w io.Writer, wf *model.Workflow, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tTYPE\tSTATUS\tDURATION\tNOTE")
	for _, st := range wf.Stages {
		ref := st.RefID
		if st.IsSynthetic() {
			ref = "  " + ref
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ref, st.Type, st.Status, duration(st.StartTime, st.EndTime, now), stageNote(st))
	}
	return tw.Flush()
}

// stageNote is the error of a halted stage, or what a waiting one waits for.
func stageNote(st *model.StageExecution) string {
	if e, ok := st.Context["error"].(string); ok && e != "" && (st.Status.IsHalt() || st.Status == model.StatusFailedContinue) {
		return oneLine(e, 60)
	}
	if st.Status == model.StatusSuspended {
		return "waiting for a signal"
	}
	return ""
}

// duration formats end-start (or now-start while running), or "-".
func duration(start, end *int64, now time.Time) string {
	if start == nil {
		return "-"
	}
	stop := now.UnixMilli()
	if end != nil {
		stop = *end
	}
	return (time.Duration(stop-*start) * time.Millisecond).Round(time.Millisecond).String()
}

// oneLine shortens s to one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// summary writes the final text summary of a run.
func summary(w io.Writer, wf *model.Workflow, status model.WorkflowStatus, now time.Time) error {
	fmt.Fprintf(w, "workflow %s (%s/%s): %s in %s\n", wf.ID, wf.Application, wf.Name, status, duration(wf.StartTime, wf.EndTime, now))
	if wf.IsCanceled {
		fmt.Fprintf(w, "canceled by %s: %s\n", wf.CanceledBy, wf.CancellationReason)
	}
	return stageTable(w, wf, now)
}

// changeTracker remembers the last status of each stage and of the
// workflow, to print one line per change off a TTY.
type changeTracker struct {
	workflow model.WorkflowStatus
	seen     bool
	stages   map[string]model.WorkflowStatus
}

// changes returns one line per status change since the previous call.
func (t *changeTracker) changes(wf *model.Workflow) []string {
	if t.stages == nil {
		t.stages = map[string]model.WorkflowStatus{}
	}
	var out []string
	wfLine := ""
	if !t.seen || wf.Status != t.workflow {
		wfLine = fmt.Sprintf("workflow %s %s", wf.ID, wf.Status)
		t.workflow, t.seen = wf.Status, true
	}
	// A finished workflow is reported after its last stage changes.
	if wfLine != "" && !wf.Status.IsComplete() {
		out, wfLine = append(out, wfLine), ""
	}
	for _, st := range wf.Stages {
		key := st.ID
		if key == "" {
			key = st.RefID
		}
		prev, ok := t.stages[key]
		if ok && prev == st.Status {
			continue
		}
		if !ok && st.Status == model.StatusNotStarted {
			t.stages[key] = st.Status
			continue
		}
		t.stages[key] = st.Status
		line := fmt.Sprintf("stage %s %s", st.RefID, st.Status)
		if note := stageNote(st); note != "" {
			line += ": " + note
		}
		out = append(out, line)
	}
	if wfLine != "" {
		out = append(out, wfLine)
	}
	return out
}
