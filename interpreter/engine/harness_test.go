package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// t0 is the workflow time of Started in every scenario.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// st builds a top-level stage whose single task runs implementing class
// typ, with the given requisites.
func st(ref, typ string, reqs ...string) *model.StageExecution {
	return &model.StageExecution{
		ID: "id-" + ref, RefID: ref, Type: typ, Name: ref,
		Context: map[string]any{}, Outputs: map[string]any{},
		Tasks:                []*model.TaskExecution{{ID: "t-" + ref, Name: typ, ImplementingClass: typ}},
		RequisiteStageRefIDs: reqs,
	}
}

// tasks replaces a stage's tasks by tasks with the given classes.
func tasks(s *model.StageExecution, classes ...string) *model.StageExecution {
	s.Tasks = nil
	for i, c := range classes {
		s.Tasks = append(s.Tasks, &model.TaskExecution{ID: fmt.Sprintf("t-%s-%d", s.RefID, i), Name: fmt.Sprintf("%s%d", c, i), ImplementingClass: c})
	}
	return s
}

// ctx sets context keys on a stage.
func ctx(s *model.StageExecution, kv ...any) *model.StageExecution {
	for i := 0; i+1 < len(kv); i += 2 {
		s.Context[kv[i].(string)] = kv[i+1]
	}
	return s
}

// child makes s a synthetic child of parent with the given owner.
func child(s *model.StageExecution, parent string, owner model.SyntheticStageOwner) *model.StageExecution {
	s.ParentStageID = "id-" + parent
	s.SyntheticStageOwner = owner
	return s
}

func wfOf(stages ...*model.StageExecution) *model.Workflow {
	return &model.Workflow{ID: "wf-1", Application: "app", Name: "pipe", Stages: stages, Context: map[string]any{}}
}

// responder decides the result of one RunTask; ok false leaves the task
// in flight (a slow task).
type responder func(rt RunTask) (res model.TaskResult, ok bool)

// results scripts results per "ref" or "ref/task", consumed in order;
// anything unscripted succeeds.
func results(script map[string][]model.TaskResult) responder {
	return func(rt RunTask) (model.TaskResult, bool) {
		for _, key := range []string{fmt.Sprintf("%s/%d", rt.Task.Stage, rt.Task.Task), rt.Task.Stage} {
			if list := script[key]; len(list) > 0 {
				script[key] = list[1:]
				if list[0].Status == holdStatus {
					return model.TaskResult{}, false
				}
				return list[0], true
			}
		}
		return model.TaskResult{Status: model.StatusSucceeded}, true
	}
}

// holdStatus in a script keeps that execution in flight.
const holdStatus = model.WorkflowStatus(250)

var hold = model.TaskResult{Status: holdStatus}

// harness drives an engine like the shell does: RunTasks are answered by
// the responder, timers fire in deadline order when nothing else is
// pending, and every command is logged as a line of text.
type harness struct {
	t         *testing.T
	e         *Engine
	opts      Options
	now       time.Time
	respond   responder
	events    []Event
	timers    map[TimerID]time.Time
	held      []RunTask
	log       []string
	done      *Complete
	roundTrip bool
}

func newHarness(t *testing.T, def *model.Workflow, r responder) *harness {
	t.Helper()
	if r == nil {
		r = results(nil)
	}
	return &harness{t: t, e: New(def, Options{}), now: t0, respond: r, timers: map[TimerID]time.Time{}}
}

// run starts the workflow and drives it until nothing is left to do.
func run(t *testing.T, def *model.Workflow, r responder) *harness {
	t.Helper()
	h := newHarness(t, def, r)
	h.send(Started{At: h.now})
	h.drive()
	return h
}

// send queues an event.
func (h *harness) send(ev Event) { h.events = append(h.events, ev) }

// step applies one event and handles its commands.
func (h *harness) step(ev Event) {
	h.t.Helper()
	cmds := h.e.Step(ev)
	if err := h.e.checkIndexes(); err != nil {
		h.t.Fatalf("after %T: %v", ev, err)
	}
	if h.roundTrip {
		h.e = roundTrip(h.t, h.e, h.opts)
	}
	for _, c := range cmds {
		h.handle(c)
	}
}

func roundTrip(t *testing.T, e *Engine, opts Options) *Engine {
	t.Helper()
	raw, err := json.Marshal(e.State())
	if err != nil {
		t.Fatalf("marshal state: %v", err)
	}
	var s State
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("unmarshal state: %v", err)
	}
	return Restore(s, opts)
}

