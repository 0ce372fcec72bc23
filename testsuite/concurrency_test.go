package testsuite

import (
	"context"
	"fmt"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// limitedDef is a definition of config cfg limited to one running
// execution, held in an approval stage so the test decides when it ends.
func limitedDef(cfg string, keepWaiting bool) string {
	return fmt.Sprintf(`
application: testsuite
name: limited
pipeline_config_id: %s
is_limit_concurrent: true
max_concurrent_executions: 1
keep_waiting_pipelines: %v
stages:
  - {ref_id: gate, type: approval}
`, cfg, keepWaiting)
}

// concurrencyRun is one execution of a limited definition.
type concurrencyRun struct {
	name string
	run  client.WorkflowRun
}

// startLimited starts an execution and waits until it runs (its gate is
// SUSPENDED) or, when buffered is set, until it waits in the coordinator's
// queue; then it checks the status query and the StabilizeStatus search
// attribute.
func startLimited(t *testing.T, ctx context.Context, h *harness.Harness, name, cfg string, keep, buffered bool) concurrencyRun {
	t.Helper()
	run := startDef(t, ctx, h, name, limitedDef(cfg, keep), interpreter.RunOptions{LockPingInterval: fastPing})
	if buffered {
		waitQueued(t, ctx, h, interpreter.ConcurrencyWorkflowID(cfg), interpreter.LockStateQuery, run.GetID())
		wantBuffered(t, ctx, h, concurrencyRun{name, run})
	} else {
		waitFor(t, ctx, h, run, name+" running", stageIs("gate", model.StatusSuspended))
	}
	return concurrencyRun{name, run}
}

// wantBuffered checks that r shows BUFFERED in the status query and in
// the StabilizeStatus search attribute, with its stages not started.
func wantBuffered(t *testing.T, ctx context.Context, h *harness.Harness, r concurrencyRun) {
	t.Helper()
	wf, err := queryStatus(ctx, h, r.run)
	if err != nil {
		t.Fatalf("%s: status query: %v", r.name, err)
	}
	if wf.Status != model.StatusBuffered || wf.StartTime != nil {
		t.Errorf("semantics §10.9: %s status = %s, start_time %v; want BUFFERED, not started", r.name, wf.Status, wf.StartTime)
	}
	wantStages(t, wf, map[string]string{"gate": "NOT_STARTED"})
	desc, err := h.Client.DescribeWorkflowExecution(ctx, r.run.GetID(), "")
	if err != nil {
		t.Fatalf("%s: describe: %v", r.name, err)
	}
	var sa string
	if p := desc.WorkflowExecutionInfo.GetSearchAttributes().GetIndexedFields()[model.SearchAttrStatus]; p != nil {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &sa)
	}
	if sa != "BUFFERED" {
		t.Errorf("%s: search attribute %s = %q, want BUFFERED", r.name, model.SearchAttrStatus, sa)
	}
}

// approveGate approves r's gate, which must be SUSPENDED (r runs).
func approveGate(t *testing.T, ctx context.Context, h *harness.Harness, r concurrencyRun) {
	t.Helper()
	waitFor(t, ctx, h, r.run, r.name+" running", stageIs("gate", model.StatusSuspended))
	update(t, ctx, h, r.run, model.UpdateApprove, model.ApprovalRequest{StageRefID: "gate", User: "tester"})
}

// final waits for r's outcome and returns its final model.
func final(t *testing.T, ctx context.Context, r concurrencyRun) (*model.Workflow, error) {
	t.Helper()
	var wf *model.Workflow
	err := r.run.Get(ctx, &wf)
	if err != nil {
		wf = finalFromError(err)
	}
	if wf == nil {
		t.Fatalf("%s: no final model (error %v)", r.name, err)
	}
	return wf, err
}

// wantSerial fails unless the executions' recorded [start, end] times
// never overlap.
func wantSerial(t *testing.T, wfs ...*model.Workflow) {
	t.Helper()
	for i, a := range wfs {
		for _, b := range wfs[i+1:] {
			if a.StartTime == nil || a.EndTime == nil || b.StartTime == nil || b.EndTime == nil {
				t.Fatalf("executions without start or end time: %v %v, %v %v", a.StartTime, a.EndTime, b.StartTime, b.EndTime)
			}
			if *a.StartTime < *b.EndTime && *b.StartTime < *a.EndTime {
				t.Errorf("CONC-1: max 1 but executions overlap: [%d, %d] and [%d, %d]",
					*a.StartTime, *a.EndTime, *b.StartTime, *b.EndTime)
			}
		}
	}
}

