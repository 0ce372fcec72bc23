package engine

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// scenario is a definition plus a scripted shell, replayable from scratch.
type scenario struct {
	name    string
	def     func() *model.Workflow
	respond func() responder
	extra   func(h *harness) // events after the first drive
}

func scenarios() []scenario {
	script := func(m map[string][]model.TaskResult) func() responder {
		return func() responder {
			c := map[string][]model.TaskResult{}
			for k, v := range m {
				c[k] = slices.Clone(v)
			}
			return results(c)
		}
	}
	mm := func() *model.Workflow {
		m := st("M", "noop", "A", "B")
		m.JoinType = model.JoinMultiMerge
		return wfOf(st("A", "noop"), ctx(st("B", "wait"), "waitTime", 3.0), m, st("N", "noop", "M"))
	}
	return []scenario{
		{"diamond with a poll and a wait", func() *model.Workflow {
			return wfOf(st("A", "http"), ctx(st("B", "wait", "A"), "waitTime", 2.0), st("C", "noop", "A"), st("D", "noop", "B", "C"))
		}, script(map[string][]model.TaskResult{"A": {model.Running(map[string]any{"n": 1.0}), ok(map[string]any{"l": []any{1.0}})}}), nil},
		{"synthetic phases and a failure", func() *model.Workflow {
			return wfOf(st("P", "noop"), child(st("b1", "noop"), "P", model.OwnerStageBefore), child(st("a1", "noop"), "P", model.OwnerStageAfter),
				ctx(st("Q", "noop", "P"), "failPipeline", false), st("R", "noop", "Q"))
		}, script(map[string][]model.TaskResult{"Q": {fail("x")}}), nil},
		{"backward jump loop", func() *model.Workflow {
			return wfOf(st("A", "noop"), st("B", "noop", "A"), ctx(st("C", "noop", "B"), "_max_jumps", 2.0))
		}, script(map[string][]model.TaskResult{"C": {jumpTo("A", map[string]any{"i": 1.0}), jumpTo("A", map[string]any{"i": 2.0}), jumpTo("A", nil)}}), nil},
		{"multi-merge with a timer", mm, script(nil), nil},
		{"approval and pause", func() *model.Workflow {
			return wfOf(st("A", "approval"), tasks(st("B", "noop", "A"), "t1", "t2"))
		}, script(nil), func(h *harness) {
			h.do(PauseRequested{At: h.now})
			h.do(ApprovalDecided{At: h.now, Approved: true, Req: model.ApprovalRequest{StageRefID: "A"}})
			h.do(ResumeRequested{At: h.now})
		}},
		{"multi-instance with a dynamic instance", func() *model.Workflow {
			p := st("P", "noop")
			p.MIConfig = &model.MultiInstanceConfig{Count: 2, SyncOnComplete: true, AllowDynamic: true}
			return wfOf(p)
		}, script(map[string][]model.TaskResult{"P_instance_0": {hold}}), func(h *harness) {
			h.do(InstanceAdded{At: h.now, Req: model.AddInstanceRequest{StageRefID: "P"}})
			h.finish("P_instance_0", ok(nil))
		}},
		{"mutex and choice", func() *model.Workflow {
			a, b, c, d := st("A", "wait"), st("B", "noop"), st("C", "noop"), st("D", "noop")
			a.Context["waitTime"] = 1.0
			a.MutexKey, b.MutexKey = "k", "k"
			c.DeferredChoiceGroup, d.DeferredChoiceGroup = "g", "g"
			return wfOf(a, b, c, d)
		}, script(nil), nil},
		{"cancel mid-run", func() *model.Workflow {
			return wfOf(st("A", "slow"), st("B", "noop", "A"), ctx(st("W", "wait"), "waitTime", 5.0))
		}, script(map[string][]model.TaskResult{"A": {hold}}), func(h *harness) {
			h.do(CancelRequested{At: h.now, Req: model.ControlRequest{User: "u"}})
		}},
	}
}

