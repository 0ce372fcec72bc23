package engine

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// TestFinalStatus pins the final-status algorithm of §6.6 and the join and
// failure rules that feed it, one outcome line per row.
func TestFinalStatus(t *testing.T) {
	tests := []struct {
		name   string
		def    func() *model.Workflow
		script map[string][]model.TaskResult
		want   string
	}{
		{"WF-FINAL-1/all succeed", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"))
		}, nil, "A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED"},
		{"WF-FINAL-1/single terminal stage", func() *model.Workflow {
			return wfOf(st("A", "noop"))
		}, map[string][]model.TaskResult{"A": {fail("boom")}}, "A:TERMINAL | WF:TERMINAL"},
		{"JOIN-AND-1/diamond waits for both branches", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "A"), st("D", "noop", "B", "C"))
		}, nil, "A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED D:SUCCEEDED | WF:SUCCEEDED"},
		{"JOIN-AND-2/halted upstream blocks the join", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "A"), st("D", "noop", "B", "C"))
		}, map[string][]model.TaskResult{"B": {fail("boom")}}, "A:SUCCEEDED B:TERMINAL C:CANCELED D:NOT_STARTED | WF:TERMINAL"}, // C was still running (§2.3)
		{"JOIN-AND-3/stopped upstream blocks the join", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "failPipeline", false), st("B", "noop"), st("J", "noop", "A", "B"))
		}, map[string][]model.TaskResult{"A": {fail("soft")}}, "A:STOPPED B:SUCCEEDED J:NOT_STARTED | WF:SUCCEEDED"},
		{"JOIN-AND-1/skipped and failed_continue upstreams count as done", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "stageEnabled", false), ctx(st("B", "noop"), "continuePipelineOnFailure", true), st("J", "noop", "A", "B"))
		}, map[string][]model.TaskResult{"B": {fail("x")}}, "A:SKIPPED B:FAILED_CONTINUE J:SUCCEEDED | WF:SUCCEEDED"},
		{"FAIL-1/failPipeline=false gives STOPPED and a successful run", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "failPipeline", false), st("C", "noop"))
		}, map[string][]model.TaskResult{"A": {fail("x")}}, "A:STOPPED C:SUCCEEDED | WF:SUCCEEDED"},
		{"FAIL-2/continuePipelineOnFailure runs downstream", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "continuePipelineOnFailure", true), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {fail("x")}}, "A:FAILED_CONTINUE B:SUCCEEDED | WF:SUCCEEDED"},
		{"FAIL-3/completeOtherBranchesThenFail turns STOPPED into TERMINAL", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "failPipeline", false, "completeOtherBranchesThenFail", true), st("C", "noop"))
		}, map[string][]model.TaskResult{"A": {fail("x")}}, "A:STOPPED C:SUCCEEDED | WF:TERMINAL"},
		{"FAIL-6/_blocking_failure escalates FAILED_CONTINUE to TERMINAL", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "continuePipelineOnFailure", true, "_blocking_failure", true), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {fail("x")}}, "A:TERMINAL B:NOT_STARTED | WF:TERMINAL"},
		{"TASK-RES-1/stopped() halts downstream, workflow succeeds", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusStopped}}}, "A:STOPPED B:NOT_STARTED | WF:SUCCEEDED"},
		{"TASK-RES-1/canceled() cancels the workflow", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusCanceled}}}, "A:CANCELED B:NOT_STARTED | WF:CANCELED"},
		{"TASK-RES-1/canceled() with failPipeline=false is STOPPED", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "failPipeline", false), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusCanceled}}}, "A:STOPPED B:NOT_STARTED | WF:SUCCEEDED"},
		{"TASK-RES-1/canceled() with continuePipelineOnFailure is FAILED_CONTINUE", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "continuePipelineOnFailure", true), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusCanceled}}}, "A:FAILED_CONTINUE B:SUCCEEDED | WF:SUCCEEDED"},
		{"TASK-RES-1/failed_continue() lets downstream run", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusFailedContinue, Error: "meh"}}}, "A:FAILED_CONTINUE B:SUCCEEDED | WF:SUCCEEDED"},
		{"TASK-RES-3/redirect without a target is a success", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusRedirect}}}, "A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED"},
		{"TASK-RES-1/an unknown result status is terminal", func() *model.Workflow {
			return wfOf(st("A", "noop"))
		}, map[string][]model.TaskResult{"A": {{Status: model.StatusBuffered}}}, "A:TERMINAL | WF:TERMINAL"},
		{"PLAN-1/a stage without tasks succeeds at once", func() *model.Workflow {
			return wfOf(tasks(st("A", "noop")), st("B", "noop", "A"))
		}, nil, "A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED"},
		{"ENABLE-1/stageEnabled=false skips, downstream runs", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "stageEnabled", false), st("B", "noop", "A"))
		}, nil, "A:SKIPPED B:SUCCEEDED | WF:SUCCEEDED"},
		{"TASK-RES-4/manualSkip skips the task, the stage succeeds", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "manualSkip", true))
		}, nil, "A:SUCCEEDED | WF:SUCCEEDED"},
		{"FAIL-4/a TERMINAL stage ends the run at once, running stages canceled", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("C", "slow"))
		}, map[string][]model.TaskResult{"A": {fail("x")}, "C": {hold}}, "A:TERMINAL C:CANCELED | WF:TERMINAL"},
		{"WF-FINAL-1/a STOPPED stage waits for the other branches", func() *model.Workflow {
			return wfOf(ctx(st("A", "noop"), "failPipeline", false), st("C", "wait"))
		}, map[string][]model.TaskResult{"A": {fail("x")}}, "A:STOPPED C:SUCCEEDED | WF:SUCCEEDED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := run(t, tc.def(), results(tc.script))
			h.expect(tc.want)
		})
	}
}

