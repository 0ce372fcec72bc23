package fault

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestWorkersShareQueue runs two worker processes on one task queue and a
// definition of eight parallel stages and a join: both workers execute
// tasks (both pids appear in the execution log) and the run succeeds.
func TestWorkersShareQueue(t *testing.T) {
	requireServer(t)
	const queue = "fault-share"
	stages := []stageSpec{}
	var branches []string
	for i := 1; i <= 8; i++ {
		ref := fmt.Sprintf("p%d", i)
		branches = append(branches, ref)
		stages = append(stages, stageSpec{ref: ref})
	}
	stages = append(stages, stageSpec{ref: "join", after: branches})
	logPath := filepath.Join(t.TempDir(), "exec.log")
	def := shellDefinition(t, "fault-share", logPath, "1", stages)

	w1, w2 := startWorker(t, queue), startWorker(t, queue)
	w1.waitPolling(t, pollerTimeout)
	w2.waitPolling(t, pollerTimeout)
	startRun(t, def, queue)
	final := awaitResult(t, def.ID, runTimeout)
	l := mustReadExecLog(t, logPath)

	t.Logf("%d task executions: %d ran on worker %d, %d on worker %d", countEvents(l, "end"),
		countByPID(l, w1.pid), w1.pid, countByPID(l, w2.pid), w2.pid)
	runChecks(t, []check{
		{"the run succeeds", func(t *testing.T) { requireAllSucceeded(t, final, refs(stages)) }},
		{"both worker processes ran tasks from the one queue", func(t *testing.T) {
			for _, w := range []*workerProc{w1, w2} {
				if countByPID(l, w.pid) == 0 {
					t.Errorf("worker %d ran no task; pids in the log: %v", w.pid, l.pids())
				}
			}
		}},
		{"style.md §5 no lost stage: every stage ran to its end", func(t *testing.T) {
			for _, ref := range refs(stages) {
				if l.count(ref, "end", 0) == 0 {
					t.Errorf("stage %s never logged an end", ref)
				}
			}
		}},
	})
	t.Run("both workers drain and exit 0 on SIGTERM", func(t *testing.T) {
		w1.stop(t)
		w2.stop(t)
	})
}

// countByPID counts the tasks a worker ran to their end.
func countByPID(l execLog, pid int) int {
	n := 0
	for _, e := range l {
		if e.event == "end" && e.pid == pid {
			n++
		}
	}
	return n
}
