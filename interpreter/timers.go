package interpreter

import (
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
)

// startTimer starts a durable timer in its own cancellable context. A
// duration of zero or less fires at once.
func (s *shell) startTimer(c engine.StartTimer) {
	if c.After <= 0 {
		s.push(item{ev: engine.TimerFired{At: workflow.Now(s.ctx), Timer: c.Timer}})
		return
	}
	ctx, cancel := workflow.WithCancel(s.dctx)
	f := workflow.NewTimerWithOptions(ctx, c.After, workflow.TimerOptions{Summary: string(c.Timer)})
	s.timers[c.Timer] = cancel
	s.sel.AddFuture(f, func(f workflow.Future) {
		if f.Get(s.dctx, nil) != nil {
			return // canceled on the engine's request: nothing to report
		}
		delete(s.timers, c.Timer)
		s.push(item{ev: engine.TimerFired{At: workflow.Now(s.ctx), Timer: c.Timer}})
	})
}

// cancelTimer cancels a pending timer; a firing already queued is ignored
// by the engine.
func (s *shell) cancelTimer(id engine.TimerID) {
	if cancel, ok := s.timers[id]; ok {
		delete(s.timers, id)
		cancel()
	}
}