// TestTaskSequence pins the task order rules of §3.1.
func TestTaskSequence(t *testing.T) {
	t.Run("TASK-SEQ-1/tasks run one at a time in declared order", func(t *testing.T) {
		h := run(t, wfOf(tasks(st("A", "noop"), "n0", "n1", "n2", "n3", "n4", "n5")), nil)
		want := []string{"A/0", "A/1", "A/2", "A/3", "A/4", "A/5"}
		if got := h.ran(); !slices.Equal(got, want) {
			t.Errorf("ran %v, want %v", got, want)
		}
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
		v, _ := h.e.StageView("A")
		if !v.Tasks[0].StageStart || !v.Tasks[5].StageEnd || v.Tasks[2].StageEnd {
			t.Errorf("stage_start/stage_end flags not derived from order")
		}
	})
	t.Run("TASK-SEQ-2/a terminal task stops the sequence (Go rule; Python would run t2)", func(t *testing.T) {
		h := run(t, wfOf(tasks(st("A", "noop"), "t1", "t2")), results(map[string][]model.TaskResult{"A/0": {fail("boom")}}))
		if got := h.ran(); !slices.Equal(got, []string{"A/0"}) {
			t.Errorf("ran %v, want only A/0", got)
		}
		v, _ := h.e.StageView("A")
		if v.Tasks[1].Status != model.StatusNotStarted || v.Context["error"] != "boom" {
			t.Errorf("t2 %s, context.error %v", v.Tasks[1].Status, v.Context["error"])
		}
		h.expect("A:TERMINAL | WF:TERMINAL")
	})
	t.Run("TASK-SEQ-2/skipped and failed_continue tasks continue the sequence", func(t *testing.T) {
		h := run(t, wfOf(tasks(st("A", "noop"), "t1", "t2", "t3")), results(map[string][]model.TaskResult{
			"A/0": {{Status: model.StatusSkipped}}, "A/1": {{Status: model.StatusFailedContinue, Error: "x"}}}))
		if got := h.ran(); !slices.Equal(got, []string{"A/0", "A/1", "A/2"}) {
			t.Errorf("ran %v", got)
		}
		h.expect("A:FAILED_CONTINUE | WF:SUCCEEDED")
	})
	t.Run("DETSTAT-1/all tasks skipped gives SUCCEEDED, not SKIPPED", func(t *testing.T) {
		h := run(t, wfOf(tasks(st("A", "noop"), "t1", "t2")), results(map[string][]model.TaskResult{
			"A": {{Status: model.StatusSkipped}, {Status: model.StatusSkipped}}}))
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
	})
}

