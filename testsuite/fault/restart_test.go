package fault

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// restartStages is a short chain with a parallel step in the middle:
//
//	r1 ─┬─> r2a ─┬─> r3
//	    └─> r2b ─┘
var restartStages = []stageSpec{
	{ref: "r1"},
	{ref: "r2a", after: []string{"r1"}},
	{ref: "r2b", after: []string{"r1"}},
	{ref: "r3", after: []string{"r2a", "r2b"}},
}

// TestServerRestart stops the embedded server while the r2 stages run and
// starts it again on the same SQLite file and port (devserver.Options
// DBFile). The worker process and the client reconnect by themselves; the
// workflow resumes from the persisted history and finishes.
func TestServerRestart(t *testing.T) {
	requireServer(t)
	const queue = "fault-restart"
	logPath := filepath.Join(t.TempDir(), "exec.log")
	def := shellDefinition(t, "fault-restart", logPath, "1", restartStages)
	w := startWorker(t, queue)
	startRun(t, def, queue)

	waitFor(t, stageTimeout, "stages r2a and r2b started", func(context.Context) (bool, error) {
		l, err := readExecLog(logPath)
		return l.count("r2a", "start", 0) > 0 && l.count("r2b", "start", 0) > 0, err
	})
	began := time.Now()
	restartServer(t)
	t.Logf("server stopped and started again on port %d in %s", env.port, time.Since(began).Round(time.Millisecond))

	final := awaitResult(t, def.ID, runTimeout)
	l := mustReadExecLog(t, logPath)
	t.Logf("%d log lines, %d starts, %d ends; start/end per stage: %s",
		len(l), countEvents(l, "start"), countEvents(l, "end"), l.summary(refs(restartStages)))
	runChecks(t, []check{
		{"devserver DBFile: the run resumes from the persisted history and succeeds", func(t *testing.T) {
			requireAllSucceeded(t, final, refs(restartStages))
		}},
		{"style.md §5 no lost stage: every stage ended on the worker that outlived the restart", func(t *testing.T) {
			for _, ref := range refs(restartStages) {
				if l.count(ref, "end", w.pid) == 0 {
					t.Errorf("stage %s: no end by worker %d", ref, w.pid)
				}
			}
		}},
		{"the worker process reconnects instead of exiting", func(t *testing.T) {
			select {
			case <-w.exited:
				t.Errorf("worker %d exited during the server restart: %v", w.pid, w.err)
			default:
			}
		}},
	})
}

// restartServer stops the server and starts it again on the same
// database file and frontend port.
func restartServer(t *testing.T) {
	t.Helper()
	env.mu.Lock()
	srv, port := env.srv, env.port
	env.mu.Unlock()
	if err := srv.Stop(); err != nil {
		t.Fatalf("stop server: %v", err)
	}
	if err := startServer(port); err != nil {
		t.Fatalf("restart server: %v", err)
	}
}
