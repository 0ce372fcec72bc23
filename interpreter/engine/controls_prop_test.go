package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// TestRandomControls drives random DAGs with random interleavings of
// pause, resume, cancel_stage, cancel_region, approvals, signals and late
// task results, checking after every event that no stage runs two tasks at
// once and that in-flight work belongs to running tasks; at the end,
// resuming, approving and answering everything must complete the run.
func TestRandomControls(t *testing.T) {
	for seed := range uint64(100) {
		t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			def, _ := randomScenario(seed)
			w := def()
			for _, s := range w.Stages {
				switch r.IntN(8) {
				case 0:
					s.Tasks = []*model.TaskExecution{{ID: "t-" + s.RefID, Name: "approval", ImplementingClass: model.TaskApproval}}
				case 1:
					s.CancelRegion = "r"
				case 2:
					s.MutexKey = "k"
				case 3:
					s.DeferredChoiceGroup = "g"
				case 4:
					s.MilestoneRefID = w.Stages[r.IntN(len(w.Stages))].RefID
					s.MilestoneStatus = []string{"RUNNING", "SUCCEEDED"}[r.IntN(2)]
				}
			}
			for i, s := range w.Stages {
				if r.IntN(4) == 0 {
					// A before- or after-stage for s, so synthetic phases
					// meet controls too.
					owner := []model.SyntheticStageOwner{model.OwnerStageBefore, model.OwnerStageAfter}[r.IntN(2)]
					w.Stages = append(w.Stages, child(st(fmt.Sprintf("syn%d", i), "noop"), s.RefID, owner))
				}
			}
			h := newHarness(t, w, func(RunTask) (model.TaskResult, bool) {
				switch r.IntN(12) {
				case 0, 1, 2, 3:
					return model.TaskResult{}, false
				case 4:
					return jumpTo(fmt.Sprintf("S%d", r.IntN(len(w.Stages))), nil), true
				case 5:
					return fail("random"), true
				}
				return ok(nil), true
			})
			h.roundTrip = seed%2 == 0
			h.do(Started{At: t0})
			refs := make([]string, 0, len(w.Stages))
			for _, s := range w.Stages {
				refs = append(refs, s.RefID)
			}
			for range 25 {
				if h.done != nil {
					break
				}
				ref := refs[r.IntN(len(refs))]
				var ev Event
				switch r.IntN(8) {
				case 0:
					ev = PauseRequested{At: h.now}
				case 1:
					ev = ResumeRequested{At: h.now}
				case 2:
					ev = StageCancelRequested{At: h.now, Req: model.StageRequest{StageRefID: ref}}
				case 3:
					ev = RegionCanceled{At: h.now, Req: model.CancelRegionRequest{Region: "r"}}
				case 4:
					ev = ApprovalDecided{At: h.now, Approved: r.IntN(2) == 0, Req: model.ApprovalRequest{StageRefID: ref}}
				case 5:
					ev = StageSignaled{At: h.now, Signal: model.StageSignal{StageRefID: ref, Name: "x", Persistent: r.IntN(2) == 0}}
				default:
					if len(h.held) > 0 {
						i := r.IntN(len(h.held))
						rt := h.held[i]
						h.held = append(h.held[:i], h.held[i+1:]...)
						ev = TaskFinished{At: h.now, Task: rt.Task, Result: ok(nil)}
					}
				}
				if ev == nil || h.e.Validate(ev) != nil {
					continue
				}
				h.do(ev)
				checkInvariants(t, h.e)
			}
			// Wind down: resume, approve everything, answer everything.
			for i := 0; h.done == nil && i < 50; i++ {
				if h.e.Status() == model.StatusPaused {
					h.do(ResumeRequested{At: h.now})
				}
				for _, s := range h.e.View().Stages {
					if s.Status == model.StatusSuspended {
						h.do(ApprovalDecided{At: h.now, Approved: true, Req: model.ApprovalRequest{StageRefID: s.RefID}})
					}
				}
				for len(h.held) > 0 {
					rt := h.held[0]
					h.held = h.held[1:]
					h.do(TaskFinished{At: h.now, Task: rt.Task, Result: ok(nil)})
				}
				checkInvariants(t, h.e)
			}
			if h.done == nil {
				t.Fatalf("run did not complete: %s\n%q", h.statuses(), h.log)
			}
		})
	}
}

func checkInvariants(t *testing.T, e *Engine) {
	t.Helper()
	for _, s := range e.wf.Stages {
		running := 0
		for _, tk := range s.Tasks {
			if tk.Status == model.StatusRunning || tk.Status == model.StatusSuspended || tk.Status == model.StatusPaused {
				running++
			}
		}
		if running > 1 {
			t.Fatalf("stage %s has %d active tasks", s.RefID, running)
		}
		if s.Status.IsComplete() && running > 0 && s.Status != model.StatusCanceled {
			t.Fatalf("stage %s is %s with an active task", s.RefID, s.Status)
		}
	}
	for _, ref := range e.inFlightRefs() {
		if !e.current(ref) {
			t.Fatalf("in-flight %s is not a running task of the current run", ref)
		}
	}
}