// TestTaskResults pins §3.4 details beyond the final statuses.
func TestTaskResults(t *testing.T) {
	t.Run("TASK-RES-2/RUNNING is polled again after PollInterval, context kept", func(t *testing.T) {
		h := run(t, wfOf(st("A", "http")), results(map[string][]model.TaskResult{"A": {
			model.Running(map[string]any{"n": 1.0}), model.Running(map[string]any{"m": 2.0}), ok(map[string]any{"done": true})}}))
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
		want := []string{
			"run A/0/1/0 http", "timer poll:A/0/1/1 1s",
			"run A/0/1/1 http", "timer poll:A/0/1/2 1s",
			"run A/0/1/2 http", "complete SUCCEEDED"}
		if !slices.Equal(h.log, want) {
			t.Errorf("log\n got %q\nwant %q", h.log, want)
		}
		v, _ := h.e.StageView("A")
		if v.Context["n"] != 1.0 || v.Context["m"] != 2.0 || v.Outputs["done"] != true {
			t.Errorf("context %v outputs %v", v.Context, v.Outputs)
		}
	})
	t.Run("TASK-RES-2/the next poll sees the earlier poll's context", func(t *testing.T) {
		var seen []any
		h := run(t, wfOf(st("A", "http")), func(rt RunTask) (model.TaskResult, bool) {
			seen = append(seen, rt.Input.Context["n"])
			if len(seen) == 1 {
				return model.Running(map[string]any{"n": 1.0}), true
			}
			return ok(nil), true
		})
		h.expect("A:SUCCEEDED | WF:SUCCEEDED")
		if len(seen) != 2 || seen[0] != nil || seen[1] != 1.0 {
			t.Errorf("contexts seen %v", seen)
		}
	})
	t.Run("TASK-RES-1/RunTask carries kind, name, summary and the stage context", func(t *testing.T) {
		var got []RunTask
		def := wfOf(ctx(st("A", "shell"), "command", "echo"), st("B", "sub_workflow", "A"))
		def.Stages[0].Name = "Build"
		run(t, def, func(rt RunTask) (model.TaskResult, bool) {
			got = append(got, rt)
			return ok(nil), true
		})
		if len(got) != 2 {
			t.Fatalf("got %d RunTasks", len(got))
		}
		a, b := got[0], got[1]
		if a.Kind != model.KindActivity || a.Name != "shell" || a.Summary != "Build / shell" ||
			a.Input.Context["command"] != "echo" || a.Input.StageRefID != "A" || a.Input.ExecutionID != "wf-1" {
			t.Errorf("RunTask A = %+v", a)
		}
		if b.Kind != model.KindChild {
			t.Errorf("sub_workflow kind = %v, want KindChild", b.Kind)
		}
	})
	t.Run("TASK-RES-1/wait tasks are durable timers, no activity", func(t *testing.T) {
		h := run(t, wfOf(ctx(st("A", "wait"), "waitTime", 2.5)), nil)
		want := []string{"timer wait:A/0/1/0 2.5s", "complete SUCCEEDED"}
		if !slices.Equal(h.log, want) {
			t.Errorf("log %q, want %q", h.log, want)
		}
	})
	t.Run("TASK-TO-3/stageTimeoutMs elapsed makes the task TERMINAL", func(t *testing.T) {
		h := run(t, wfOf(ctx(st("A", "http"), "stageTimeoutMs", 1500.0)), results(map[string][]model.TaskResult{"A": {
			model.Running(nil), model.Running(nil), model.Running(nil)}}))
		h.expect("A:TERMINAL | WF:TERMINAL")
		v, _ := h.e.StageView("A")
		exc, _ := v.Context["exception"].(map[string]any)
		det, _ := exc["details"].(map[string]any)
		if msg, _ := det["error"].(string); !strings.HasPrefix(msg, "Stage exceeded timeout (2000ms > 1500ms)") {
			t.Errorf("exception %v", v.Context["exception"])
		}
	})
	t.Run("COMPLETE-1/a stale result of a finished task is ignored", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "noop"), st("B", "slow", "A")), results(map[string][]model.TaskResult{"B": {hold}}))
		h.send(Started{At: t0})
		h.drive()
		if cmds := h.e.Step(TaskFinished{At: t0, Task: TaskRef{Stage: "A", Task: 0, Run: 1, Exec: 0}, Result: fail("late")}); len(cmds) != 0 {
			t.Errorf("stale result produced %v", cmds)
		}
		if h.status("A") != "SUCCEEDED" {
			t.Errorf("A = %s", h.status("A"))
		}
	})
	t.Run("bug/an unknown stage in a TaskFinished panics", func(t *testing.T) {
		e := New(wfOf(st("A", "noop")), Options{})
		e.Step(Started{At: t0})
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		e.Step(TaskFinished{At: t0, Task: TaskRef{Stage: "nope"}})
	})
}