func playScenario(t *testing.T, sc scenario, roundTrip bool) (log []string, final string) {
	t.Helper()
	h := newHarness(t, sc.def(), sc.respond())
	h.roundTrip = roundTrip
	h.do(Started{At: t0})
	if sc.extra != nil {
		sc.extra(h)
	}
	raw, err := json.Marshal(h.e.View())
	if err != nil {
		t.Fatalf("marshal view: %v", err)
	}
	return h.log, string(raw)
}

// TestStateRoundTrip checks that State -> JSON -> Restore after every event
// yields the same commands and final view as an uninterrupted run.
func TestStateRoundTrip(t *testing.T) {
	for _, sc := range scenarios() {
		t.Run("STATE/"+sc.name, func(t *testing.T) {
			log1, view1 := playScenario(t, sc, false)
			log2, view2 := playScenario(t, sc, true)
			if !slices.Equal(log1, log2) {
				t.Errorf("commands differ\nplain:      %q\nround-trip: %q", log1, log2)
			}
			if view1 != view2 {
				t.Errorf("final views differ\nplain:      %s\nround-trip: %s", view1, view2)
			}
		})
	}
}

// TestResumed checks continue-as-new: hold, State, Restore, Resumed
// re-emits timers with their remaining time and the in-flight executions,
// and releasing the hold dispatches what was queued.
func TestResumed(t *testing.T) {
	def := wfOf(ctx(st("W", "wait"), "waitTime", 10.0), st("A", "slow"), st("B", "slow"))
	e := New(def, Options{MaxPendingTasks: 1})
	cmds := e.Step(Started{At: t0})
	if got := describe(cmds); got != "timer wait:W/0/1/0 10s; run A/0/1/0" {
		t.Fatalf("start: %s", got)
	}
	if e.InFlight() != 1 {
		t.Fatalf("in flight %d", e.InFlight())
	}
	if held := e.SetHold(true); len(held) != 0 {
		t.Fatalf("SetHold(true) gave %v", held)
	}
	at := t0.Add(4 * e.opts.PollInterval)
	cmds = e.Step(TaskFinished{At: at, Task: TaskRef{Stage: "A", Run: 1}, Result: ok(nil)})
	if len(cmds) != 0 || e.InFlight() != 0 {
		t.Fatalf("held engine dispatched %s", describe(cmds))
	}
	raw, err := json.Marshal(e.State())
	if err != nil {
		t.Fatal(err)
	}
	var s State
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	r := Restore(s, Options{MaxPendingTasks: 1})
	if got := describe(r.Step(Resumed{At: at})); got != "timer wait:W/0/1/0 6s" {
		t.Errorf("Resumed: %s", got)
	}
	if got := describe(r.SetHold(false)); got != "run B/0/1/0" {
		t.Errorf("release: %s", got)
	}
}

func describe(cmds []Command) string {
	var parts []string
	for _, c := range cmds {
		switch c := c.(type) {
		case RunTask:
			parts = append(parts, "run "+c.Task.String())
		case StartTimer:
			parts = append(parts, fmt.Sprintf("timer %s %s", c.Timer, c.After))
		case Complete:
			parts = append(parts, "complete "+c.Status.String())
		default:
			parts = append(parts, fmt.Sprintf("%T", c))
		}
	}
	return strings.Join(parts, "; ")
}

// TestMaxPendingTasks checks the dispatch queue: at most MaxPendingTasks
// RunTasks in flight, the rest issued in order as slots free up.
func TestMaxPendingTasks(t *testing.T) {
	var stages []*model.StageExecution
	for i := range 5 {
		stages = append(stages, st(fmt.Sprintf("S%d", i), "slow"))
	}
	e := New(wfOf(stages...), Options{MaxPendingTasks: 2})
	if got := describe(e.Step(Started{At: t0})); got != "run S0/0/1/0; run S1/0/1/0" {
		t.Fatalf("start: %s", got)
	}
	if got := describe(e.Step(TaskFinished{At: t0, Task: TaskRef{Stage: "S1", Run: 1}, Result: ok(nil)})); got != "run S2/0/1/0" {
		t.Errorf("after S1: %s", got)
	}
	if e.InFlight() != 2 {
		t.Errorf("in flight %d", e.InFlight())
	}
}

