package testsuite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// fastPing is the liveness ping interval of the lock and concurrency
// tests: a dead holder is noticed within it.
const fastPing = 300 * time.Millisecond

// TestGlobalMutex runs two executions whose stages share a global mutex
// key (definition-format.md, mutexScope: global; style.md §1 "Mutex") at
// once and checks from the recorded start and end times that the stages
// never overlap.
func TestGlobalMutex(t *testing.T) {
	t.Parallel()
	h := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	def := func(i int) scenario {
		return scenario{name: fmt.Sprintf("mutex-%d", i), def: `
application: testsuite
name: mutex
stages:
  - {ref_id: locked, type: wait, mutex_key: shared-db, context: {waitTime: 0.5, mutexScope: global}}
`}
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = execute(t, ctx, h, def(i))
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("execution %d: %v", i, r.err)
		}
		wantStages(t, r.wf, map[string]string{"locked": "SUCCEEDED"})
	}
	wantNoOverlap(t, results[0].wf.StageByRefID("locked"), results[1].wf.StageByRefID("locked"))
	desc, err := h.Client.DescribeWorkflowExecution(ctx, "stabilize-lock/shared-db", "")
	if err != nil {
		t.Fatalf("describe the lock workflow: %v", err)
	}
	if got := desc.WorkflowExecutionInfo.GetType().GetName(); got != interpreter.LockWorkflowName {
		t.Errorf("lock workflow type = %s, want %s", got, interpreter.LockWorkflowName)
	}
	waitLockClosed(t, ctx, h, "stabilize-lock/shared-db")
}

// TestGlobalMutexHolderEnds holds a global lock in execution A's approval
// stage while B's stage waits for it (the lock workflow's queue shows B),
// then ends A in each way a holder can end, and checks that B gets the
// lock after A let go, completes, and that the lock workflow closes: no
// leaked lock (issue 7). A terminated holder never releases; the lock
// workflow's liveness ping finds its run closed.
func TestGlobalMutexHolderEnds(t *testing.T) {
	t.Parallel()
	h := server(t)
	rows := []struct {
		name string
		end  func(t *testing.T, ctx context.Context, a client.WorkflowRun)
		want string // A's locked stage after the end; "" when A has no final model
	}{
		{"completes", func(t *testing.T, ctx context.Context, a client.WorkflowRun) {
			update(t, ctx, h, a, model.UpdateApprove, model.ApprovalRequest{StageRefID: "locked", User: "tester"})
		}, "SUCCEEDED"},
		{"fails", func(t *testing.T, ctx context.Context, a client.WorkflowRun) {
			update(t, ctx, h, a, model.UpdateReject, model.ApprovalRequest{StageRefID: "locked", User: "tester"})
		}, "TERMINAL"},
		{"canceled by control", func(t *testing.T, ctx context.Context, a client.WorkflowRun) {
			update(t, ctx, h, a, model.ControlCancel, model.ControlRequest{User: "tester"})
		}, "CANCELED"},
		{"canceled through Temporal", func(t *testing.T, ctx context.Context, a client.WorkflowRun) {
			if err := h.Client.CancelWorkflow(ctx, a.GetID(), ""); err != nil {
				t.Fatalf("cancel A: %v", err)
			}
		}, "CANCELED"},
		{"terminated", func(t *testing.T, ctx context.Context, a client.WorkflowRun) {
			if err := h.Client.TerminateWorkflow(ctx, a.GetID(), "", "test: a holder that dies"); err != nil {
				t.Fatalf("terminate A: %v", err)
			}
		}, ""},
	}
	for i, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			key := fmt.Sprintf("holder-ends-%d", i)
			lockID := "stabilize-lock/" + key
			opts := interpreter.RunOptions{LockPingInterval: fastPing}
			a := startDef(t, ctx, h, "holder", fmt.Sprintf(`
application: testsuite
name: holder
stages:
  - {ref_id: locked, type: approval, mutex_key: %s, context: {mutexScope: global}}
`, key), opts)
			waitFor(t, ctx, h, a, "A holds the lock", stageIs("locked", model.StatusSuspended))
			b := startDef(t, ctx, h, "waiter", fmt.Sprintf(`
application: testsuite
name: waiter
stages:
  - {ref_id: locked, type: wait, mutex_key: %s, context: {waitTime: 0.1, mutexScope: global}}
`, key), opts)
			waitQueued(t, ctx, h, lockID, interpreter.LockStateQuery, b.GetID())
			if wf, err := queryStatus(ctx, h, b); err != nil || wf.StageByRefID("locked").Status != model.StatusNotStarted {
				t.Fatalf("B's stage while A holds: %v (query error %v), want NOT_STARTED", statuses(wf), err)
			}
			row.end(t, ctx, a)
			var bwf *model.Workflow
			if err := b.Get(ctx, &bwf); err != nil {
				t.Fatalf("B: %v", err)
			}
			wantStages(t, bwf, map[string]string{"locked": "SUCCEEDED"})
			aerr := a.Get(ctx, nil)
			if row.want != "" {
				awf := finalFromError(aerr)
				if aerr == nil {
					_ = a.Get(ctx, &awf)
				}
				wantStages(t, awf, map[string]string{"locked": row.want})
				wantNoOverlap(t, awf.StageByRefID("locked"), bwf.StageByRefID("locked"))
			}
			waitLockClosed(t, ctx, h, lockID)
			switch row.name {
			case "completes":
				recordHistory(t, ctx, h, a.GetID(), historyDir, "global_mutex_holder")
			case "terminated":
				recordHistory(t, ctx, h, lockID, coordinatorHistoryDir, "lock_dead_holder")
			}
		})
	}
}