// TestDataFlow pins the context merge of §4 with the two-layer rule of §8.8.
func TestDataFlow(t *testing.T) {
	seen := func(t *testing.T, def *model.Workflow, outs map[string]map[string]any) map[string]map[string]any {
		t.Helper()
		got := map[string]map[string]any{}
		h := run(t, def, func(rt RunTask) (model.TaskResult, bool) {
			got[rt.Task.Stage] = rt.Input.Context
			return ok(outs[rt.Task.Stage]), true
		})
		if h.done == nil {
			t.Fatalf("run did not complete: %s", h.statuses())
		}
		return got
	}
	t.Run("DATA-1/ancestor outputs merged transitively", func(t *testing.T) {
		got := seen(t, wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "B")),
			map[string]map[string]any{"A": {"a": 1.0}, "B": {"b": 2.0}})
		if got["C"]["a"] != 1.0 || got["C"]["b"] != 2.0 {
			t.Errorf("C saw %v", got["C"])
		}
	})
	t.Run("DATA-2/lists concatenated with dedup, scalars latest wins", func(t *testing.T) {
		got := seen(t, wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "B")),
			map[string]map[string]any{"A": {"l": []any{1.0, 2.0}, "k": "a"}, "B": {"l": []any{2.0, 3.0}, "k": "b"}})
		if !model.EqualValues(got["C"]["l"], []any{1.0, 2.0, 3.0}) || got["C"]["k"] != "b" {
			t.Errorf("C saw %v", got["C"])
		}
	})
	t.Run("DATA-3/parallel key conflicts resolve in definition order", func(t *testing.T) {
		got := seen(t, wfOf(st("A", "noop"), st("B", "noop"), st("J", "noop", "B", "A")),
			map[string]map[string]any{"A": {"k": "a"}, "B": {"k": "b"}})
		if got["J"]["k"] != "b" {
			t.Errorf("J saw k=%v, want b (B is later in definition order)", got["J"]["k"])
		}
	})
	t.Run("DATA-4/the own context beats upstream outputs, own lists appended", func(t *testing.T) {
		got := seen(t, wfOf(st("A", "noop"), ctx(st("B", "noop", "A"), "k", "own", "l", []any{9.0, 1.0})),
			map[string]map[string]any{"A": {"k": "up", "l": []any{1.0, 2.0}}})
		if got["B"]["k"] != "own" || !model.EqualValues(got["B"]["l"], []any{1.0, 2.0, 9.0}) {
			t.Errorf("B saw %v", got["B"])
		}
	})
	t.Run("DATA-6/reducers collect, sum and merge; the reducer beats the own context", func(t *testing.T) {
		j := ctx(st("J", "noop", "A", "B"), "r", "own")
		j.OutputReducers = map[string]string{"r": "collect", "s": "sum", "m": "merge"}
		got := seen(t, wfOf(st("A", "noop"), st("B", "noop"), j), map[string]map[string]any{
			"A": {"r": 1.0, "s": 2.0, "m": map[string]any{"x": 1.0}},
			"B": {"r": 5.0, "s": 3.0, "m": map[string]any{"y": 2.0}}})
		if !model.EqualValues(got["J"]["r"], []any{1.0, 5.0}) || got["J"]["s"] != 5.0 ||
			!model.EqualValues(got["J"]["m"], map[string]any{"x": 1.0, "y": 2.0}) {
			t.Errorf("J saw %v", got["J"])
		}
	})
	t.Run("DATA-7/workflow context and trigger are not injected", func(t *testing.T) {
		def := wfOf(st("A", "noop"))
		def.Context["wfkey"] = 1.0
		def.Trigger.Parameters = map[string]any{"p": 1.0}
		got := seen(t, def, nil)
		if _, ok := got["A"]["wfkey"]; ok {
			t.Errorf("A saw the workflow context: %v", got["A"])
		}
		if _, ok := got["A"]["p"]; ok {
			t.Errorf("A saw trigger parameters: %v", got["A"])
		}
	})
	t.Run("DATA-8/synthetic outputs are invisible downstream", func(t *testing.T) {
		got := seen(t, wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore), st("D", "noop", "P")),
			map[string]map[string]any{"b1": {"syn": true}, "P": {"p": true}})
		if _, ok := got["D"]["syn"]; ok || got["D"]["p"] != true {
			t.Errorf("D saw %v", got["D"])
		}
	})
	t.Run("DATA-1/a task sees earlier task writes of its stage", func(t *testing.T) {
		var second map[string]any
		run(t, wfOf(tasks(st("A", "noop"), "t1", "t2")), func(rt RunTask) (model.TaskResult, bool) {
			if rt.Task.Task == 1 {
				second = rt.Input.Context
			}
			return model.TaskResult{Status: model.StatusSucceeded, Context: map[string]any{"w": 1.0}}, true
		})
		if second["w"] != 1.0 {
			t.Errorf("t2 saw %v", second)
		}
	})
}

