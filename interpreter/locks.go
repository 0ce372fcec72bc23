package interpreter

import (
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
)

// acquireLock asks the key's lock workflow for a global lock. The grant
// comes back as LockGrantedSignal and becomes engine.LockGranted.
func (s *shell) acquireLock(c engine.AcquireLock) {
	req := s.lockRequest(c.Key, c.Stage)
	s.enqueue(LockWorkflowName, lockWorkflowID(c.Key), req, func() {})
}

// enqueue hands req to the coordinator workflow typ with the given id: it
// starts the coordinator as an abandoned child carrying the request, or,
// when that workflow already runs, signals the request to it (and starts
// it again if it ended in between). delivered runs once the request is
// in the coordinator's hands. lockOps counts the messages in flight.
func (s *shell) enqueue(typ, id string, req LockRequest, delivered func()) {
	ctx := workflow.WithChildOptions(s.dctx, workflow.ChildWorkflowOptions{
		WorkflowID:        id,
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_ABANDON,
	})
	in := LockInput{Key: req.Key, Queue: []LockRequest{req}, PingInterval: s.in.Options.LockPingInterval}
	child := workflow.ExecuteChildWorkflow(ctx, typ, in)
	s.lockOps++
	s.sel.AddFuture(child.GetChildWorkflowExecution(), func(f workflow.Future) {
		s.lockOps--
		if f.Get(s.dctx, nil) == nil {
			delivered() // started with our request in its queue
			return
		}
		// It runs already: queue by signal. If it ended in between, the
		// signal fails and we start it again.
		sig := workflow.SignalExternalWorkflow(s.dctx, id, "", lockAcquireSignal, req)
		s.lockOps++
		s.sel.AddFuture(sig, func(f workflow.Future) {
			s.lockOps--
			if err := f.Get(s.dctx, nil); err != nil {
				s.log.Info("coordinator gone; starting it again", "Coordinator", id, "Error", err)
				s.enqueue(typ, id, req, delivered)
				return
			}
			delivered()
		})
	})
}

// releaseLock hands a global lock back to its lock workflow.
func (s *shell) releaseLock(c engine.ReleaseLock) {
	s.sendRelease(lockWorkflowID(c.Key), s.lockRequest(c.Key, c.Stage))
}

// sendRelease signals the release of req to coordinator id. A coordinator
// that is gone has nothing to release.
func (s *shell) sendRelease(id string, req LockRequest) {
	sig := workflow.SignalExternalWorkflow(s.dctx, id, "", lockReleaseSignal, req)
	s.lockOps++
	s.sel.AddFuture(sig, func(f workflow.Future) {
		s.lockOps--
		if err := f.Get(s.dctx, nil); err != nil {
			s.log.Warn("release", "Coordinator", id, "Key", req.Key, "Stage", req.Stage, "Error", err)
		}
	})
}

// lockRequest names this execution's stage as a lock requester; grants
// are signalled to this workflow id.
func (s *shell) lockRequest(key, stage string) LockRequest {
	return LockRequest{WorkflowID: workflow.GetInfo(s.ctx).WorkflowExecution.ID, Stage: stage, Key: key}
}

// addLockGrants turns LockGrantedSignal into engine.LockGranted events
// and drains the coordinators' liveness pings, which need no answer: the
// signal's delivery is the answer.
func (s *shell) addLockGrants() {
	ch := workflow.GetSignalChannel(s.ctx, LockGrantedSignal)
	receive := func() bool {
		var req LockRequest
		if !ch.ReceiveAsync(&req) {
			return false
		}
		s.push(item{ev: engine.LockGranted{At: workflow.Now(s.ctx), Key: req.Key, Stage: req.Stage}})
		return true
	}
	s.sel.AddReceive(ch, func(workflow.ReceiveChannel, bool) { receive() })
	s.drains = append(s.drains, receive)
	pings := workflow.GetSignalChannel(s.ctx, LivenessPingSignal)
	s.sel.AddReceive(pings, func(c workflow.ReceiveChannel, _ bool) {
		var req LockRequest
		for c.ReceiveAsync(&req) {
		}
	})
}
