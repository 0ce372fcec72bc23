package interpreter

import (
	"go.temporal.io/sdk/workflow"
)

// Concurrency limits (semantics §10.9, rule CONC-1, Go rule): executions
// whose definition sets pipeline_config_id, is_limit_concurrent and
// max_concurrent_executions > 0 ask one coordinator workflow per config
// id for a slot before their first step. It is the lock workflow's loop
// as a counting semaphore: FIFO by arrival, capacity = the first waiter's
// max_concurrent_executions, holders pinged for liveness, and a purge of
// the waiters left over when a holder without keep_waiting_pipelines
// releases. docs/locks-and-concurrency.md tells the whole story.
const (
	// ConcurrencyWorkflowName is the workflow type of the
	// per-pipeline_config_id concurrency coordinator.
	ConcurrencyWorkflowName = "StabilizeConcurrency"
	// ConcurrencyGoSignal is the signal the coordinator sends a BUFFERED
	// run when it may start, with its LockRequest.
	ConcurrencyGoSignal = "stabilize_concurrency_go"
	// ConcurrencyPurgeSignal is the signal the coordinator sends a
	// BUFFERED run dropped from the queue; the run ends CANCELED.
	ConcurrencyPurgeSignal = "stabilize_concurrency_purge"
	// PurgeCanceledBy and PurgeReason are the canceled_by and
	// cancellation_reason of a purged run (Python's wording).
	PurgeCanceledBy = "system"
	PurgeReason     = "Queue purged by keepWaitingPipelines=False policy"
)

// ConcurrencyWorkflowID is the workflow id of the concurrency coordinator
// of a pipeline_config_id.
func ConcurrencyWorkflowID(configID string) string { return "stabilize-concurrency/" + configID }

// ConcurrencyWorkflow hands out concurrency slots of one
// pipeline_config_id (in.Key) and ends when nobody holds or waits. A
// waiter that no longer exists when its turn comes is skipped; a holder
// whose run closed without releasing is found by the liveness ping and
// its slot freed (with the purge its keep_waiting_pipelines implies).
func ConcurrencyWorkflow(ctx workflow.Context, in LockInput) error {
	c := newCoordinator(ctx, in, coordinatorPolicy{
		name:  ConcurrencyWorkflowName,
		grant: ConcurrencyGoSignal,
		limit: func(first LockRequest) int { return first.Limit },
		purge: ConcurrencyPurgeSignal,
	})
	return c.run(ctx)
}
