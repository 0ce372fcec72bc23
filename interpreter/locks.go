package interpreter

import (
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
)

// acquireLock asks the key's lock workflow for a global lock: it starts
// the lock workflow as an abandoned child carrying the request, or, when
// that workflow already runs, signals the request to it. The grant comes
// back as LockGrantedSignal and becomes engine.LockGranted.
func (s *shell) acquireLock(c engine.AcquireLock) {
	req := s.lockRequest(c.Key, c.Stage)
	ctx := workflow.WithChildOptions(s.dctx, workflow.ChildWorkflowOptions{
		WorkflowID:        lockWorkflowID(c.Key),
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_ABANDON,
	})
	child := workflow.ExecuteChildWorkflow(ctx, LockWorkflowName, LockInput{Key: c.Key, Queue: []LockRequest{req}})
	s.lockOps++
	s.sel.AddFuture(child.GetChildWorkflowExecution(), func(f workflow.Future) {
		s.lockOps--
		if f.Get(s.dctx, nil) == nil {
			return // started with our request in its queue
		}
		// It runs already: queue by signal. If it ended in between, the
		// signal fails and we start it again.
		sig := workflow.SignalExternalWorkflow(s.dctx, lockWorkflowID(c.Key), "", lockAcquireSignal, req)
		s.lockOps++
		s.sel.AddFuture(sig, func(f workflow.Future) {
			s.lockOps--
			if err := f.Get(s.dctx, nil); err != nil {
				s.log.Info("lock workflow gone; starting it again", "Key", c.Key, "Error", err)
				s.acquireLock(c)
			}
		})
	})
}

// releaseLock hands a global lock back to its lock workflow.
func (s *shell) releaseLock(c engine.ReleaseLock) {
	sig := workflow.SignalExternalWorkflow(s.dctx, lockWorkflowID(c.Key), "", lockReleaseSignal, s.lockRequest(c.Key, c.Stage))
	s.lockOps++
	s.sel.AddFuture(sig, func(f workflow.Future) {
		s.lockOps--
		if err := f.Get(s.dctx, nil); err != nil {
			s.log.Warn("release global lock", "Key", c.Key, "Stage", c.Stage, "Error", err)
		}
	})
}

// lockRequest names this execution's stage as a lock requester; grants
// are signalled to this workflow id.
func (s *shell) lockRequest(key, stage string) LockRequest {
	return LockRequest{WorkflowID: workflow.GetInfo(s.ctx).WorkflowExecution.ID, Stage: stage, Key: key}
}

// addLockGrants turns LockGrantedSignal into engine.LockGranted events.
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
}
