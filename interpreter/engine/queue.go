package engine

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// dispatchTask issues a RunTask for ref, or queues it when MaxPendingTasks
// executions are in flight or the engine is held.
func (e *Engine) dispatchTask(ref TaskRef) {
	if e.st.Hold || e.inFlightCount() >= e.opts.MaxPendingTasks || len(e.st.Queue) > 0 {
		e.st.Queue = append(e.st.Queue, ref)
		return
	}
	e.issue(ref)
}

// issue emits the RunTask command for ref and records it in flight. The
// input is built now, from the stage's current context.
func (e *Engine) issue(ref TaskRef) {
	s := e.stage(ref.Stage)
	t := s.Tasks[ref.Task]
	e.addInFlight(ref)
	kind := model.KindOf(t.ImplementingClass)
	if kind != model.KindChild {
		kind = model.KindActivity
	}
	e.emit(RunTask{
		Task:    ref,
		Kind:    kind,
		Name:    t.ImplementingClass,
		Summary: fmt.Sprintf("%s / %s", s.Name, t.Name),
		Input: model.TaskInput{
			ExecutionID: e.wf.ID,
			Application: e.wf.Application,
			Pipeline:    e.wf.Name,
			StageID:     s.ID,
			StageRefID:  s.RefID,
			StageName:   s.Name,
			StageType:   s.Type,
			Task:        *t.Clone(),
			Context:     taskContext(s),
		},
	})
}

// drainQueue issues queued executions while slots are free. A queued task
// whose stage was paused meanwhile is parked; one that is no longer
// current (canceled, reset) is dropped.
func (e *Engine) drainQueue() {
	for len(e.st.Queue) > 0 && !e.st.Hold && e.inFlightCount() < e.opts.MaxPendingTasks {
		ref := e.st.Queue[0]
		e.st.Queue = e.st.Queue[1:]
		if !e.current(ref) {
			continue
		}
		if e.wf.Status == model.StatusPaused {
			e.park(e.stage(ref.Stage), ref.Task)
			continue
		}
		e.issue(ref)
	}
}

// current reports whether ref still names the running task of its stage's
// current run.
func (e *Engine) current(ref TaskRef) bool {
	s := e.stage(ref.Stage)
	return ref.Run == e.rt(s).Run && ref.Task < len(s.Tasks) && s.Tasks[ref.Task].Status == model.StatusRunning
}

// timerID names the timer of one task execution.
func timerID(kind string, ref TaskRef) TimerID { return TimerID(kind + ":" + ref.String()) }

// startTimer records a timer with an absolute deadline and emits it.
func (e *Engine) startTimer(kind string, ref TaskRef, after time.Duration) {
	if after < 0 {
		after = 0
	}
	id := timerID(kind, ref)
	e.st.Timers[id] = &timerRec{Deadline: e.now.Add(after).UnixNano(), Kind: kind, Task: ref}
	e.emit(StartTimer{Timer: id, After: after})
}

// cancelTaskWork stops whatever is outstanding for task i of s: an
// in-flight execution (CancelTask), a queued one, or its timers.
func (e *Engine) cancelTaskWork(s *model.StageExecution, i int) {
	if e.inflightOf[s.RefID] > 0 { // most resets and cancels have nothing in flight
		for _, ref := range e.inFlightRefs() {
			if ref.Stage == s.RefID && ref.Task == i {
				e.takeInFlight(ref)
				e.emit(CancelTask{Task: ref})
			}
		}
	}
	if len(e.st.Queue) > 0 {
		e.st.Queue = slices.DeleteFunc(e.st.Queue, func(r TaskRef) bool { return r.Stage == s.RefID && r.Task == i })
	}
	if len(e.st.Timers) == 0 {
		return
	}
	for _, id := range slices.Sorted(maps.Keys(e.st.Timers)) {
		if tr := e.st.Timers[id]; tr.Task.Stage == s.RefID && tr.Task.Task == i {
			delete(e.st.Timers, id)
			e.emit(CancelTimer{Timer: id})
		}
	}
}

// cancelStageWork stops the outstanding work of every task of s.
func (e *Engine) cancelStageWork(s *model.StageExecution) {
	for i := range s.Tasks {
		e.cancelTaskWork(s, i)
	}
}

// InFlight returns how many RunTask commands await a TaskFinished.
func (e *Engine) InFlight() int { return e.inFlightCount() }

// SetHold stops (true) or restarts (false) the dispatch of new tasks; held
// tasks stay queued in State. The shell holds before continue-as-new and
// waits for InFlight to reach zero. Releasing returns the queued commands.
func (e *Engine) SetHold(hold bool) []Command {
	e.out = nil
	e.st.Hold = hold
	if !hold {
		e.drainQueue()
	}
	out := e.out
	e.out = nil
	return out
}
