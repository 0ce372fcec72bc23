package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func jumpTo(ref string, c map[string]any) model.TaskResult {
	return model.TaskResult{Status: model.StatusRedirect, JumpTo: ref, Context: c}
}

// TestJoins pins the join table of §2.2 end to end.
func TestJoins(t *testing.T) {
	join := func(s *model.StageExecution, jt model.JoinType, n int) *model.StageExecution {
		s.JoinType, s.JoinThreshold = jt, n
		return s
	}
	t.Run("JOIN-DISC-1/DISCRIMINATOR fires once on the first completion", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop"), st("B", "noop"), join(st("M", "noop", "A", "B"), model.JoinDiscriminator, 0)), nil)
		h.expect("A:SUCCEEDED B:SUCCEEDED M:SUCCEEDED | WF:SUCCEEDED")
		if n := strings.Count(strings.Join(h.ran(), ","), "M/0"); n != 1 {
			t.Errorf("M ran %d times", n)
		}
	})
	t.Run("JOIN-NOFM-2/two STOPPED of three block N_OF_M(2); the run succeeds", func(t *testing.T) {
		h := run(t, wfOf(ctx(st("A", "noop"), "failPipeline", false), ctx(st("B", "noop"), "failPipeline", false), st("C", "noop"),
			join(st("M", "noop", "A", "B", "C"), model.JoinNOfM, 2)), results(map[string][]model.TaskResult{"A": {fail("x")}, "B": {fail("y")}}))
		h.expect("A:STOPPED B:STOPPED C:SUCCEEDED M:NOT_STARTED | WF:SUCCEEDED")
	})
	t.Run("JOIN-NOFM-1/N_OF_M fires at the threshold while a slow branch still runs", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "noop"), st("B", "noop"), st("C", "slow"), join(st("M", "noop", "A", "B", "C"), model.JoinNOfM, 2)),
			results(map[string][]model.TaskResult{"C": {hold}}))
		h.do(Started{At: t0})
		if h.status("M") != "SUCCEEDED" || h.done != nil {
			t.Fatalf("M = %s done %v", h.status("M"), h.done != nil)
		}
		v, _ := h.e.StageView("M")
		if !model.EqualValues(v.Context[KeyCompletedBranches], []any{"A", "B"}) || v.Context[KeyJoinFired] != true {
			t.Errorf("JOIN-TRACK-1 context %v", v.Context)
		}
		h.finish("C", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED M:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("JOIN-MM-1/MULTI_MERGE fires once per upstream completion, serialized", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "noop"), st("B", "slow"), join(st("M", "noop", "A", "B"), model.JoinMultiMerge, 0), st("N", "noop", "M")),
			results(map[string][]model.TaskResult{"B": {hold}}))
		h.do(Started{At: t0})
		if h.status("N") != "SUCCEEDED" {
			t.Fatalf("first firing: %s", h.statuses())
		}
		h.finish("B", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED M:SUCCEEDED N:SUCCEEDED | WF:SUCCEEDED")
		m, _ := h.e.StageView("M")
		n, _ := h.e.StageView("N")
		if m.RunCount != 2 || n.RunCount != 2 {
			t.Errorf("run_count M=%d N=%d, want 2 and 2", m.RunCount, n.RunCount)
		}
	})
	t.Run("JOIN-MM-1/both upstreams completing together still give two firings", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop"), st("B", "noop"), join(st("M", "noop", "A", "B"), model.JoinMultiMerge, 0)), nil)
		h.expect("A:SUCCEEDED B:SUCCEEDED M:SUCCEEDED | WF:SUCCEEDED")
		if m, _ := h.e.StageView("M"); m.RunCount != 2 {
			t.Errorf("run_count %d", m.RunCount)
		}
	})
	t.Run("JOIN-OR-3/OR split + OR join complete over a SKIPPED branch", func(t *testing.T) {
		s := st("S", "noop")
		s.SplitType = model.SplitOr
		s.SplitConditions = map[string]string{"a": "n > 1", "b": "n > 5"}
		h := run(t, wfOf(s, st("a", "noop", "S"), st("b", "noop", "S"), join(st("J", "noop", "a", "b"), model.JoinOr, 0)),
			results(map[string][]model.TaskResult{"S": {ok(map[string]any{"n": 3.0})}}))
		h.expect("S:SUCCEEDED a:SUCCEEDED b:SKIPPED J:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("SPLIT-OR-3/a skip does not propagate down a branch", func(t *testing.T) {
		s := st("S", "noop")
		s.SplitType = model.SplitOr
		s.SplitConditions = map[string]string{"a1": "true", "b1": "false"}
		h := run(t, wfOf(s, st("a1", "noop", "S"), st("a2", "noop", "a1"), st("b1", "noop", "S"), st("b2", "noop", "b1")), nil)
		h.expect("S:SUCCEEDED a1:SUCCEEDED a2:SUCCEEDED b1:SKIPPED b2:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("ENABLE-2/stageEnabled expression sees direct upstream outputs by ref", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop"),
			ctx(st("B", "noop", "A"), "stageEnabled", map[string]any{"type": "expression", "expression": "A.flag == True"}),
			ctx(st("E", "noop", "A"), "stageEnabled", map[string]any{"type": "expression", "expression": "flag == False"})),
			results(map[string][]model.TaskResult{"A": {ok(map[string]any{"flag": false})}}))
		h.expect("A:SUCCEEDED B:SKIPPED E:SKIPPED | WF:SUCCEEDED")
	})
}