// TestSyntheticStages pins §7 and the synthetic steps of §2.13.
func TestSyntheticStages(t *testing.T) {
	tests := []struct {
		name    string
		def     func() *model.Workflow
		script  map[string][]model.TaskResult
		want    string
		wantRan []string
	}{
		{"SYN-1/before-stages, tasks, after-stages, then downstream", func() *model.Workflow {
			return wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore),
				child(st("a1", "noop"), "P", model.OwnerStageAfter), st("D", "noop", "P"))
		}, nil, "P:SUCCEEDED b1:SUCCEEDED a1:SUCCEEDED D:SUCCEEDED | WF:SUCCEEDED", []string{"b1/0", "P/0", "a1/0", "D/0"}},
		{"SYN-2/several before-stages chained", func() *model.Workflow {
			return wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore),
				child(st("b2", "noop", "b1"), "P", model.OwnerStageBefore))
		}, nil, "P:SUCCEEDED b1:SUCCEEDED b2:SUCCEEDED | WF:SUCCEEDED", []string{"b1/0", "b2/0", "P/0"}},
		{"SYN-2/nested synthetic stages", func() *model.Workflow {
			return wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore),
				child(st("bb", "noop"), "b1", model.OwnerStageBefore))
		}, nil, "P:SUCCEEDED b1:SUCCEEDED bb:SUCCEEDED | WF:SUCCEEDED", []string{"bb/0", "b1/0", "P/0"}},
		{"SYN-3/a failing before-stage prevents the tasks", func() *model.Workflow {
			return wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore), st("D", "noop", "P"))
		}, map[string][]model.TaskResult{"b1": {fail("x")}}, "P:TERMINAL b1:TERMINAL D:NOT_STARTED | WF:TERMINAL", []string{"b1/0"}},
		{"SYN-3/parent failure_status applies (failPipeline=false)", func() *model.Workflow {
			return wfOf(ctx(st("P", "noop"), "failPipeline", false), child(st("b1", "noop"), "P", model.OwnerStageBefore))
		}, map[string][]model.TaskResult{"b1": {fail("x")}}, "P:STOPPED b1:TERMINAL | WF:SUCCEEDED", []string{"b1/0"}},
		{"SYN-4/a TERMINAL after-stage makes the parent TERMINAL whatever its flags", func() *model.Workflow {
			return wfOf(ctx(st("P", "noop"), "continuePipelineOnFailure", true), child(st("a1", "noop"), "P", model.OwnerStageAfter), st("D", "noop", "P"))
		}, map[string][]model.TaskResult{"a1": {fail("x")}}, "P:TERMINAL a1:TERMINAL D:NOT_STARTED | WF:TERMINAL", []string{"P/0", "a1/0"}},
		{"SYN-5/FAILED_CONTINUE before-stage without allowSibling ends the parent FAILED_CONTINUE", func() *model.Workflow {
			return wfOf(st("P", "noop"), ctx(child(st("b1", "noop"), "P", model.OwnerStageBefore), "continuePipelineOnFailure", true), st("D", "noop", "P"))
		}, map[string][]model.TaskResult{"b1": {fail("x")}}, "P:FAILED_CONTINUE b1:FAILED_CONTINUE D:SUCCEEDED | WF:SUCCEEDED", []string{"b1/0", "D/0"}},
		{"SYN-5/with allowSibling the parent continues and ends FAILED_CONTINUE", func() *model.Workflow {
			return wfOf(st("P", "noop"), ctx(child(st("b1", "noop"), "P", model.OwnerStageBefore), "continuePipelineOnFailure", true,
				"allowSiblingStagesToContinueOnFailure", true), st("D", "noop", "P"))
		}, map[string][]model.TaskResult{"b1": {fail("x")}}, "P:FAILED_CONTINUE b1:FAILED_CONTINUE D:SUCCEEDED | WF:SUCCEEDED", []string{"b1/0", "P/0", "D/0"}},
		{"DETSTAT-2/FAILED_CONTINUE core still runs after-stages", func() *model.Workflow {
			return wfOf(ctx(st("P", "noop"), "continuePipelineOnFailure", true), child(st("a1", "noop"), "P", model.OwnerStageAfter))
		}, map[string][]model.TaskResult{"P": {fail("x")}}, "P:FAILED_CONTINUE a1:SUCCEEDED | WF:SUCCEEDED", []string{"P/0", "a1/0"}},
		{"PLAN-1/a stage with only after-stages runs them", func() *model.Workflow {
			return wfOf(tasks(st("P", "noop")), child(st("a1", "noop"), "P", model.OwnerStageAfter))
		}, nil, "P:SUCCEEDED a1:SUCCEEDED | WF:SUCCEEDED", []string{"a1/0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := run(t, tc.def(), results(tc.script))
			h.expect(tc.want)
			if got := h.ran(); !slices.Equal(got, tc.wantRan) {
				t.Errorf("ran %v, want %v", got, tc.wantRan)
			}
		})
	}
}