// TestConcurrencyLimit runs three executions of one pipeline config with
// max_concurrent_executions 1 on the real server (semantics §10.9, rule
// CONC-1, Go rule: a per-config StabilizeConcurrency coordinator).
func TestConcurrencyLimit(t *testing.T) {
	t.Parallel()
	h := server(t)
	t.Run("CONC-1: keep_waiting_pipelines true: the others wait BUFFERED and run one after another, FIFO", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
		defer cancel()
		cfg := "conc-keep"
		e1 := startLimited(t, ctx, h, "e1", cfg, true, false)
		e2 := startLimited(t, ctx, h, "e2", cfg, true, true)
		e3 := startLimited(t, ctx, h, "e3", cfg, true, true)
		approveGate(t, ctx, h, e1)
		wf1, err := final(t, ctx, e1)
		if err != nil {
			t.Fatalf("e1: %v", err)
		}
		waitFor(t, ctx, h, e2.run, "e2 running", stageIs("gate", model.StatusSuspended))
		wantBuffered(t, ctx, h, e3)
		approveGate(t, ctx, h, e2)
		wf2, err := final(t, ctx, e2)
		if err != nil {
			t.Fatalf("e2: %v", err)
		}
		approveGate(t, ctx, h, e3)
		wf3, err := final(t, ctx, e3)
		if err != nil {
			t.Fatalf("e3: %v", err)
		}
		recordHistory(t, ctx, h, e2.run.GetID(), historyDir, "concurrency_buffered")
		wantSerial(t, wf1, wf2, wf3)
		if !(*wf1.EndTime <= *wf2.StartTime && *wf2.EndTime <= *wf3.StartTime) {
			t.Errorf("CONC-1: not in arrival order: e1 [%d, %d], e2 [%d, %d], e3 [%d, %d]",
				*wf1.StartTime, *wf1.EndTime, *wf2.StartTime, *wf2.EndTime, *wf3.StartTime, *wf3.EndTime)
		}
		waitLockClosed(t, ctx, h, interpreter.ConcurrencyWorkflowID(cfg))
	})
	t.Run("CONC-1: keep_waiting_pipelines false: a completion starts the first waiter and purges the rest (CANCELED)", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
		defer cancel()
		cfg := "conc-purge"
		e1 := startLimited(t, ctx, h, "e1", cfg, false, false)
		e2 := startLimited(t, ctx, h, "e2", cfg, false, true)
		e3 := startLimited(t, ctx, h, "e3", cfg, false, true)
		approveGate(t, ctx, h, e1)
		wf3, err := final(t, ctx, e3)
		if !temporal.IsCanceledError(err) {
			t.Errorf("e3: error %v, want canceled", err)
		}
		if wf3.Status != model.StatusCanceled || !wf3.IsCanceled || wf3.CanceledBy != interpreter.PurgeCanceledBy ||
			wf3.CancellationReason != interpreter.PurgeReason || wf3.StartTime != nil {
			t.Errorf("semantics §10.9 Go rule: purged e3 = %s canceled %v by %q (%q), start %v; want CANCELED by %q (%q), never started",
				wf3.Status, wf3.IsCanceled, wf3.CanceledBy, wf3.CancellationReason, wf3.StartTime,
				interpreter.PurgeCanceledBy, interpreter.PurgeReason)
		}
		wantStages(t, wf3, map[string]string{"gate": "CANCELED"})
		approveGate(t, ctx, h, e2)
		wf2, err := final(t, ctx, e2)
		if err != nil {
			t.Fatalf("e2: %v", err)
		}
		wf1, err := final(t, ctx, e1)
		if err != nil {
			t.Fatalf("e1: %v", err)
		}
		wantSerial(t, wf1, wf2)
		waitLockClosed(t, ctx, h, interpreter.ConcurrencyWorkflowID(cfg))
		recordHistory(t, ctx, h, e3.run.GetID(), historyDir, "concurrency_purged")
		recordHistory(t, ctx, h, interpreter.ConcurrencyWorkflowID(cfg), coordinatorHistoryDir, "concurrency_purge")
	})
	t.Run("CONC-1 + issue 7: a terminated holder's slot goes to the first waiter", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
		defer cancel()
		cfg := "conc-dead"
		e1 := startLimited(t, ctx, h, "e1", cfg, true, false)
		e2 := startLimited(t, ctx, h, "e2", cfg, true, true)
		if err := h.Client.TerminateWorkflow(ctx, e1.run.GetID(), "", "test: a holder that dies"); err != nil {
			t.Fatalf("terminate e1: %v", err)
		}
		approveGate(t, ctx, h, e2)
		if _, err := final(t, ctx, e2); err != nil {
			t.Fatalf("e2: %v", err)
		}
		waitLockClosed(t, ctx, h, interpreter.ConcurrencyWorkflowID(cfg))
	})
}
