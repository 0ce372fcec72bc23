package interpreter

import (
	"go.temporal.io/sdk/workflow"
)

// Global mutex (mutexScope "global", style.md §1 "Mutex"): one lock
// workflow per key arbitrates between executions, after
// temporalio/samples-go mutex. A requester starts it as an abandoned child
// holding the request, or, when it already runs, signals the request to
// it; the lock workflow grants in FIFO order by signalling the requester,
// and the requester signals the release.
const (
	// LockWorkflowName is the workflow type of the per-key lock workflow.
	LockWorkflowName = "StabilizeLock"
	// LockGrantedSignal is the signal a lock workflow sends the requester
	// with the granted LockRequest.
	LockGrantedSignal = "stabilize_lock_granted"
	// lockAcquireSignal and lockReleaseSignal carry a LockRequest to the
	// lock workflow.
	lockAcquireSignal = "acquire"
	lockReleaseSignal = "release"
	// lockContinueAsNewAfter bounds a lock workflow's history.
	lockContinueAsNewAfter = 2000
)

// LockRequest names who wants or holds a global lock: a stage of a
// workflow execution.
type LockRequest struct {
	WorkflowID string `json:"workflow_id"`
	Stage      string `json:"stage"`
	Key        string `json:"key"`
}

// LockInput is the argument of the lock workflow: its key, the holder and
// the waiters in arrival order (carried across continue-as-new).
type LockInput struct {
	Key    string        `json:"key"`
	Holder *LockRequest  `json:"holder,omitempty"`
	Queue  []LockRequest `json:"queue,omitempty"`
}

// lockWorkflowID is the workflow id of the lock workflow of key.
func lockWorkflowID(key string) string { return "stabilize-lock/" + key }

// LockWorkflow grants the lock of one key to one requester at a time, in
// arrival order, and ends when nobody holds or waits for it. A requester
// that no longer exists when its turn comes is skipped. A holder that
// disappears without releasing (terminated) keeps the lock until this
// workflow is terminated or sent its release.
func LockWorkflow(ctx workflow.Context, in LockInput) error {
	acquire := workflow.GetSignalChannel(ctx, lockAcquireSignal)
	release := workflow.GetSignalChannel(ctx, lockReleaseSignal)
	l := lockState{LockInput: in}
	for {
		for l.Holder == nil && len(l.Queue) > 0 {
			next := l.Queue[0]
			l.Queue = l.Queue[1:]
			err := workflow.SignalExternalWorkflow(ctx, next.WorkflowID, "", LockGrantedSignal, next).Get(ctx, nil)
			if err != nil {
				workflow.GetLogger(ctx).Warn("lock requester gone; skipped", "Key", in.Key, "Requester", next.WorkflowID, "Error", err)
				continue
			}
			l.Holder = &next
		}
		if l.receive(acquire, release) {
			continue
		}
		if l.Holder == nil && len(l.Queue) == 0 {
			return nil
		}
		if workflow.GetInfo(ctx).GetCurrentHistoryLength() > lockContinueAsNewAfter {
			return workflow.NewContinueAsNewError(ctx, LockWorkflowName, l.LockInput)
		}
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(acquire, func(workflow.ReceiveChannel, bool) {})
		sel.AddReceive(release, func(workflow.ReceiveChannel, bool) {})
		sel.Select(ctx)
	}
}

// lockState is the lock workflow's queue.
type lockState struct{ LockInput }

// receive applies every pending acquire and release; it reports whether
// there was any.
func (l *lockState) receive(acquire, release workflow.ReceiveChannel) bool {
	got := false
	var req LockRequest
	for acquire.ReceiveAsync(&req) {
		got = true
		if !l.known(req) {
			l.Queue = append(l.Queue, req)
		}
	}
	for release.ReceiveAsync(&req) {
		got = true
		if l.Holder != nil && *l.Holder == req {
			l.Holder = nil
			continue
		}
		for i, q := range l.Queue {
			if q == req {
				l.Queue = append(l.Queue[:i], l.Queue[i+1:]...)
				break
			}
		}
	}
	return got
}

// known reports a request that already holds or waits.
func (l *lockState) known(req LockRequest) bool {
	if l.Holder != nil && *l.Holder == req {
		return true
	}
	for _, q := range l.Queue {
		if q == req {
			return true
		}
	}
	return false
}
