package engine

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// TestPauseResume pins §10.4 with the Go rules.
func TestPauseResume(t *testing.T) {
	t.Run("PAUSE-1/in-flight task finishes, next task parked, resume re-runs it", func(t *testing.T) {
		h := newHarness(t, wfOf(tasks(st("A", "noop"), "t1", "t2")), results(map[string][]model.TaskResult{"A/0": {hold}}))
		h.do(Started{At: t0})
		h.now = t0.Add(time.Second)
		h.do(PauseRequested{At: h.now, Req: model.ControlRequest{User: "ops"}})
		if h.e.Status() != model.StatusPaused {
			t.Fatalf("status %s", h.e.Status())
		}
		h.finish("A", ok(nil))
		v, _ := h.e.StageView("A")
		if v.Tasks[0].Status != model.StatusSucceeded || v.Tasks[1].Status != model.StatusPaused || v.Status != model.StatusPaused {
			t.Fatalf("after pause: task0 %s task1 %s stage %s", v.Tasks[0].Status, v.Tasks[1].Status, v.Status)
		}
		if slices.Contains(h.ran(), "A/1") {
			t.Fatalf("t2 ran while paused: %v", h.ran())
		}
		h.now = t0.Add(5 * time.Second)
		h.do(ResumeRequested{At: h.now, Req: model.ControlRequest{User: "ops"}})
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
		p := h.e.View().Paused
		if p == nil || p.PausedBy != "ops" || p.PausedMs != 4000 || p.ResumeTime == nil {
			t.Errorf("paused details %+v", p)
		}
	})
	t.Run("PAUSE-2/paused_ms accumulates over pauses", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow")), results(map[string][]model.TaskResult{"A": {hold}}))
		h.do(Started{At: t0})
		for i, d := range []time.Duration{time.Second, 2 * time.Second} {
			start := t0.Add(time.Duration(10*(i+1)) * time.Second)
			h.do(PauseRequested{At: start})
			h.do(ResumeRequested{At: start.Add(d)})
		}
		if got := h.e.View().Paused.PausedMs; got != 3000 {
			t.Errorf("paused_ms %d, want 3000", got)
		}
	})
	t.Run("PAUSE-1/a completion during a pause is held until resume", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow")), results(map[string][]model.TaskResult{"A": {hold}}))
		h.do(Started{At: t0})
		h.do(PauseRequested{At: t0})
		h.finish("A", ok(nil))
		if h.done != nil || h.e.Status() != model.StatusPaused {
			t.Fatalf("completed while paused: %s", h.e.Status())
		}
		h.do(ResumeRequested{At: t0})
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("PAUSE-1/a poll timer firing during a pause parks the task", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "http")), results(map[string][]model.TaskResult{"A": {model.Running(nil)}}))
		h.send(Started{At: t0})
		h.send(PauseRequested{At: t0})
		h.drive()
		v, _ := h.e.StageView("A")
		if v.Status != model.StatusPaused || v.Tasks[0].Status != model.StatusPaused {
			t.Fatalf("stage %s task %s", v.Status, v.Tasks[0].Status)
		}
		h.do(ResumeRequested{At: h.now})
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
	})
}

