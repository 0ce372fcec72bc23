// Package activities holds the tasks that run as Temporal activities: the
// registry that maps an implementing_class to its Go implementation, the
// built-in tasks noop, fail, shell and http, and the worker policy that
// restricts them.
//
// A worker builds a registry, adds its own tasks and registers them all:
//
//	reg, err := activities.Builtins(activities.Policy{Disabled: []string{"shell"}})
//	if err != nil { ... }
//	if err := reg.Register("greet", activities.TaskFunc(greet)); err != nil { ... }
//	reg.RegisterActivities(w) // w is a worker.Worker
//
// Each task becomes an activity whose type is its implementing_class, so the
// Web UI shows real task names, and a dynamic activity answers every other
// name with a TERMINAL result "No task found for type: <name>" (semantics
// §3.3 check 2). The workflow-side built-ins wait, approval, router and
// sub_workflow are not activities (model.KindOf).
//
// Task outcomes are values: a task returns a model.TaskResult whose status
// says SUCCEEDED, RUNNING, TERMINAL and so on, and bad input is a TERMINAL
// result with a clear message. A Go error means a retryable infrastructure
// fault: the workflow retries the activity under its retry policy, then
// turns the last error into a TERMINAL result. The wire contract, for
// activities written with other Temporal SDKs, is docs/wire-contract.md.
package activities