// TestStart pins §10.10 and the start gates of §2.4.
func TestStart(t *testing.T) {
	t.Run("EXPIRY-1/workflow start_time_expiry cancels as system", func(t *testing.T) {
		def := wfOf(st("A", "noop"))
		exp := t0.Add(-time.Second).UnixMilli()
		def.StartTimeExpiry = &exp
		h := run(t, def, nil)
		h.expect("A:CANCELED | WF:CANCELED")
		v := h.e.View()
		if v.CanceledBy != "system" || v.CancellationReason != "Could not begin execution before start time expiry" {
			t.Errorf("canceled_by %q reason %q", v.CanceledBy, v.CancellationReason)
		}
	})
	t.Run("EXPIRY-1/stage start_time_expiry skips, downstream runs", func(t *testing.T) {
		a := st("A", "noop")
		exp := t0.Add(-time.Millisecond).UnixMilli()
		a.StartTimeExpiry = &exp
		h := run(t, wfOf(a, st("B", "noop", "A")), nil)
		h.expect("A:SKIPPED B:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("EXPIRY-1/expiry equal to now is not expired", func(t *testing.T) {
		a := st("A", "noop")
		exp := t0.UnixMilli()
		a.StartTimeExpiry = &exp
		run(t, wfOf(a), nil).expect("A:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("GATE-ORDER-1/stageEnabled is checked before expiry", func(t *testing.T) {
		a := ctx(st("A", "noop"), "stageEnabled", false)
		exp := t0.Add(-time.Second).UnixMilli()
		a.StartTimeExpiry = &exp
		h := run(t, wfOf(a), nil)
		h.expect("A:SKIPPED | WF:SUCCEEDED")
	})
	t.Run("MODEL-3/no initial stage ends TERMINAL", func(t *testing.T) {
		run(t, wfOf(), nil).expect(" | WF:TERMINAL")
	})
	t.Run("Started/sets RUNNING and start_time; a second Started is ignored", func(t *testing.T) {
		e := New(wfOf(st("A", "slow")), Options{})
		cmds := e.Step(Started{At: t0})
		if e.Status() != model.StatusRunning || e.View().StartTime == nil || *e.View().StartTime != t0.UnixMilli() {
			t.Errorf("status %s start %v", e.Status(), e.View().StartTime)
		}
		if len(cmds) != 1 {
			t.Errorf("cmds %v", cmds)
		}
		if again := e.Step(Started{At: t0}); len(again) != 0 {
			t.Errorf("second Started gave %v", again)
		}
	})
}

// TestCompletionTriggers pins when the final-status check runs (§6.6).
func TestCompletionTriggers(t *testing.T) {
	t.Run("WF-FINAL-2/a canceled non-sink does not end the run while another branch runs", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "slow"), st("B", "noop", "A"), st("C", "slow")), results(map[string][]model.TaskResult{"A": {hold}, "C": {hold}}))
		h.do(Started{At: t0})
		h.do(StageCancelRequested{At: t0, Req: model.StageRequest{StageRefID: "A"}})
		if h.done != nil {
			t.Fatalf("completed early: %s", h.statuses())
		}
		h.finish("C", ok(nil))
		h.expect("A:CANCELED B:NOT_STARTED C:SUCCEEDED | WF:CANCELED")
	})
	t.Run("WF-FINAL-2/an armed check waits for a STOPPED run's other branches", func(t *testing.T) {
		h := newHarness(t, wfOf(ctx(st("A", "noop"), "failPipeline", false), st("C", "slow")), results(map[string][]model.TaskResult{"A": {fail("x")}, "C": {hold}}))
		h.do(Started{At: t0})
		if h.done != nil {
			t.Fatalf("completed while C runs: %s", h.statuses())
		}
		h.finish("C", ok(nil))
		h.expect("A:STOPPED C:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("JOIN-AND-4/WAIT with an active upstream emits nothing", func(t *testing.T) {
		e := New(wfOf(st("A", "slow"), st("B", "slow"), st("J", "noop", "A", "B")), Options{})
		e.Step(Started{At: t0})
		cmds := e.Step(TaskFinished{At: t0, Task: TaskRef{Stage: "A", Run: 1}, Result: ok(nil)})
		if len(cmds) != 0 {
			t.Errorf("commands while J waits: %s", describe(cmds))
		}
		if s, _ := e.StageView("J"); s.Status != model.StatusNotStarted {
			t.Errorf("J = %s", s.Status)
		}
	})
	t.Run("COMPLETE-1/a duplicated result is ignored", func(t *testing.T) {
		e := New(wfOf(tasks(st("A", "noop"), "t1", "t2")), Options{})
		e.Step(Started{At: t0})
		ev := TaskFinished{At: t0, Task: TaskRef{Stage: "A", Run: 1}, Result: ok(nil)}
		if got := describe(e.Step(ev)); got != "run A/1/1/0" {
			t.Fatalf("first: %s", got)
		}
		if got := e.Step(ev); len(got) != 0 {
			t.Errorf("duplicate gave %s", describe(got))
		}
	})
	t.Run("SYN-6/a duplicated result while after-stages run is harmless", func(t *testing.T) {
		e := New(wfOf(st("P", "noop"), child(st("a1", "slow"), "P", model.OwnerStageAfter)), Options{})
		e.Step(Started{At: t0})
		ev := TaskFinished{At: t0, Task: TaskRef{Stage: "P", Run: 1}, Result: ok(nil)}
		if got := describe(e.Step(ev)); got != "run a1/0/1/0" {
			t.Fatalf("first: %s", got)
		}
		if got := e.Step(ev); len(got) != 0 || e.Status() != model.StatusRunning {
			t.Errorf("duplicate gave %s, status %s", describe(got), e.Status())
		}
	})
	t.Run("GATE-ORDER-1/stageEnabled=false skips before the mutex gate waits", func(t *testing.T) {
		a, b := st("A", "slow"), ctx(st("B", "noop"), "stageEnabled", false)
		a.MutexKey, b.MutexKey = "k", "k"
		h := newHarness(t, wfOf(a, b), results(map[string][]model.TaskResult{"A": {hold}}))
		h.do(Started{At: t0})
		if h.status("B") != "SKIPPED" {
			t.Errorf("B = %s, want SKIPPED while A holds the mutex", h.status("B"))
		}
	})
	t.Run("GATE-ORDER-1/an expired milestone skips before the choice gate", func(t *testing.T) {
		// A leaves NOT_STARTED (skipped), which decides the group (§2.9);
		// B is evaluated later with an expired milestone: gate 2 wins.
		a, b := ctx(st("A", "noop"), "stageEnabled", false), st("B", "noop", "M")
		a.DeferredChoiceGroup, b.DeferredChoiceGroup = "g", "g"
		b.MilestoneRefID, b.MilestoneStatus = "M", "RUNNING"
		h := run(t, wfOf(st("M", "noop"), a, b), nil)
		h.expect("M:SUCCEEDED A:SKIPPED B:SKIPPED | WF:SUCCEEDED")
		a2, b2 := ctx(st("A", "noop"), "stageEnabled", false), st("B", "noop", "M")
		a2.DeferredChoiceGroup, b2.DeferredChoiceGroup = "g", "g"
		h = run(t, wfOf(st("M", "noop"), a2, b2), nil)
		h.expect("M:SUCCEEDED A:SKIPPED B:CANCELED | WF:SUCCEEDED")
	})
	t.Run("DETSTAT-3/an empty stage claimed ends SUCCEEDED", func(t *testing.T) {
		run(t, wfOf(tasks(st("A", "noop"))), nil).expect("A:SUCCEEDED | WF:SUCCEEDED")
	})
}