// TestGates pins milestones, mutexes and deferred choice (§2.7-§2.9).
func TestGates(t *testing.T) {
	t.Run("MILESTONE-2/a stage waits for its milestone (Go rule), then runs", func(t *testing.T) {
		x := st("X", "noop")
		x.MilestoneRefID, x.MilestoneStatus = "M", "SUCCEEDED"
		y := st("Y", "noop", "M")
		y.MilestoneRefID, y.MilestoneStatus = "M", "RUNNING"
		h := newHarness(t, wfOf(st("M", "slow"), x, y), results(map[string][]model.TaskResult{"M": {hold}}))
		h.do(Started{At: t0})
		if h.status("X") != "NOT_STARTED" {
			t.Fatalf("X = %s before M finished", h.status("X"))
		}
		h.finish("M", ok(nil))
		h.expect("M:SUCCEEDED X:SUCCEEDED Y:SKIPPED | WF:SUCCEEDED")
	})
	t.Run("MILESTONE-1/milestone in the required status proceeds", func(t *testing.T) {
		x := st("X", "noop")
		x.MilestoneRefID, x.MilestoneStatus = "M", "RUNNING"
		h := newHarness(t, wfOf(st("M", "slow"), x), results(map[string][]model.TaskResult{"M": {hold}}))
		h.do(Started{At: t0})
		if h.status("X") != "SUCCEEDED" {
			t.Fatalf("X = %s", h.status("X"))
		}
		h.finish("M", ok(nil))
		h.expect("M:SUCCEEDED X:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("MUTEX-1/MUTEX-2 one holder at a time; the claim passes on", func(t *testing.T) {
		a, b := st("A", "slow"), st("B", "slow")
		a.MutexKey, b.MutexKey = "k", "k"
		h := newHarness(t, wfOf(a, b), results(map[string][]model.TaskResult{"A": {hold}, "B": {hold}}))
		h.do(Started{At: t0})
		if h.status("B") != "NOT_STARTED" {
			t.Fatalf("B = %s while A holds the mutex", h.status("B"))
		}
		h.finish("A", ok(nil))
		if h.status("B") != "RUNNING" {
			t.Fatalf("B = %s after A released", h.status("B"))
		}
		h.finish("B", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("CHOICE-1/CHOICE-3 the first to claim wins; losers withdrawn, run SUCCEEDED", func(t *testing.T) {
		a, b := st("A", "noop"), st("B", "noop")
		a.DeferredChoiceGroup, b.DeferredChoiceGroup = "g", "g"
		h := run(t, wfOf(a, b, st("A2", "noop", "A"), st("B2", "noop", "B")), nil)
		h.expect("A:SUCCEEDED B:CANCELED A2:SUCCEEDED B2:NOT_STARTED | WF:SUCCEEDED")
		if v, _ := h.e.StageView("B"); !v.Withdrawn {
			t.Errorf("B not marked withdrawn")
		}
	})
}

// TestJumps pins §8 end to end.
func TestJumps(t *testing.T) {
	t.Run("JUMP-6/backward jump re-runs target and downstream", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "B")),
			results(map[string][]model.TaskResult{"C": {jumpTo("A", map[string]any{"iter": 2.0})}}))
		h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED | WF:SUCCEEDED")
		want := []string{"A/0", "B/0", "C/0", "A/0", "B/0", "C/0"}
		if got := h.ran(); !slices.Equal(got, want) {
			t.Errorf("ran %v, want %v", got, want)
		}
		for _, ref := range []string{"A", "C"} {
			if v, _ := h.e.StageView(ref); v.Context[KeyJumpCount] != 1.0 {
				t.Errorf("%s _jump_count %v", ref, v.Context[KeyJumpCount])
			}
		}
	})
	t.Run("JUMP-1/JUMP-2 jump to self retries until _max_jumps, then TERMINAL", func(t *testing.T) {
		a := ctx(st("A", "noop"), "_max_jumps", 3.0)
		h := run(t, wfOf(a), func(RunTask) (model.TaskResult, bool) { return jumpTo("A", nil), true })
		h.expect("A:TERMINAL | WF:TERMINAL")
		if n := len(h.ran()); n != 4 {
			t.Errorf("ran %d times, want 4 (3 jumps succeed, the 4th fails)", n)
		}
		if v, _ := h.e.StageView("A"); v.Context["jump_error"] != "Max jump count exceeded: 3/3" {
			t.Errorf("jump_error %v", v.Context["jump_error"])
		}
	})
	t.Run("JUMP-3/_max_jumps=0 blocks every jump", func(t *testing.T) {
		def := wfOf(st("A", "noop"))
		def.Context["_max_jumps"] = 0.0
		h := run(t, def, results(map[string][]model.TaskResult{"A": {jumpTo("A", nil)}}))
		h.expect("A:TERMINAL | WF:TERMINAL")
	})
	t.Run("JUMP-4/missing target makes the source TERMINAL", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop")), results(map[string][]model.TaskResult{"A": {jumpTo("nope", nil)}}))
		h.expect("A:TERMINAL | WF:TERMINAL")
		if v, _ := h.e.StageView("A"); v.Context["jump_error"] != "Target stage not found: nope" {
			t.Errorf("jump_error %v", v.Context["jump_error"])
		}
	})
	t.Run("JUMP-7/forward jump skips intermediates", func(t *testing.T) {
		h := run(t, wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "B"), st("D", "noop", "C"), st("E", "noop", "D")),
			results(map[string][]model.TaskResult{"A": {jumpTo("D", map[string]any{"k": "v"})}}))
		h.expect("A:SUCCEEDED B:SKIPPED C:SKIPPED D:SUCCEEDED E:SUCCEEDED | WF:SUCCEEDED")
		if v, _ := h.e.StageView("D"); v.Context["k"] != "v" {
			t.Errorf("JUMP-5 target context %v", v.Context)
		}
	})
	t.Run("JUMP-10/a re-run sees fresh upstream data (two-layer context)", func(t *testing.T) {
		iter := 0.0
		var bSaw []any
		h := run(t, wfOf(st("A", "noop"), st("B", "noop", "A"), st("C", "noop", "B")), func(rt RunTask) (model.TaskResult, bool) {
			switch rt.Task.Stage {
			case "A":
				iter++
				return ok(map[string]any{"x": iter, "lst": []any{iter}}), true
			case "B":
				bSaw = append(bSaw, rt.Input.Context["x"], rt.Input.Context["lst"])
			case "C":
				if iter < 2 {
					return jumpTo("A", nil), true
				}
			}
			return ok(nil), true
		})
		h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED | WF:SUCCEEDED")
		if len(bSaw) != 4 || bSaw[2] != 2.0 || !model.EqualValues(bSaw[3], []any{2.0}) {
			t.Errorf("B saw %v, want fresh x=2 and lst=[2] on the re-run", bSaw)
		}
	})
	t.Run("JUMP-8/synthetic children are reset and run again", func(t *testing.T) {
		n := 0
		h := run(t, wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore)), func(rt RunTask) (model.TaskResult, bool) {
			if rt.Task.Stage == "P" {
				n++
				if n == 1 {
					return jumpTo("P", nil), true
				}
			}
			return ok(nil), true
		})
		h.expect("P:SUCCEEDED b1:SUCCEEDED | WF:SUCCEEDED")
		if got := h.ran(); !slices.Equal(got, []string{"b1/0", "P/0", "b1/0", "P/0"}) {
			t.Errorf("ran %v", got)
		}
	})
	t.Run("JUMP-6/a result from before a reset is discarded", func(t *testing.T) {
		h := newHarness(t, wfOf(st("A", "noop"), st("B", "slow", "A"), st("C", "noop", "A")), results(map[string][]model.TaskResult{
			"B": {hold}, "C": {jumpTo("A", nil)}}))
		h.do(Started{At: t0})
		// B (run 1) was reset by the jump; its late result must not count.
		if !slices.Contains(h.log, "cancel B/0/1/0") {
			t.Fatalf("no CancelTask for the reset stage: %v", h.log)
		}
		h.do(TaskFinished{At: t0, Task: TaskRef{Stage: "B", Task: 0, Run: 1}, Result: fail("stale")})
		h.finish("B", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("RESTART-1/restart re-runs a TERMINAL stage to success", func(t *testing.T) {
		// A restart needs a live run: B keeps it running while A is restarted.
		h := newHarness(t, wfOf(ctx(st("A", "noop"), "failPipeline", false), st("B", "noop", "A"), st("S", "slow")),
			results(map[string][]model.TaskResult{"A": {fail("once")}, "S": {hold}}))
		h.do(Started{At: t0})
		h.do(StageRestartRequested{At: t0, Req: model.StageRequest{StageRefID: "A"}})
		h.finish("S", ok(nil))
		h.expect("A:SUCCEEDED B:SUCCEEDED S:SUCCEEDED | WF:SUCCEEDED")
	})
}

// TestMultiInstance pins §9 end to end.
func TestMultiInstance(t *testing.T) {
	t.Run("MI-1/fixed instances plus join run after the parent", func(t *testing.T) {
		p := st("P", "noop")
		p.MIConfig = &model.MultiInstanceConfig{Count: 2, SyncOnComplete: true}
		h := run(t, wfOf(p), nil)
		h.expect("P:SUCCEEDED P_instance_0:SUCCEEDED P_instance_1:SUCCEEDED P_mi_join:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("MI-2/collection from the parent's outputs, item key", func(t *testing.T) {
		p := st("P", "noop")
		p.MIConfig = &model.MultiInstanceConfig{CollectionFromContext: "items", SyncOnComplete: true}
		var items []any
		h := run(t, wfOf(p), func(rt RunTask) (model.TaskResult, bool) {
			if rt.Task.Stage == "P" {
				return ok(map[string]any{"items": []any{"x", "y", "z"}}), true
			}
			if strings.Contains(rt.Task.Stage, "_instance_") {
				items = append(items, rt.Input.Context["item"])
			}
			return ok(nil), true
		})
		if h.done == nil || h.done.Status != model.StatusSucceeded || !model.EqualValues(items, []any{"x", "y", "z"}) {
			t.Errorf("outcome %s items %v", h.statuses(), items)
		}
	})
	t.Run("MI-2/a missing count makes the parent TERMINAL", func(t *testing.T) {
		p := st("P", "noop")
		p.MIConfig = &model.MultiInstanceConfig{CountFromContext: "n", SyncOnComplete: true}
		run(t, wfOf(p), nil).expect("P:TERMINAL | WF:TERMINAL")
	})
	t.Run("MI-3/a dynamic instance queued before expansion is joined", func(t *testing.T) {
		p := st("P", "slow")
		p.MIConfig = &model.MultiInstanceConfig{Count: 1, SyncOnComplete: true, AllowDynamic: true}
		h := newHarness(t, wfOf(p), results(map[string][]model.TaskResult{"P": {hold}}))
		h.do(Started{At: t0})
		h.do(InstanceAdded{At: t0, Req: model.AddInstanceRequest{StageRefID: "P", Context: map[string]any{"x": 1.0}}})
		if v, _ := h.e.StageView("P"); !model.EqualValues(v.Context["_mi_pending_instances"], []any{map[string]any{"x": 1.0}}) {
			t.Errorf("queued instance not visible: %v", v.Context)
		}
		h.finish("P", ok(nil))
		if v, _ := h.e.StageView("P"); v.Context["_mi_instance_count"] != 2.0 || v.Context["_mi_pending_instances"] != nil {
			t.Errorf("parent context after expansion: %v", v.Context)
		}
		h.expect("P:SUCCEEDED P_instance_0:SUCCEEDED P_mi_join:SUCCEEDED P_instance_1:SUCCEEDED | WF:SUCCEEDED")
		if j, _ := h.e.StageView("P_mi_join"); !slices.Contains(j.RequisiteStageRefIDs, "P_instance_1") {
			t.Errorf("join requisites %v", j.RequisiteStageRefIDs)
		}
	})
	t.Run("MI-5/cancel_remaining withdraws unfinished instances when the threshold fires", func(t *testing.T) {
		p := st("P", "noop")
		p.MIConfig = &model.MultiInstanceConfig{Count: 3, SyncOnComplete: true, JoinThreshold: 2, CancelRemaining: true}
		h := run(t, wfOf(p), results(map[string][]model.TaskResult{"P_instance_2": {hold}}))
		h.expect("P:SUCCEEDED P_instance_0:SUCCEEDED P_instance_1:SUCCEEDED P_instance_2:CANCELED P_mi_join:SUCCEEDED | WF:SUCCEEDED")
	})
}

// TestGlobalMutex pins mutexScope "global" (definition-format.md): the
// engine asks the shell for the lock, starts on LockGranted and releases
// the lock when the stage completes.
func TestGlobalMutex(t *testing.T) {
	a := ctx(st("A", "noop"), "mutexScope", "global")
	a.MutexKey = "k"
	e := New(wfOf(a), Options{})
	if got := e.Step(Started{At: t0}); len(got) != 1 || got[0] != (AcquireLock{Key: "k", Stage: "A"}) {
		t.Fatalf("start: %#v", got)
	}
	cmds := e.Step(LockGranted{At: t0, Key: "k", Stage: "A"})
	if len(cmds) != 1 {
		t.Fatalf("grant: %#v", cmds)
	}
	rt := cmds[0].(RunTask)
	cmds = e.Step(TaskFinished{At: t0, Task: rt.Task, Result: ok(nil)})
	if len(cmds) != 2 || cmds[0] != (ReleaseLock{Key: "k", Stage: "A"}) {
		t.Fatalf("finish: %#v", cmds)
	}
	if c, isComplete := cmds[1].(Complete); !isComplete || c.Status != model.StatusSucceeded {
		t.Errorf("last command %#v", cmds[1])
	}
}

// TestMultiInstanceStopped: a STOPPED multi-instance parent never
// expands; a stage waiting for its join does not keep the run alive
// (§6.6 other_branches_incomplete).
func TestMultiInstanceStopped(t *testing.T) {
	p := ctx(st("P", "noop"), "failPipeline", false)
	p.MIConfig = &model.MultiInstanceConfig{Count: 2, SyncOnComplete: true}
	h := run(t, wfOf(p, st("Q", "noop", "P_mi_join")), results(map[string][]model.TaskResult{"P": {fail("x")}}))
	h.expect("P:STOPPED Q:NOT_STARTED | WF:SUCCEEDED")
}

// TestEnabledAfterJump: on a re-run, stageEnabled sees the stage's own
// layers, not the ancestor outputs a previous run merged in (§2.5, §8.8).
func TestEnabledAfterJump(t *testing.T) {
	t.Run("ENABLE-2/a merged upstream key is not visible to stageEnabled on a re-run", func(t *testing.T) {
		b := ctx(st("B", "noop", "A"), "stageEnabled", map[string]any{"type": "expression", "expression": "flag != True"})
		n := 0
		h := run(t, wfOf(st("A", "noop"), b, st("C", "noop", "B")), func(rt RunTask) (model.TaskResult, bool) {
			switch rt.Task.Stage {
			case "A":
				return ok(map[string]any{"flag": true}), true
			case "C":
				if n++; n == 1 {
					return jumpTo("B", nil), true
				}
			}
			return ok(nil), true
		})
		// B ran twice: flag (an upstream output merged at planning) is not
		// part of B's own context when gate 1 runs again.
		h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED | WF:SUCCEEDED")
		if got := strings.Count(strings.Join(h.ran(), ","), "B/0"); got != 2 {
			t.Errorf("B ran %d times: %v", got, h.ran())
		}
	})
}

// TestJumpFanIn pins the §8.5 example: a fan-in with an upstream outside
// the reset scope is not reset.
func TestJumpFanIn(t *testing.T) {
	t.Run("JUMP-6/fan-in with an outside upstream is not reset", func(t *testing.T) {
		h := run(t, wfOf(st("X", "noop"), st("A", "noop"), st("B", "noop", "A"), st("F", "noop", "X", "B")),
			results(map[string][]model.TaskResult{"B": {jumpTo("A", nil)}}))
		h.expect("X:SUCCEEDED A:SUCCEEDED B:SUCCEEDED F:SUCCEEDED | WF:SUCCEEDED")
		for ref, want := range map[string]int{"X": 1, "A": 2, "B": 2, "F": 1} {
			if v, _ := h.e.StageView(ref); v.RunCount != want {
				t.Errorf("%s run_count %d, want %d", ref, v.RunCount, want)
			}
		}
	})
}

// TestNoHangs pins the Go rules that end runs Python leaves hanging.
func TestNoHangs(t *testing.T) {
	t.Run("JUMP-7/a forward jump out of an after-stage completes the parent", func(t *testing.T) {
		h := run(t, wfOf(st("P", "noop"), child(st("a1", "noop"), "P", model.OwnerStageAfter), st("X", "noop")),
			results(map[string][]model.TaskResult{"a1": {jumpTo("X", nil)}}))
		h.expect("P:SUCCEEDED a1:SUCCEEDED X:SUCCEEDED | WF:SUCCEEDED")
	})
	t.Run("WF-FINAL-2/a canceled before-stage ends its parent once the run is quiet", func(t *testing.T) {
		h := newHarness(t, wfOf(st("P", "noop"), child(st("b1", "slow"), "P", model.OwnerStageBefore)),
			results(map[string][]model.TaskResult{"b1": {hold}}))
		h.do(Started{At: t0})
		h.do(StageCancelRequested{At: t0, Req: model.StageRequest{StageRefID: "b1"}})
		h.expect("P:CANCELED b1:CANCELED | WF:CANCELED")
	})
	t.Run("JUMP-7/a stage left behind by a forward jump to another branch still runs", func(t *testing.T) {
		// W (no tasks) completes first, B waits for A; A then jumps to C, so
		// nothing evaluates B again until the run is quiet.
		h := run(t, wfOf(st("A", "noop"), tasks(st("W", "noop")), st("B", "noop", "A", "W"), st("C", "noop")),
			results(map[string][]model.TaskResult{"A": {jumpTo("C", nil)}}))
		h.expect("A:SUCCEEDED W:SUCCEEDED B:SUCCEEDED C:SUCCEEDED | WF:SUCCEEDED")
	})
}

// TestMutexAfterReset: a jump-reset holder keeps its mutex (§2.8), but
// once nothing runs it hands the mutex to a waiter it depends on.
func TestMutexAfterReset(t *testing.T) {
	a, b := st("A", "noop"), st("B", "slow", "A")
	a.MutexKey, b.MutexKey = "k", "k"
	// B (holding k) is still running when C jumps back to A: the jump
	// resets B, which keeps k, and starts A, which needs k. B waits for A,
	// A waits for k: once nothing runs, B's idle claim passes to A.
	h := newHarness(t, wfOf(a, b, st("C", "noop", "A")), results(map[string][]model.TaskResult{
		"B": {hold}, "C": {jumpTo("A", nil)}}))
	h.do(Started{At: t0})
	h.expect("A:SUCCEEDED B:SUCCEEDED C:SUCCEEDED | WF:SUCCEEDED")
	if v, _ := h.e.StageView("A"); v.RunCount != 2 {
		t.Errorf("A run_count %d, want 2", v.RunCount)
	}
}