// TestCancel pins §10.6, §10.7 and §10.8.
func TestCancel(t *testing.T) {
	t.Run("CANCEL-1/cancel while running: stages CANCELED, canceled_by and reason", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow"), st("B", "noop", "A"), st("C", "noop")), results(map[string][]model.TaskResult{"A": {hold}}))
		h.do(Started{At: t0})
		h.do(CancelRequested{At: t0, Req: model.ControlRequest{User: "bob", Reason: "enough"}})
		h.expect("A:CANCELED B:CANCELED C:SUCCEEDED | WF:CANCELED")
		v := h.e.View()
		if !v.IsCanceled || v.CanceledBy != "bob" || v.CancellationReason != "enough" {
			t.Errorf("cancel fields %v %q %q", v.IsCanceled, v.CanceledBy, v.CancellationReason)
		}
		if !slices.Contains(h.log, "cancel A/0/1/0") {
			t.Errorf("no CancelTask for the in-flight task: %v", h.log)
		}
		// The late result of the canceled task is discarded.
		h.finish("A", ok(nil))
		if h.status("A") != "CANCELED" {
			t.Errorf("A = %s after late result", h.status("A"))
		}
	})
	t.Run("CANCEL-2/cancel before start cancels every stage; start is ignored", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "noop"), st("B", "noop", "A")), nil)
		h.do(CancelRequested{At: t0})
		h.do(Started{At: t0})
		h.expect("A:CANCELED B:CANCELED | WF:CANCELED")
		if h.e.View().CanceledBy != "unknown" {
			t.Errorf("canceled_by %q", h.e.View().CanceledBy)
		}
	})
	t.Run("CANCEL-2/cancel of a completed workflow is refused and a no-op", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop")), nil)
		ev := CancelRequested{At: t0}
		var ist *model.InvalidStateTransitionError
		if err := h.e.Validate(ev); !errors.As(err, &ist) {
			t.Errorf("Validate = %v, want InvalidStateTransitionError", err)
		}
		if cmds := h.e.Step(ev); len(cmds) != 0 || h.e.Status() != model.StatusSucceeded {
			t.Errorf("cmds %v status %s", cmds, h.e.Status())
		}
	})
	t.Run("CANCEL-1/a TERMINAL stage makes a canceled run TERMINAL", func(t *testing.T) {
		h := newHarness(t, wfOf(ctx(st("A", "noop"), "failPipeline", false), st("S", "slow")), results(map[string][]model.TaskResult{"A": {fail("x")}, "S": {hold}}))
		h.do(Started{At: t0})
		h.do(CancelRequested{At: t0})
		h.expect("A:STOPPED S:CANCELED | WF:CANCELED")
	})
	t.Run("CANCEL-3/cancel_stage starts no downstream and runs no check", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow"), st("B", "noop", "A"), st("C", "slow")), results(map[string][]model.TaskResult{"A": {hold}, "C": {hold}}))
		h.do(Started{At: t0})
		h.do(StageCancelRequested{At: t0, Req: model.StageRequest{StageRefID: "A"}})
		if got := h.statuses(); got != "A:CANCELED B:NOT_STARTED C:RUNNING | WF:RUNNING" {
			t.Fatalf("got %s", got)
		}
		h.finish("C", ok(nil))
		// Quiescence (§6.6 Go rule) ends the run once nothing can move.
		h.expect("A:CANCELED B:NOT_STARTED C:SUCCEEDED | WF:CANCELED")
	})
	t.Run("REGION-1/cancel region cancels incomplete stages, synthetic included", func(t *testing.T) {
		a := st("A", "slow")
		a.CancelRegion = "r"
		b1 := child(st("b1", "slow"), "P", model.OwnerStageBefore)
		b1.CancelRegion = "r"
		h := newHarness(t, wfOf(a, st("B", "noop", "A"), st("P", "noop"), b1), results(map[string][]model.TaskResult{"A": {hold}, "b1": {hold}}))
		h.do(Started{At: t0})
		h.do(RegionCanceled{At: t0, Req: model.CancelRegionRequest{Region: "r"}})
		h.expect("A:CANCELED B:NOT_STARTED P:CANCELED b1:CANCELED | WF:CANCELED")
	})
	t.Run("REGION-1/an empty region is ignored", func(t *testing.T) {
		a := st("A", "slow")
		h := newHarness(t, wfOf(a), results(map[string][]model.TaskResult{"A": {hold}}))
		h.do(Started{At: t0})
		h.do(RegionCanceled{At: t0})
		if h.status("A") != "RUNNING" {
			t.Errorf("A = %s", h.status("A"))
		}
	})
}