// TestEngineErrors pins the Go rule for engine-side errors (§2.13): the
// stage becomes TERMINAL with context.exception and takes the halt path.
func TestEngineErrors(t *testing.T) {
	t.Run("§2.13/a reducer error at planning makes the stage TERMINAL", func(t *testing.T) {
		j := st("J", "noop", "A")
		j.OutputReducers = map[string]string{"v": "max"}
		h := run(t, wfOf(st("A", "noop"), j), results(map[string][]model.TaskResult{"A": {ok(map[string]any{"v": nil})}}))
		h.expect("A:SUCCEEDED J:TERMINAL | WF:TERMINAL")
		v, _ := h.e.StageView("J")
		if v.Context["beforeStagePlanningFailed"] != true || v.Context["exception"] == nil {
			t.Errorf("context %v", v.Context)
		}
		if slices.Contains(h.ran(), "J/0") {
			t.Errorf("J's task ran after a planning error")
		}
	})
}

// TestPermanentError pins §3.8 as the shell reports it: a TERMINAL result
// whose exception details carry the error type is recorded in
// context.exception, and the task takes failure_status.
func TestPermanentError(t *testing.T) {
	res := model.Terminal("connection refused")
	res.ExceptionDetails["type"] = "ShellError"
	h := run(t, wfOf(ctx(st("A", "shell"), "continuePipelineOnFailure", true)), results(map[string][]model.TaskResult{"A": {res}}))
	h.expect("A:FAILED_CONTINUE | WF:SUCCEEDED")
	v, _ := h.e.StageView("A")
	exc, _ := v.Context["exception"].(map[string]any)
	det, _ := exc["details"].(map[string]any)
	if det["error"] != "connection refused" || det["error_code"] != "ShellError" || v.Tasks[0].TaskExceptionDetails["type"] != "ShellError" {
		t.Errorf("exception %v task details %v", v.Context["exception"], v.Tasks[0].TaskExceptionDetails)
	}
}