func (h *harness) handle(c Command) {
	switch c := c.(type) {
	case RunTask:
		h.log = append(h.log, fmt.Sprintf("run %s %s", c.Task, c.Name))
		if res, ok := h.respond(c); ok {
			h.send(TaskFinished{At: h.now, Task: c.Task, Result: res})
		} else {
			h.held = append(h.held, c)
		}
	case StartTimer:
		h.log = append(h.log, fmt.Sprintf("timer %s %s", c.Timer, c.After))
		h.timers[c.Timer] = h.now.Add(c.After)
	case CancelTimer:
		h.log = append(h.log, fmt.Sprintf("cancel-timer %s", c.Timer))
		delete(h.timers, c.Timer)
	case CancelTask:
		h.log = append(h.log, fmt.Sprintf("cancel %s", c.Task))
	case Complete:
		h.log = append(h.log, fmt.Sprintf("complete %s", c.Status))
		if h.done != nil {
			h.t.Fatalf("second Complete command: %v", c.Status)
		}
		cc := c
		h.done = &cc
	default:
		h.log = append(h.log, fmt.Sprintf("%T", c))
	}
}

// drive processes events, then fires timers in deadline order, until
// neither is left.
func (h *harness) drive() {
	h.t.Helper()
	for i := 0; ; i++ {
		if i > 100000 {
			h.t.Fatal("scenario does not settle")
		}
		if len(h.events) > 0 {
			ev := h.events[0]
			h.events = h.events[1:]
			h.step(ev)
			continue
		}
		if len(h.timers) == 0 {
			return
		}
		ids := make([]string, 0, len(h.timers))
		for id := range h.timers {
			ids = append(ids, string(id))
		}
		sort.Slice(ids, func(a, b int) bool {
			da, db := h.timers[TimerID(ids[a])], h.timers[TimerID(ids[b])]
			if !da.Equal(db) {
				return da.Before(db)
			}
			return ids[a] < ids[b]
		})
		id := TimerID(ids[0])
		if at := h.timers[id]; at.After(h.now) {
			h.now = at
		}
		delete(h.timers, id)
		h.step(TimerFired{At: h.now, Timer: id})
	}
}

// finish answers a held task execution of stage ref with res.
func (h *harness) finish(ref string, res model.TaskResult) {
	h.t.Helper()
	for i, rt := range h.held {
		if rt.Task.Stage == ref {
			h.held = append(h.held[:i], h.held[i+1:]...)
			h.send(TaskFinished{At: h.now, Task: rt.Task, Result: res})
			h.drive()
			return
		}
	}
	h.t.Fatalf("no held task for stage %s (held: %v)", ref, h.held)
}

// do sends an event now and drives the scenario.
func (h *harness) do(ev Event) {
	h.t.Helper()
	h.send(ev)
	h.drive()
}

// status returns a stage's status name.
func (h *harness) status(ref string) string {
	s, ok := h.e.StageView(ref)
	if !ok {
		h.t.Fatalf("no stage %s", ref)
	}
	return s.Status.String()
}

// statuses renders "A:SUCCEEDED B:TERMINAL | WF:TERMINAL" over every stage.
func (h *harness) statuses() string {
	v := h.e.View()
	var parts []string
	for _, s := range v.Stages {
		parts = append(parts, s.RefID+":"+s.Status.String())
	}
	return strings.Join(parts, " ") + " | WF:" + v.Status.String()
}

// expect checks the outcome line and that the run completed iff the
// workflow status is complete.
func (h *harness) expect(want string) {
	h.t.Helper()
	if got := h.statuses(); got != want {
		h.t.Errorf("outcome\n got: %s\nwant: %s\nlog:\n  %s", got, want, strings.Join(h.log, "\n  "))
	}
	if complete := h.e.Status().IsComplete(); complete != (h.done != nil) {
		h.t.Errorf("workflow status %s but Complete emitted = %v", h.e.Status(), h.done != nil)
	}
}

// ran lists the stages whose tasks were executed, in order ("A/0").
func (h *harness) ran() []string {
	var out []string
	for _, l := range h.log {
		if strings.HasPrefix(l, "run ") {
			f := strings.Fields(l)
			parts := strings.Split(f[1], "/")
			out = append(out, parts[0]+"/"+parts[1])
		}
	}
	return out
}

func ok(outputs map[string]any) model.TaskResult { return model.Success(outputs) }

func fail(msg string) model.TaskResult { return model.Terminal(msg) }
