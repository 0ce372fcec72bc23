package interpreter

import (
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// concRun is an envRun whose concurrency coordinator is a stand-in child
// that records its start and the releases it receives; the test plays the
// coordinator's "go" and "purge" signals.
type concRun struct {
	*envRun
	mu       sync.Mutex
	starts   []LockInput
	releases []LockRequest
}

func newConcRun(t *testing.T) *concRun {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	r := &concRun{envRun: &envRun{t: t, env: suite.NewTestWorkflowEnvironment()}}
	r.env.RegisterWorkflowWithOptions(StabilizeWorkflow, workflow.RegisterOptions{Name: model.WorkflowName})
	r.env.RegisterActivityWithOptions(testNoop, activity.RegisterOptions{Name: "noop"})
	r.env.RegisterWorkflowWithOptions(func(ctx workflow.Context, in LockInput) error {
		r.mu.Lock()
		r.starts = append(r.starts, in)
		r.mu.Unlock()
		// It lives an hour of workflow time (skipped once the run is
		// idle), so the releases the run sends before closing arrive.
		release := workflow.GetSignalChannel(ctx, lockReleaseSignal)
		done := false
		timer := workflow.NewTimer(ctx, time.Hour)
		for !done {
			sel := workflow.NewSelector(ctx)
			sel.AddReceive(release, func(c workflow.ReceiveChannel, _ bool) {
				var q LockRequest
				c.Receive(ctx, &q)
				r.mu.Lock()
				r.releases = append(r.releases, q)
				r.mu.Unlock()
			})
			sel.AddFuture(timer, func(workflow.Future) { done = true })
			sel.Select(ctx)
		}
		return nil
	}, workflow.RegisterOptions{Name: ConcurrencyWorkflowName})
	return r
}

// limited is a definition held to max_concurrent_executions 1 of config
// "cfg", with an approval gate before a noop.
func limited(keep bool) *model.Workflow {
	wf := def(stage("gate", "approval", nil), stage("after", "noop", nil, "gate"))
	wf.PipelineConfigID, wf.IsLimitConcurrent, wf.MaxConcurrentExecutions, wf.KeepWaitingPipelines = "cfg", true, 1, keep
	return wf
}

// statusAt queries the status and summary at d and records the statuses.
func (r *concRun) statusAt(d time.Duration, into *[2]model.WorkflowStatus) {
	r.env.RegisterDelayedCallback(func() {
		var wf *model.Workflow
		var sum model.Summary
		if err := r.query(&wf, model.QueryStatus); err != nil {
			r.t.Errorf("status query: %v", err)
			return
		}
		if err := r.query(&sum, model.QuerySummary); err != nil {
			r.t.Errorf("summary query: %v", err)
			return
		}
		into[0], into[1] = wf.Status, sum.Status
	}, d)
}

func TestShellConcurrencyLimit(t *testing.T) {
	t.Run("CONC-1: a limited run is BUFFERED until go, starts then, and releases its slot at the end", func(t *testing.T) {
		r := newConcRun(t)
		var waiting, running [2]model.WorkflowStatus
		r.statusAt(time.Minute, &waiting)
		r.env.RegisterDelayedCallback(func() { r.env.SignalWorkflow(ConcurrencyGoSignal, slot("x", 1, true)) }, 2*time.Minute)
		r.statusAt(3*time.Minute, &running)
		r.env.RegisterDelayedCallback(func() { // a holder drains liveness pings
			for range 3 {
				r.env.SignalWorkflow(LivenessPingSignal, slot("x", 1, true))
			}
		}, 3*time.Minute)
		r.env.RegisterDelayedCallback(func() {
			r.env.SignalWorkflow(model.UpdateApprove, model.ApprovalRequest{StageRefID: "gate", User: "bob"})
		}, 4*time.Minute)
		begin := r.env.Now()
		wf, err := r.run(Input{Definition: limited(true), Options: RunOptions{LockPingInterval: time.Second}})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		if waiting != [2]model.WorkflowStatus{model.StatusBuffered, model.StatusBuffered} {
			t.Errorf("status, summary before go = %v, want BUFFERED", waiting)
		}
		if running != [2]model.WorkflowStatus{model.StatusRunning, model.StatusRunning} {
			t.Errorf("status, summary after go = %v, want RUNNING", running)
		}
		wantStatuses(t, wf, map[string]string{"gate": "SUCCEEDED", "after": "SUCCEEDED"})
		if wf.StartTime == nil || *wf.StartTime < begin.Add(2*time.Minute).UnixMilli() {
			t.Errorf("start_time = %v, want the time of go (%d)", wf.StartTime, begin.Add(2*time.Minute).UnixMilli())
		}
		if len(r.starts) != 1 || len(r.starts[0].Queue) != 1 || r.starts[0].PingInterval != time.Second {
			t.Fatalf("coordinator starts = %+v, want one carrying the request and the ping interval", r.starts)
		}
		q := r.starts[0].Queue[0]
		if q.Key != "cfg" || q.Limit != 1 || !q.KeepWaiting || q.Stage != "" {
			t.Errorf("request = %+v, want key cfg, limit 1, keep waiting", q)
		}
		if len(r.releases) != 1 || !r.releases[0].same(q) {
			t.Errorf("releases = %+v, want one of %+v", r.releases, q)
		}
	})
	t.Run("CONC-1: a purged run ends CANCELED by system without starting and sends no release", func(t *testing.T) {
		r := newConcRun(t)
		r.env.RegisterDelayedCallback(func() { r.env.SignalWorkflow(ConcurrencyPurgeSignal, slot("x", 1, false)) }, time.Minute)
		wf, err := r.run(Input{Definition: limited(false)})
		if err == nil || wf == nil {
			t.Fatalf("run: error %v, model %v; want CANCELED with the final model", err, wf)
		}
		if wf.Status != model.StatusCanceled || !wf.IsCanceled || wf.CanceledBy != PurgeCanceledBy || wf.CancellationReason != PurgeReason {
			t.Errorf("final = %s canceled %v by %q reason %q; want CANCELED by %q, %q",
				wf.Status, wf.IsCanceled, wf.CanceledBy, wf.CancellationReason, PurgeCanceledBy, PurgeReason)
		}
		wantStatuses(t, wf, map[string]string{"gate": "CANCELED", "after": "CANCELED"})
		if wf.StartTime != nil || len(r.releases) != 0 {
			t.Errorf("start_time %v, releases %v; want never started, no release", wf.StartTime, r.releases)
		}
	})
	t.Run("CONC-1: canceling a BUFFERED run (control or Temporal) ends it CANCELED and takes it out of the queue", func(t *testing.T) {
		for name, cancel := range map[string]func(r *concRun){
			"control":  func(r *concRun) { r.env.SignalWorkflow(model.ControlCancel, model.ControlRequest{User: "bob"}) },
			"temporal": func(r *concRun) { r.env.CancelWorkflow() },
		} {
			t.Run(name, func(t *testing.T) {
				r := newConcRun(t)
				r.env.RegisterDelayedCallback(func() { cancel(r) }, time.Minute)
				wf, err := r.run(Input{Definition: limited(true)})
				if err == nil || wf == nil || wf.Status != model.StatusCanceled {
					t.Fatalf("run: error %v, model %v; want CANCELED", err, wf)
				}
				if len(r.releases) != 1 {
					t.Errorf("releases = %v, want one (leaving the queue)", r.releases)
				}
			})
		}
	})
	t.Run("CONC-1: without is_limit_concurrent, or with max 0, no coordinator is asked", func(t *testing.T) {
		for name, edit := range map[string]func(*model.Workflow){
			"not limited": func(wf *model.Workflow) { wf.IsLimitConcurrent = false },
			"max 0":       func(wf *model.Workflow) { wf.MaxConcurrentExecutions = 0 },
		} {
			t.Run(name, func(t *testing.T) {
				r := newConcRun(t)
				r.env.RegisterDelayedCallback(func() {
					r.env.SignalWorkflow(model.UpdateApprove, model.ApprovalRequest{StageRefID: "gate"})
				}, time.Minute)
				wf := limited(true)
				edit(wf)
				if _, err := r.run(Input{Definition: wf}); err != nil {
					t.Fatalf("run: %v", err)
				}
				if len(r.starts) != 0 || len(r.releases) != 0 {
					t.Errorf("coordinator starts %v, releases %v; want none", r.starts, r.releases)
				}
			})
		}
	})
}
