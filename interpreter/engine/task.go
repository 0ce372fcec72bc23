package engine

import (
	"fmt"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// startTask starts task i of s (§3.2): only a NOT_STARTED task starts; it
// becomes RUNNING and is executed.
func (e *Engine) startTask(s *model.StageExecution, i int) {
	if i >= len(s.Tasks) || s.Status.IsComplete() {
		return
	}
	t := s.Tasks[i]
	if t.Status != model.StatusNotStarted {
		return
	}
	now := e.nowMs()
	t.Status = model.StatusRunning
	t.StartTime = &now
	e.rt(s).Exec = 0
	e.execTask(s, i)
}

// execTask runs the checks of §3.3 before one execution of task i, then
// executes it according to its kind.
func (e *Engine) execTask(s *model.StageExecution, i int) {
	t := s.Tasks[i]
	if t.Status != model.StatusRunning || s.Status.IsComplete() {
		return // check 1
	}
	if e.wf.IsCanceled || e.wf.Status.IsComplete() {
		e.finishTask(s, i, model.StatusCanceled) // checks 3 and 4
		return
	}
	if e.wf.Status == model.StatusPaused {
		e.park(s, i) // check 5
		return
	}
	if pyTruthy(s.Context[model.KeyManualSkip]) {
		e.finishTask(s, i, model.StatusSkipped) // check 6
		return
	}
	if limit, ok := numberOf(s.Context["stageTimeoutMs"]); ok && s.StartTime != nil {
		if elapsed := e.nowMs() - *s.StartTime; float64(elapsed) > limit { // check 7
			msg := fmt.Sprintf("Stage exceeded timeout (%dms > %dms)", elapsed, int64(limit))
			e.setCtx(s, "exception", map[string]any{"details": map[string]any{"error": msg}})
			t.TaskExceptionDetails = map[string]any{"error": msg}
			e.finishTask(s, i, model.StatusTerminal)
			return
		}
	}
	r := e.rt(s)
	ref := TaskRef{Stage: s.RefID, Task: i, Run: r.Run, Exec: r.Exec}
	r.Exec++
	switch model.KindOf(t.ImplementingClass) {
	case model.KindTimer:
		secs, _ := numberOf(s.Context["waitTime"])
		e.startTimer(timerWait, ref, time.Duration(secs*float64(time.Second)))
	case model.KindApproval:
		e.applyResult(s, i, ApprovalResult(s.Context))
	case model.KindRouter:
		e.applyResult(s, i, RouterResult(s.Context))
	default: // KindActivity, KindChild
		e.dispatchTask(ref)
	}
}

// park turns a task and its stage PAUSED instead of running it (§10.4);
// resume runs the task again.
func (e *Engine) park(s *model.StageExecution, i int) {
	s.Tasks[i].Status = model.StatusPaused
	e.setStatus(s, model.StatusPaused)
}

// onTaskFinished applies a task result; results for refs not in flight
// (canceled, reset by a jump, or duplicated) are ignored.
func (e *Engine) onTaskFinished(ev TaskFinished) {
	s := e.stage(ev.Task.Stage)
	if !e.takeInFlight(ev.Task) || e.st.Finished {
		return
	}
	if ev.Task.Run != e.rt(s).Run || ev.Task.Task >= len(s.Tasks) {
		return
	}
	if s.Tasks[ev.Task.Task].Status != model.StatusRunning {
		return
	}
	e.applyResult(s, ev.Task.Task, ev.Result)
}

// onTimerFired handles poll and wait timers; unknown (canceled) timers are
// ignored.
func (e *Engine) onTimerFired(ev TimerFired) {
	tr, ok := e.st.Timers[ev.Timer]
	if !ok || e.st.Finished {
		return
	}
	delete(e.st.Timers, ev.Timer)
	s := e.stage(tr.Task.Stage)
	if tr.Task.Run != e.rt(s).Run || tr.Task.Task >= len(s.Tasks) {
		return
	}
	if s.Tasks[tr.Task.Task].Status != model.StatusRunning {
		return
	}
	switch tr.Kind {
	case timerWait:
		e.applyResult(s, tr.Task.Task, model.TaskResult{Status: model.StatusSucceeded})
	case timerPoll:
		e.execTask(s, tr.Task.Task)
	}
}

// applyResult processes one task result (§3.4): the result context and
// outputs are merged first, whatever the status.
func (e *Engine) applyResult(s *model.StageExecution, i int, res model.TaskResult) {
	t := s.Tasks[i]
	e.mergeCtx(s, res.Context)
	e.mergeOutputs(s, res.Outputs)
	if len(res.ExceptionDetails) > 0 {
		t.TaskExceptionDetails = model.CloneMap(res.ExceptionDetails)
		if code, failed := res.ExceptionDetails["type"]; failed && res.Status == model.StatusTerminal {
			// The shell reports an activity that failed for good (retries
			// exhausted, timeout, bad input) as TERMINAL with the error's
			// type: the permanent-error path of §3.8 records it on the stage.
			e.setCtx(s, "exception", map[string]any{"details": map[string]any{
				"error": res.Error, "errors": []any{res.Error}, "transient": false, "error_code": code}})
		}
	}
	switch res.Status {
	case model.StatusSucceeded:
		e.finishTask(s, i, model.StatusSucceeded)
	case model.StatusRunning:
		r := e.rt(s)
		e.startTimer(timerPoll, TaskRef{Stage: s.RefID, Task: i, Run: r.Run, Exec: r.Exec}, e.pollInterval(s, t))
	case model.StatusTerminal:
		e.setError(s, res.Error)
		e.finishTask(s, i, failureStatus(s, model.StatusTerminal))
	case model.StatusFailedContinue:
		e.setError(s, res.Error)
		e.finishTask(s, i, model.StatusFailedContinue)
	case model.StatusSkipped:
		e.finishTask(s, i, model.StatusSkipped)
	case model.StatusCanceled:
		e.finishTask(s, i, failureStatus(s, model.StatusCanceled))
	case model.StatusStopped:
		e.finishTask(s, i, model.StatusStopped)
	case model.StatusSuspended:
		e.suspend(s, i)
	case model.StatusRedirect:
		if res.JumpTo == "" {
			e.finishTask(s, i, model.StatusSucceeded) // §3.4 Go rule
			return
		}
		t.Status = model.StatusRedirect
		e.jump(s, i, res)
	default:
		e.setError(s, res.Error)
		e.finishTask(s, i, failureStatus(s, model.StatusTerminal))
	}
}

// setError writes context.error for terminal and failed_continue results.
func (e *Engine) setError(s *model.StageExecution, msg string) {
	if msg != "" {
		e.setCtx(s, "error", msg)
	}
}

// finishTask completes task i with status and moves the sequence on
// (§3.1 Go rule): after TERMINAL, STOPPED or CANCELED the remaining tasks do
// not start and the stage completes; otherwise the next task starts, or the
// stage completes after the last one.
func (e *Engine) finishTask(s *model.StageExecution, i int, status model.WorkflowStatus) {
	t := s.Tasks[i]
	now := e.nowMs()
	t.Status = status
	t.EndTime = &now
	if !status.IsHalt() && i+1 < len(s.Tasks) {
		e.push(action{kind: actStartTask, stage: s, task: i + 1})
		return
	}
	e.push(action{kind: actComplete, stage: s})
}

// suspend parks a task until a signal (§10.1); a buffered signal is
// consumed at once and the same task runs again.
func (e *Engine) suspend(s *model.StageExecution, i int) {
	t := s.Tasks[i]
	t.Status = model.StatusSuspended
	e.setStatus(s, model.StatusSuspended)
	buf, _ := s.Context[keyBufferedSignals].([]any)
	if len(buf) == 0 {
		return
	}
	first, _ := buf[0].(map[string]any)
	e.setCtx(s, keyBufferedSignals, model.CloneValue(buf[1:]))
	e.deliverSignal(s, first["signal_name"], first["signal_data"])
}

// failureStatus is failure_status(default) of §6.2.
func failureStatus(s *model.StageExecution, def model.WorkflowStatus) model.WorkflowStatus {
	if ctxFlag(s.Context, model.KeyContinuePipelineOnFailure, false) {
		return model.StatusFailedContinue
	}
	if ctxFlag(s.Context, model.KeyFailPipeline, true) {
		return def
	}
	return model.StatusStopped
}

// pollInterval is the delay before a RUNNING task runs again (§3.6): the
// task's task_options (or the http interval) when the definition gives one,
// else Options.PollInterval.
func (e *Engine) pollInterval(s *model.StageExecution, t *model.TaskExecution) time.Duration {
	_, hasOpts := s.Context[model.TaskOptionsKey]
	_, hasInterval := s.Context["interval"]
	if hasOpts || (t.ImplementingClass == model.TaskHTTP && hasInterval) {
		if o, err := model.ParseTaskOptions(s.Context); err == nil {
			if p := o.ForTask(t.ImplementingClass).PollInterval; p > 0 {
				return p
			}
		}
	}
	return e.opts.PollInterval
}