// coordinatorHistoryDir holds recorded histories of the lock and
// concurrency workflows, replayed by TestReplayCoordinators (TestReplay
// replays StabilizeWorkflow histories only).
const coordinatorHistoryDir = "testdata/coordinator-histories"

// recordHistory writes the latest run of workflowID to dir/name.json when
// the test binary runs with -record: these tests record their own
// histories, since they need several executions at once.
func recordHistory(t *testing.T, ctx context.Context, h *harness.Harness, workflowID, dir, name string) {
	t.Helper()
	if !*record {
		return
	}
	hist, err := h.History(ctx, workflowID, "")
	if err != nil {
		t.Fatalf("history of %s: %v", workflowID, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".json")
	if dir == historyDir {
		if path, err = recordPath(name); err != nil {
			t.Fatal(err)
		}
	}
	writeHistory(t, path, hist)
}

// TestReplayCoordinators replays the recorded lock and concurrency
// workflow histories against today's code.
func TestReplayCoordinators(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(coordinatorHistoryDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no histories in %s; record them with: go test ./testsuite -run 'TestGlobalMutexHolderEnds|TestConcurrencyLimit' -record", coordinatorHistoryDir)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			interpreter.Register(r)
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, path); err != nil {
				t.Fatalf("replay %s: %v", path, err)
			}
		})
	}
}

// wantNoOverlap fails unless both stages ran and one ended before the
// other started (semantics §2.8, global scope).
func wantNoOverlap(t *testing.T, a, b *model.StageExecution) {
	t.Helper()
	if a == nil || b == nil || a.StartTime == nil || a.EndTime == nil || b.StartTime == nil || b.EndTime == nil {
		t.Fatalf("stages without recorded start and end times: %+v, %+v", a, b)
	}
	if *a.StartTime < *b.EndTime && *b.StartTime < *a.EndTime {
		t.Errorf("semantics §2.8 (global scope): stages overlap: [%d, %d] and [%d, %d]",
			*a.StartTime, *a.EndTime, *b.StartTime, *b.EndTime)
	}
}

// startDef loads def with fresh ids and starts it without waiting.
func startDef(t *testing.T, ctx context.Context, h *harness.Harness, name, def string, opts interpreter.RunOptions) client.WorkflowRun {
	t.Helper()
	wf, err := model.Load(name+".yaml", []byte(def))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	if _, err := model.Validate(wf, name+".yaml", model.ValidateOptions{}); err != nil {
		t.Fatalf("validate %s: %v", name, err)
	}
	run, err := h.Start(ctx, wf, opts)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// coordinatorState queries a lock or concurrency workflow's state.
func coordinatorState(ctx context.Context, h *harness.Harness, id, query string) (interpreter.LockInput, error) {
	var st interpreter.LockInput
	v, err := h.Client.QueryWorkflow(ctx, id, "", query)
	if err != nil {
		return st, err
	}
	return st, v.Get(&st)
}

// waitQueued polls the coordinator id until workflowID waits in its queue.
func waitQueued(t *testing.T, ctx context.Context, h *harness.Harness, id, query, workflowID string) interpreter.LockInput {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		st, err := coordinatorState(ctx, h, id, query)
		if err == nil && slices.ContainsFunc(st.Queue, func(r interpreter.LockRequest) bool { return r.WorkflowID == workflowID }) {
			return st
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s in %s's queue: %v (last state %+v, error %v)", workflowID, id, ctx.Err(), st, err)
		case <-tick.C:
		}
	}
}

// waitLockClosed polls until the coordinator id has closed: nobody holds
// or waits any more.
func waitLockClosed(t *testing.T, ctx context.Context, h *harness.Harness, id string) {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		desc, err := h.Client.DescribeWorkflowExecution(ctx, id, "")
		if err == nil && desc.WorkflowExecutionInfo.Status == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
			return
		}
		select {
		case <-ctx.Done():
			st, _ := coordinatorState(context.Background(), h, id, interpreter.LockStateQuery)
			t.Fatalf("issue 7: coordinator %s still open (leaked lock?): %v; state %+v", id, ctx.Err(), st)
		case <-tick.C:
		}
	}
}
