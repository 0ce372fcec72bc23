package engine

import "github.com/stabilize-go/stabilize/model"

// Context keys of signals (§4.8).
const (
	keyBufferedSignals = "_buffered_signals"
)

// onStageSignaled delivers a stage signal (§10.2): a SUSPENDED stage
// resumes its suspended task with _signal_*; otherwise a persistent signal
// is buffered (whatever the status) and a transient one dropped.
func (e *Engine) onStageSignaled(ev StageSignaled) {
	if e.Validate(ev) != nil {
		return
	}
	e.signal(e.byRef[ev.Signal.StageRefID], ev.Signal.Name, ev.Signal.Data, ev.Signal.Persistent)
}

// onApprovalDecided delivers approve or reject as a persistent signal, so
// an early decision is not lost (§10.3).
func (e *Engine) onApprovalDecided(ev ApprovalDecided) {
	if e.Validate(ev) != nil {
		return
	}
	name := "reject"
	if ev.Approved {
		name = "approve"
	}
	e.signal(e.byRef[ev.Req.StageRefID], name, ev.Req.Data, true)
}

func (e *Engine) signal(s *model.StageExecution, name string, data any, persistent bool) {
	if s.Status == model.StatusSuspended {
		e.deliverSignal(s, name, data)
		return
	}
	if !persistent {
		return
	}
	buf, _ := s.Context[keyBufferedSignals].([]any)
	buf = append(model.CloneValue(buf).([]any), map[string]any{"signal_name": name, "signal_data": model.CloneValue(data)})
	e.setCtx(s, keyBufferedSignals, buf)
}

// deliverSignal resumes a SUSPENDED stage: _signal_name and _signal_data
// are set (and never cleared), the stage and its first SUSPENDED task
// become RUNNING, and that task runs again.
func (e *Engine) deliverSignal(s *model.StageExecution, name, data any) {
	e.setCtx(s, KeySignalName, model.CloneValue(name))
	e.setCtx(s, KeySignalData, model.CloneValue(data))
	e.setStatus(s, model.StatusRunning)
	for i, t := range s.Tasks {
		if t.Status == model.StatusSuspended {
			t.Status = model.StatusRunning
			e.push(action{kind: actExec, stage: s, task: i})
			return
		}
	}
}