// TestMiscellany covers the summary query, the §3.6 poll interval taken
// from the definition, and the end-of-run skip of milestone waiters.
func TestMiscellany(t *testing.T) {
	t.Run("QuerySummary/counts stages by status", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop"), ctx(st("B", "noop"), "stageEnabled", false), st("C", "approval")), nil)
		sum := h.e.Summary()
		if sum.Total != 3 || sum.Counts["SUCCEEDED"] != 1 || sum.Counts["SKIPPED"] != 1 || sum.Counts["SUSPENDED"] != 1 || sum.Status != model.StatusRunning {
			t.Errorf("summary %+v", sum)
		}
	})
	t.Run("TASK-RES-2/the http interval sets the poll delay", func(t *testing.T) {
		h := run(t, wfOf(ctx(st("A", "http"), "interval", 7.0)), results(map[string][]model.TaskResult{"A": {model.Running(nil)}}))
		if !slices.Contains(h.log, "timer poll:A/0/1/1 7s") {
			t.Errorf("log %q", h.log)
		}
	})
	t.Run("MILESTONE-2/a milestone that can never be reached is skipped when the run ends", func(t *testing.T) {
		x := st("X", "noop")
		x.MilestoneRefID, x.MilestoneStatus = "M", "RUNNING"
		h := run(t, wfOf(ctx(st("A", "noop"), "failPipeline", false), st("M", "noop", "A"), x), results(map[string][]model.TaskResult{"A": {fail("x")}}))
		h.expect("A:STOPPED M:NOT_STARTED X:SKIPPED | WF:SUCCEEDED")
	})
}