// TestValidate pins the refusals of Engine.Validate.
func TestValidate(t *testing.T) {
	e := New(wfOf(st("A", "slow")), Options{})
	var ist *model.InvalidStateTransitionError
	if err := e.Validate(PauseRequested{}); !errors.As(err, &ist) || ist.From != model.StatusNotStarted || ist.To != model.StatusPaused {
		t.Errorf("pause before start: %v", err)
	}
	e.Step(Started{At: t0})
	tests := []struct {
		name    string
		ev      Event
		wantErr string
	}{
		{"PAUSE-1/resume of a running workflow is refused", ResumeRequested{}, "RUNNING -> RUNNING"},
		{"PAUSE-1/pause of a running workflow is accepted", PauseRequested{}, ""},
		{"SIG-1/signal to an unknown stage is refused", StageSignaled{Signal: model.StageSignal{StageRefID: "nope"}}, `unknown stage "nope"`},
		{"SIG-4/approval of an unknown stage is refused", ApprovalDecided{Req: model.ApprovalRequest{StageRefID: "x"}}, `unknown stage "x"`},
		{"CANCEL-3/cancel of an unknown stage is refused", StageCancelRequested{Req: model.StageRequest{StageRefID: "x"}}, `unknown stage "x"`},
		{"RESTART-1/restart of a running stage is refused", StageRestartRequested{Req: model.StageRequest{StageRefID: "A"}}, "RUNNING -> NOT_STARTED"},
		{"MI-3/add_instance to a stage without mi_config is refused", InstanceAdded{Req: model.AddInstanceRequest{StageRefID: "A"}}, "no mi_config"},
		{"SIG-1/signal to a known stage is accepted", StageSignaled{Signal: model.StageSignal{StageRefID: "A"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := e.Validate(tc.ev)
			if tc.wantErr == "" {
				if err != nil {
					t.Errorf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Validate = %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
}

// TestSignals pins §10.1-10.3.
func TestSignals(t *testing.T) {
	t.Run("SIG-1/suspend then a signal resumes the same task with _signal_*", func(t *testing.T) {
		var seen []any
		h := newHarness(t, wfOf(st("A", "gate"), st("B", "noop", "A")), func(rt RunTask) (model.TaskResult, bool) {
			seen = append(seen, rt.Input.Context[KeySignalName])
			if rt.Task.Stage != "A" || rt.Input.Context[KeySignalName] == "go" {
				return ok(nil), true
			}
			return model.TaskResult{Status: model.StatusSuspended}, true
		})
		h.do(Started{At: t0})
		if h.status("A") != "SUSPENDED" || h.done != nil {
			t.Fatalf("A = %s", h.status("A"))
		}
		h.do(StageSignaled{At: t0, Signal: model.StageSignal{StageRefID: "A", Name: "go", Data: 1.0}})
		h.expect("A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED")
		if !slices.Equal(h.ran(), []string{"A/0", "A/0", "B/0"}) || seen[1] != "go" {
			t.Errorf("ran %v seen %v", h.ran(), seen)
		}
	})
	t.Run("SIG-2/a persistent signal sent early is buffered and consumed at suspend", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow"), st("B", "gate", "A")), func(rt RunTask) (model.TaskResult, bool) {
			if rt.Task.Stage == "A" {
				return model.TaskResult{}, false
			}
			if rt.Input.Context[KeySignalName] == "early" {
				return ok(nil), true
			}
			return model.TaskResult{Status: model.StatusSuspended}, true
		})
		h.do(Started{At: t0})
		h.do(StageSignaled{At: t0, Signal: model.StageSignal{StageRefID: "B", Name: "early", Persistent: true}})
		h.finish("A", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("SIG-3/a transient signal to a non-suspended stage is dropped", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow"), st("B", "gate", "A")), func(rt RunTask) (model.TaskResult, bool) {
			if rt.Task.Stage == "A" {
				return model.TaskResult{}, false
			}
			if rt.Input.Context[KeySignalName] == "early" {
				return ok(nil), true
			}
			return model.TaskResult{Status: model.StatusSuspended}, true
		})
		h.do(Started{At: t0})
		h.do(StageSignaled{At: t0, Signal: model.StageSignal{StageRefID: "B", Name: "early"}})
		h.finish("A", ok(nil))
		h.expect("A:SUCCEEDED B:SUSPENDED | WF:RUNNING")
	})
	t.Run("SIG-4/approval task suspends without an activity; approve succeeds", func(t *testing.T) {
		h := run(t, wfOf(st("A", "approval"), st("B", "noop", "A")), nil)
		if h.status("A") != "SUSPENDED" || len(h.ran()) != 0 {
			t.Fatalf("A = %s ran %v", h.status("A"), h.ran())
		}
		h.do(ApprovalDecided{At: t0, Approved: true, Req: model.ApprovalRequest{StageRefID: "A", Data: "lgtm"}})
		h.expect("A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED")
		v, _ := h.e.StageView("A")
		if v.Outputs["approved"] != true || v.Outputs["approval"] != "lgtm" {
			t.Errorf("outputs %v", v.Outputs)
		}
	})
	t.Run("SIG-4/reject fails the stage; reject-continues goes on", func(t *testing.T) {
		h := run(t, wfOf(st("A", "approval"), ctx(st("C", "approval"), "approval_reject_continues", true)), nil)
		h.do(ApprovalDecided{At: t0, Req: model.ApprovalRequest{StageRefID: "C"}})
		h.do(ApprovalDecided{At: t0, Req: model.ApprovalRequest{StageRefID: "A"}})
		h.expect("A:TERMINAL C:FAILED_CONTINUE | WF:TERMINAL")
	})
	t.Run("SIG-4/an early approval is buffered", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow"), st("B", "approval", "A")), results(map[string][]model.TaskResult{"A": {hold}}))
		h.do(Started{At: t0})
		h.do(ApprovalDecided{At: t0, Approved: true, Req: model.ApprovalRequest{StageRefID: "B"}})
		h.finish("A", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("WF-FINAL-1/a suspended stage keeps the workflow running", func(t *testing.T) {
		h := run(t, wfOf(st("A", "approval"), st("B", "noop")), nil)
		h.expect("A:SUSPENDED B:SUCCEEDED | WF:RUNNING")
	})
}
