package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// Rule ids of the §12 checklist of docs/stabilize-semantics.md that the
// engine pins: JUMP-9 and TASK-ERR-3.

// heldTask returns the held RunTask of stage ref (it must exist).
func heldTask(h *harness, ref string) RunTask {
	h.t.Helper()
	for _, rt := range h.held {
		if rt.Task.Stage == ref {
			return rt
		}
	}
	h.t.Fatalf("no held task for %s (held: %v)", ref, h.held)
	return RunTask{}
}

func TestRuleJumpAtomic(t *testing.T) {
	t.Run("JUMP-9 one Step of the REDIRECT result applies the whole backward jump", func(t *testing.T) {
		// A -> B -> C, A -> P; C jumps back to A while P still runs.
		def := wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "jumper", "B"), st("P", "slow", "A"))
		h := newHarness(t, def, results(map[string][]model.TaskResult{"C": {hold}, "P": {hold}}))
		h.do(Started{At: t0})
		if got := h.statuses(); got != "A:SUCCEEDED B:SUCCEEDED C:RUNNING P:RUNNING | WF:RUNNING" {
			t.Fatalf("before the jump: %s", got)
		}
		c := heldTask(h, "C")
		oldP := heldTask(h, "P")
		h.held = nil

		cmds := h.e.Step(TaskFinished{At: t0, Task: c.Task, Result: jumpTo("A", map[string]any{"iter": 2.0})})

		// After this single Step, no intermediate state is visible: the
		// source and the target's downstream are reset, the target has
		// restarted with the jump's context, and the jumping task ended
		// REDIRECT before its reset.
		v := h.e.View()
		byRef := map[string]*model.StageExecution{}
		for _, s := range v.Stages {
			byRef[s.RefID] = s
		}
		a, b, cs, p := byRef["A"], byRef["B"], byRef["C"], byRef["P"]
		if a.Status != model.StatusRunning || a.Tasks[0].Status != model.StatusRunning {
			t.Errorf("target A = %s/%s, want RUNNING (restarted by the jump)", a.Status, a.Tasks[0].Status)
		}
		for _, s := range []*model.StageExecution{b, cs, p} {
			if s.Status != model.StatusNotStarted || s.StartTime != nil || s.EndTime != nil || len(s.Outputs) != 0 {
				t.Errorf("%s not reset: status %s start %v end %v outputs %v", s.RefID, s.Status, s.StartTime, s.EndTime, s.Outputs)
			}
			for _, task := range s.Tasks {
				if task.Status != model.StatusNotStarted || task.StartTime != nil || task.EndTime != nil {
					t.Errorf("%s task not reset: %+v", s.RefID, task)
				}
			}
		}
		for _, s := range []*model.StageExecution{a, cs} {
			if fmt.Sprint(s.Context[KeyJumpCount]) != "1" || s.Context["iter"] != 2.0 {
				t.Errorf("%s context after the jump: %v", s.RefID, s.Context)
			}
		}
		if v.Status != model.StatusRunning {
			t.Errorf("workflow %s, want RUNNING", v.Status)
		}
		var runs []string
		for _, cmd := range cmds {
			if rt, ok := cmd.(RunTask); ok {
				runs = append(runs, rt.Task.Stage)
			}
			if _, ok := cmd.(Complete); ok {
				t.Errorf("the jump completed the workflow: %v", cmds)
			}
		}
		if strings.Join(runs, ",") != "A" {
			t.Errorf("RunTask commands of the jump step: %v, want only A", runs)
		}

		// The result of P's execution started before the reset is discarded.
		h.send(TaskFinished{At: t0, Task: oldP.Task, Result: ok(map[string]any{"stale": true})})
		for _, cmd := range cmds {
			h.handle(cmd)
		}
		h.respond = results(nil)
		h.drive()
		if pv, _ := h.e.StageView("P"); pv.Outputs["stale"] != nil {
			t.Errorf("stale P result applied: %v", pv.Outputs)
		}
		ran := strings.Join(h.ran(), ",")
		if strings.Count(ran, "P/0") != 2 || strings.Count(ran, "C/0") != 2 || strings.Count(ran, "A/0") != 2 {
			t.Errorf("runs %s: A, C and P must each run twice", ran)
		}
		h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED P:SUCCEEDED | WF:SUCCEEDED")
	})
}

func TestRuleTaskPermanentError(t *testing.T) {
	terminal := model.TaskResult{Status: model.StatusTerminal, Error: "activity failed: boom",
		ExceptionDetails: map[string]any{"type": "BoomError", "error": "boom"}}
	t.Run("TASK-ERR-3 a TERMINAL result with an error type sets context.exception and the failure status", func(t *testing.T) {
		h := run(t, wfOf(st("A", "custom"), st("B", "noop", "A")), results(map[string][]model.TaskResult{"A": {terminal}}))
		h.expect("A:TERMINAL B:NOT_STARTED | WF:TERMINAL")
		a, _ := h.e.StageView("A")
		want := map[string]any{"details": map[string]any{
			"error": "activity failed: boom", "errors": []any{"activity failed: boom"}, "transient": false, "error_code": "BoomError"}}
		if !model.EqualValues(a.Context["exception"], want) {
			t.Errorf("context.exception = %#v\nwant %#v", a.Context["exception"], want)
		}
		if a.Context["error"] != "activity failed: boom" {
			t.Errorf("context.error = %v", a.Context["error"])
		}
		if !model.EqualValues(a.Tasks[0].TaskExceptionDetails, terminal.ExceptionDetails) {
			t.Errorf("task_exception_details = %v", a.Tasks[0].TaskExceptionDetails)
		}
		if a.Tasks[0].Status != model.StatusTerminal {
			t.Errorf("task status %s", a.Tasks[0].Status)
		}
	})
	t.Run("TASK-ERR-3 the task's failure_status follows continuePipelineOnFailure", func(t *testing.T) {
		h := run(t, wfOf(ctx(st("A", "custom"), "continuePipelineOnFailure", true), st("B", "noop", "A")),
			results(map[string][]model.TaskResult{"A": {terminal}}))
		h.expect("A:FAILED_CONTINUE B:SUCCEEDED | WF:SUCCEEDED")
		a, _ := h.e.StageView("A")
		if a.Tasks[0].Status != model.StatusFailedContinue || a.Context["exception"] == nil {
			t.Errorf("task %s exception %v", a.Tasks[0].Status, a.Context["exception"])
		}
	})
	t.Run("TASK-ERR-3 the task's failure_status follows failPipeline=false", func(t *testing.T) {
		h := run(t, wfOf(ctx(st("A", "custom"), "failPipeline", false)), results(map[string][]model.TaskResult{"A": {terminal}}))
		a, _ := h.e.StageView("A")
		if a.Tasks[0].Status != model.StatusStopped || a.Context["exception"] == nil {
			t.Errorf("task %s exception %v", a.Tasks[0].Status, a.Context["exception"])
		}
	})
	t.Run("TASK-ERR-3 a plain TERMINAL result without exception details sets no context.exception", func(t *testing.T) {
		h := run(t, wfOf(st("A", "custom")), results(map[string][]model.TaskResult{"A": {fail("nope")}}))
		h.expect("A:TERMINAL | WF:TERMINAL")
		a, _ := h.e.StageView("A")
		if _, has := a.Context["exception"]; has || a.Context["error"] != "nope" {
			t.Errorf("context = %v", a.Context)
		}
	})
}
