package engine

import "github.com/stabilize-go/stabilize/model"

// actionKind names a follow-up step. Python pushes messages onto a queue;
// the engine pushes actions onto an agenda that Step drains in FIFO order
// before returning, so every follow-up happens in the same deterministic
// pass.
type actionKind uint8

const (
	// actStart evaluates a stage: readiness, start gates, plan, dispatch
	// (StartStage, §2.4).
	actStart actionKind = iota
	// actComplete completes a stage (CompleteStage, §2.13).
	actComplete
	// actSkip skips a stage (SkipStage, §2.14).
	actSkip
	// actStartTask starts task i of a stage (StartTask, §3.2).
	actStartTask
	// actExec runs the pre-execution checks and executes task i (RunTask,
	// §3.3).
	actExec
	// actContinue continues the parent's phase after a synthetic sink
	// (ContinueParentStage, §7.3).
	actContinue
)

// action is one agenda entry; stages are pointers because the agenda never
// outlives a Step.
type action struct {
	kind   actionKind
	stage  *model.StageExecution
	task   int
	bypass bool
}

func (e *Engine) push(a action) { e.agenda = append(e.agenda, a) }

// agendaPending reports whether actions wait on the agenda.
func (e *Engine) agendaPending() bool { return e.agendaHead < len(e.agenda) }

// drainAgenda runs queued actions until none are left or the workflow has
// finished. It reads the agenda by index and reuses its array once all
// have run: popping from the front would shrink the array's room and make
// later pushes allocate anew, several times per task.
func (e *Engine) drainAgenda() {
	for e.agendaPending() && !e.st.Finished {
		a := e.agenda[e.agendaHead]
		e.agenda[e.agendaHead] = action{} // drop the stage pointer
		e.agendaHead++
		switch a.kind {
		case actStart:
			e.startStage(a.stage, a.bypass)
		case actComplete:
			e.completeStage(a.stage)
		case actSkip:
			e.skipStage(a.stage)
		case actStartTask:
			e.startTask(a.stage, a.task)
		case actExec:
			e.execTask(a.stage, a.task)
		case actContinue:
			e.continueParent(a.stage)
		}
	}
	if e.st.Finished {
		e.agenda = nil
	} else {
		e.agenda = e.agenda[:0]
	}
	e.agendaHead = 0
}