// TestDeterminism is a property test over random DAGs: the same events give
// the same commands, every stage ends in a final status or is blocked
// behind a halt, the run completes, and state round-trips.
func TestDeterminism(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			def, resp := randomScenario(seed)
			sc := scenario{name: "random", def: def, respond: resp}
			log1, view1 := playScenario(t, sc, false)
			log2, view2 := playScenario(t, sc, false)
			if !slices.Equal(log1, log2) || view1 != view2 {
				t.Fatalf("two runs of the same events differ")
			}
			log3, view3 := playScenario(t, sc, true)
			if !slices.Equal(log1, log3) || view1 != view3 {
				t.Fatalf("round-trip run differs\n%q\n%q", log1, log3)
			}
			if last := log1[len(log1)-1]; !strings.HasPrefix(last, "complete ") {
				t.Fatalf("run did not complete: %q", log1)
			}
			var wf model.Workflow
			if err := json.Unmarshal([]byte(view1), &wf); err != nil {
				t.Fatal(err)
			}
			for _, s := range wf.Stages {
				if s.Status == model.StatusRunning || s.Status == model.StatusSuspended || s.Status == model.StatusPaused {
					t.Errorf("stage %s left %s in a %s run", s.RefID, s.Status, wf.Status)
				}
			}
		})
	}
}

// randomScenario builds a random DAG of up to 12 stages with random joins
// and flags, and a responder that picks results from a seeded source.
func randomScenario(seed uint64) (func() *model.Workflow, func() responder) {
	def := func() *model.Workflow {
		r := rand.New(rand.NewPCG(seed, 1))
		n := 3 + r.IntN(10)
		var stages []*model.StageExecution
		for i := range n {
			var reqs []string
			for j := range i {
				if r.IntN(4) == 0 {
					reqs = append(reqs, fmt.Sprintf("S%d", j))
				}
			}
			cls := []string{"noop", "noop", "http", "wait"}[r.IntN(4)]
			s := st(fmt.Sprintf("S%d", i), cls, reqs...)
			if cls == "wait" {
				s.Context["waitTime"] = float64(r.IntN(3))
			}
			if len(reqs) > 1 {
				s.JoinType = []model.JoinType{model.JoinAnd, model.JoinOr, model.JoinMultiMerge, model.JoinDiscriminator, model.JoinNOfM}[r.IntN(5)]
				s.JoinThreshold = 1 + r.IntN(len(reqs))
			}
			switch r.IntN(6) {
			case 0:
				s.Context["failPipeline"] = false
			case 1:
				s.Context["continuePipelineOnFailure"] = true
			}
			stages = append(stages, s)
		}
		return wfOf(stages...)
	}
	resp := func() responder {
		r := rand.New(rand.NewPCG(seed, 2))
		return func(rt RunTask) (model.TaskResult, bool) {
			switch r.IntN(10) {
			case 0:
				return fail("random"), true
			case 1:
				return model.Running(nil), true
			case 2:
				return model.TaskResult{Status: model.StatusSkipped}, true
			}
			return ok(map[string]any{rt.Task.Stage: 1.0, "l": []any{rt.Task.Stage}}), true
		}
	}
	return def, resp
}

// TestNoTemporalDeps enforces style.md §2: the engine imports no Temporal
// package.
func TestNoTemporalDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list unavailable: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "go.temporal.io") {
		t.Errorf("interpreter/engine depends on Temporal:\n%s", out)
	}
}
