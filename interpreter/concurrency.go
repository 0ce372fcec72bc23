package interpreter

import (
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// concurrencyChangeID versions the concurrency limit: runs recorded before
// it started at once whatever their limit.
const concurrencyChangeID = "concurrency-limit"

// concurrency is the run's side of CONC-1 (semantics §10.9, Go rule): a
// limited run asks its config's ConcurrencyWorkflow for a slot, stays
// BUFFERED (the engine is not started) until the "go" signal, and gives
// the slot back when it completes, whatever its final status.
type concurrency struct {
	// req is this run as a slot requester; req.Key is the config id, ""
	// when the run is not limited.
	req LockRequest
	// buffered holds the engine's Started event back until "go".
	buffered bool
	// held: the run holds a slot, or has asked for one, and must release it.
	held bool
	// acquiring: the request is not yet in the coordinator's hands, so a
	// release must wait for it (or it would overtake the request).
	acquiring, releaseDue bool
}

// concurrencyLimited reports whether wf is held to a concurrency limit:
// is_limit_concurrent, a pipeline_config_id and max_concurrent_executions
// > 0 (semantics §1.3, §10.9).
func concurrencyLimited(wf *model.Workflow) bool {
	return wf.IsLimitConcurrent && wf.PipelineConfigID != "" && wf.MaxConcurrentExecutions > 0
}

// holdForSlot decides, before the first step, whether this run waits for
// a concurrency slot. A fresh limited run asks for one and stays BUFFERED;
// a run continued as new already holds its slot and only has to release
// it at the end.
func (s *shell) holdForSlot() {
	wf := s.eng.View()
	if !concurrencyLimited(wf) {
		return
	}
	if workflow.GetVersion(s.ctx, concurrencyChangeID, workflow.DefaultVersion, 1) < 1 {
		return
	}
	s.conc.req = LockRequest{
		WorkflowID:  workflow.GetInfo(s.ctx).WorkflowExecution.ID,
		Key:         wf.PipelineConfigID,
		Limit:       wf.MaxConcurrentExecutions,
		KeepWaiting: wf.KeepWaitingPipelines,
	}
	s.conc.held = true
	s.addConcurrencySignals()
	if s.in.State != nil || wf.Status != model.StatusNotStarted {
		return
	}
	s.conc.buffered = true
	s.conc.acquiring = true
	s.enqueue(ConcurrencyWorkflowName, ConcurrencyWorkflowID(s.conc.req.Key), s.conc.req, func() {
		s.conc.acquiring = false
		if s.conc.releaseDue {
			s.conc.releaseDue = false
			s.releaseSlot()
		}
	})
}

// addConcurrencySignals turns "go" into the held-back Started event and
// "purge" into a cancellation by "system" (the engine's cancel, so the
// final model is consistent: stages and workflow CANCELED).
func (s *shell) addConcurrencySignals() {
	goCh := workflow.GetSignalChannel(s.ctx, ConcurrencyGoSignal)
	s.sel.AddReceive(goCh, func(c workflow.ReceiveChannel, _ bool) {
		var req LockRequest
		c.ReceiveAsync(&req)
		if !s.conc.buffered {
			return // completed while waiting: its release is on the way
		}
		s.conc.buffered = false
		s.push(item{ev: engine.Started{At: workflow.Now(s.ctx)}})
	})
	purge := workflow.GetSignalChannel(s.ctx, ConcurrencyPurgeSignal)
	s.sel.AddReceive(purge, func(c workflow.ReceiveChannel, _ bool) {
		var req LockRequest
		c.ReceiveAsync(&req)
		if !s.conc.buffered {
			return
		}
		s.conc.held = false // the coordinator has dropped us already
		s.push(item{ev: engine.CancelRequested{At: workflow.Now(s.ctx), Req: model.ControlRequest{
			User: PurgeCanceledBy, Reason: PurgeReason}}})
	})
}

// releaseSlot gives the slot (or the place in the queue) back when the
// run completes.
func (s *shell) releaseSlot() {
	s.conc.buffered = false
	if !s.conc.held {
		return
	}
	if s.conc.acquiring {
		s.conc.releaseDue = true
		return
	}
	s.conc.held = false
	s.sendRelease(ConcurrencyWorkflowID(s.conc.req.Key), s.conc.req)
}

// view is the status query's model: the engine's, shown BUFFERED while
// the run waits for its slot.
func (s *shell) view() *model.Workflow {
	v := s.eng.View()
	if s.conc.buffered {
		v.Status = model.StatusBuffered
	}
	return v
}

// summary is the summary query's answer, BUFFERED while waiting.
func (s *shell) summary() model.Summary {
	sum := s.eng.Summary()
	if s.conc.buffered {
		sum.Status = model.StatusBuffered
	}
	return sum
}

// visibleStatus is the StabilizeStatus search attribute's value.
func (s *shell) visibleStatus() model.WorkflowStatus {
	if s.conc.buffered {
		return model.StatusBuffered
	}
	return s.eng.Status()
}
