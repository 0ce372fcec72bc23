package fault

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// crashStages is a definition with sequential and parallel stages:
//
//	a ─┬─> b1 ─┬─> c ─┬─> d1 ─┬─> e
//	   ├─> b2 ─┤      └─> d2 ─┘
//	   └─> b3 ─┘
var crashStages = []stageSpec{
	{ref: "a"},
	{ref: "b1", after: []string{"a"}},
	{ref: "b2", after: []string{"a"}},
	{ref: "b3", after: []string{"a"}},
	{ref: "c", after: []string{"b1", "b2", "b3"}},
	{ref: "d1", after: []string{"c"}},
	{ref: "d2", after: []string{"c"}},
	{ref: "e", after: []string{"d1", "d2"}},
}

// Time limits of the fault tests, generous for a loaded 2-core machine.
const (
	pollerTimeout = time.Minute
	stageTimeout  = time.Minute
	runTimeout    = 2 * time.Minute
)

// TestWorkerKilled kills the worker with SIGKILL while the parallel b
// stages run, then starts a new worker process. style.md §5 (activities
// run at least once) and semantics §3.8 (retries): every stage ends
// SUCCEEDED, the tasks
// in flight at the kill run again on the new worker, and a stage that
// completed before the kill never runs again.
func TestWorkerKilled(t *testing.T) {
	requireServer(t)
	const queue = "fault-kill"
	logPath := filepath.Join(t.TempDir(), "exec.log")
	def := shellDefinition(t, "fault-kill", logPath, "1.5", crashStages)
	first := startWorker(t, queue)
	startRun(t, def, queue)

	var beforeKill *model.Workflow
	waitFor(t, stageTimeout, "stage a SUCCEEDED and b1, b2, b3 started", func(ctx context.Context) (bool, error) {
		l, err := readExecLog(logPath)
		if err != nil {
			return false, err
		}
		for _, ref := range []string{"b1", "b2", "b3"} {
			if l.count(ref, "start", first.pid) == 0 {
				return false, nil
			}
		}
		w, err := queryStatus(ctx, def.ID)
		if err != nil {
			return false, err
		}
		beforeKill = w
		return stageStatuses(w)["a"] == model.StatusSucceeded, nil
	})
	first.kill(t)
	atKill := mustReadExecLog(t, logPath)
	inFlight := atKill.inFlight(first.pid)
	var doneBefore []string
	for ref, st := range stageStatuses(beforeKill) {
		if st == model.StatusSucceeded {
			doneBefore = append(doneBefore, ref)
		}
	}
	slices.Sort(doneBefore)
	t.Logf("killed worker %d (kill -9): %d stage(s) completed before (%v), %d task(s) in flight (%v)",
		first.pid, len(doneBefore), doneBefore, len(inFlight), inFlight)
	if len(inFlight) == 0 {
		t.Fatalf("no task was in flight at the kill; log: %v", atKill)
	}

	second := startWorker(t, queue)
	final := awaitResult(t, def.ID, runTimeout)
	l := mustReadExecLog(t, logPath)
	t.Logf("finished on the new worker %d: %d log lines, %d starts, %d ends; start/end per stage: %s",
		second.pid, len(l), countEvents(l, "start"), countEvents(l, "end"), l.summary(refs(crashStages)))

	runChecks(t, []check{
		{"the run succeeds with every stage SUCCEEDED", func(t *testing.T) {
			requireAllSucceeded(t, final, refs(crashStages))
		}},
		{"style.md §5 no lost stage: every stage ran to its end at least once", func(t *testing.T) {
			for _, ref := range refs(crashStages) {
				if l.count(ref, "end", 0) == 0 {
					t.Errorf("stage %s never logged an end", ref)
				}
			}
		}},
		{"style.md §5 at-least-once: each task in flight at the kill ran again on the new worker", func(t *testing.T) {
			for _, ref := range inFlight {
				if n := l.count(ref, "start", 0); n < 2 {
					t.Errorf("stage %s: %d start(s); expected at least 2 (killed, then retried)", ref, n)
				}
				if l.count(ref, "end", second.pid) == 0 {
					t.Errorf("stage %s: no end on the new worker %d", ref, second.pid)
				}
			}
		}},
		{"style.md §5 a stage completed before the kill never runs again", func(t *testing.T) {
			if !slices.Contains(doneBefore, "a") {
				t.Errorf("stage a was not SUCCEEDED before the kill: %v", doneBefore)
			}
			for _, ref := range doneBefore {
				if n := l.count(ref, "start", 0); n != 1 {
					t.Errorf("stage %s completed before the kill but started %d times; expected 1", ref, n)
				}
				if l.count(ref, "start", second.pid) != 0 {
					t.Errorf("stage %s completed before the kill but ran on the new worker", ref)
				}
			}
		}},
		{"the killed worker's orphaned shells log no end", func(t *testing.T) {
			for _, ref := range inFlight {
				if n := l.count(ref, "end", first.pid); n != 0 {
					t.Errorf("stage %s: %d end(s) by the killed worker %d; expected 0", ref, n, first.pid)
				}
			}
		}},
		{"stages after the kill ran on the new worker only", func(t *testing.T) {
			for _, ref := range []string{"c", "d1", "d2", "e"} {
				if n := l.count(ref, "start", first.pid); n != 0 {
					t.Errorf("stage %s: %d start(s) on the killed worker %d; expected none", ref, n, first.pid)
				}
				if l.count(ref, "end", second.pid) == 0 {
					t.Errorf("stage %s: no end on the new worker %d", ref, second.pid)
				}
			}
		}},
	})
}

// countEvents counts the log entries of one event (start or end).
func countEvents(l execLog, event string) int {
	n := 0
	for _, e := range l {
		if e.event == event {
			n++
		}
	}
	return n
}
