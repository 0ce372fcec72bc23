package interpreter

import (
	"time"

	"go.temporal.io/sdk/workflow"
)

// Global mutex (mutexScope "global", style.md §1 "Mutex"): one lock
// workflow per key arbitrates between executions, after
// temporalio/samples-go mutex. A requester starts it as an abandoned child
// holding the request, or, when it already runs, signals the request to
// it; the lock workflow grants in FIFO order by signalling the requester,
// and the requester signals the release. While a stage holds the lock, the
// lock workflow pings the holder's workflow every LockInput.PingInterval:
// a ping fails once the holder's run is closed (terminated, timed out, or
// ended without delivering its release), and the lock goes to the next
// waiter. docs/locks-and-concurrency.md tells the whole story.
const (
	// LockWorkflowName is the workflow type of the per-key lock workflow.
	LockWorkflowName = "StabilizeLock"
	// LockGrantedSignal is the signal a lock workflow sends the requester
	// with the granted LockRequest.
	LockGrantedSignal = "stabilize_lock_granted"
	// LivenessPingSignal is the no-op signal the lock and concurrency
	// workflows send their holders to find out whether they still run; the
	// payload is the held LockRequest. StabilizeWorkflow drains it.
	LivenessPingSignal = "stabilize_liveness_ping"
	// LockStateQuery is the query of the lock and concurrency workflows
	// that returns their LockInput: holders, waiters and ping interval.
	LockStateQuery = "state"
	// DefaultLockPingInterval is the liveness ping interval when
	// LockInput.PingInterval (RunOptions.LockPingInterval) is zero.
	DefaultLockPingInterval = 30 * time.Second
	// lockAcquireSignal and lockReleaseSignal carry a LockRequest to the
	// lock workflow.
	lockAcquireSignal = "acquire"
	lockReleaseSignal = "release"
	// lockContinueAsNewAfter bounds a lock workflow's history.
	lockContinueAsNewAfter = 2000
	// livenessChangeID versions the liveness pings: lock workflows whose
	// history predates them keep running without pings.
	livenessChangeID = "lock-liveness"
)

// LockRequest names who wants or holds a global lock or a concurrency
// slot: a stage of a workflow execution (Stage is empty for a slot).
type LockRequest struct {
	WorkflowID string `json:"workflow_id"`
	Stage      string `json:"stage"`
	Key        string `json:"key"`
	// Limit is the requester's max_concurrent_executions (concurrency
	// slots only; the first waiter's limit is the capacity, §10.9).
	Limit int `json:"limit,omitempty"`
	// KeepWaiting is the requester's keep_waiting_pipelines (concurrency
	// slots only): when a holder without it releases, the waiters that
	// are not promoted are purged (§10.9).
	KeepWaiting bool `json:"keep_waiting,omitempty"`
}

// same reports whether r and o name the same requester.
func (r LockRequest) same(o LockRequest) bool {
	return r.WorkflowID == o.WorkflowID && r.Stage == o.Stage && r.Key == o.Key
}

// LockInput is the argument of the lock and concurrency workflows: the
// key, the holders and the waiters in arrival order (carried across
// continue-as-new), and the liveness ping interval.
type LockInput struct {
	Key string `json:"key"`
	// Holder is the single holder as written by builds before Holders
	// existed; it is read once and moved into Holders.
	Holder  *LockRequest  `json:"holder,omitempty"`
	Holders []LockRequest `json:"holders,omitempty"`
	Queue   []LockRequest `json:"queue,omitempty"`
	// PingInterval is how often each holder is pinged for liveness.
	// Optional: defaults to DefaultLockPingInterval.
	PingInterval time.Duration `json:"ping_interval,omitempty"`
}

// lockWorkflowID is the workflow id of the lock workflow of key.
func lockWorkflowID(key string) string { return "stabilize-lock/" + key }

// LockWorkflow grants the lock of one key to one requester at a time, in
// arrival order, and ends when nobody holds or waits for it. A requester
// that no longer exists when its turn comes is skipped; a holder whose run
// has closed without releasing is found by the liveness ping and loses
// the lock.
func LockWorkflow(ctx workflow.Context, in LockInput) error {
	c := newCoordinator(ctx, in, coordinatorPolicy{
		name:  LockWorkflowName,
		grant: LockGrantedSignal,
		limit: func(LockRequest) int { return 1 },
	})
	return c.run(ctx)
}
