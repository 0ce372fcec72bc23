// Package interpreter is the thin Temporal shell around interpreter/engine:
// one generic workflow, StabilizeWorkflow, that runs any Stabilize
// definition.
//
// The shell owns no semantics. It feeds the engine events (activity and
// child results, timer firings, signals, updates, a Temporal cancellation)
// and carries out the commands the engine returns (ExecuteActivity, NewTimer,
// child workflows, cancellation, completion), waiting on one
// workflow.Selector in one coroutine. Each TaskExecution runs as one activity
// whose type is the task's implementing_class and whose ActivityID is the
// engine's TaskRef, so the Web UI shows every stage and task.
//
// Usage: a worker calls Register(w) and registers the task activities by
// name; a starter starts model.WorkflowName with an Input holding the loaded
// definition. Queries (model.QueryStatus, QueryStage, QuerySummary) answer
// during and after the run; controls arrive as signals or as updates with
// validators. Long runs continue as new, carrying engine.State.
//
// A stage with mutexScope "global" locks across executions through
// LockWorkflow, one workflow per key (id "stabilize-lock/<key>") that grants
// in arrival order; Register registers it too.
package interpreter
