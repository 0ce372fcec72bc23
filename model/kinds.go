package model

// TaskKind says how the workflow runs a task: the one table that maps a
// built-in implementing_class to its mechanism (style.md §2). Every name not
// in the table is an activity.
type TaskKind uint8

// Task kinds.
const (
	// KindActivity runs as a Temporal activity whose type is the name.
	KindActivity TaskKind = iota
	// KindTimer is a durable workflow timer (wait).
	KindTimer
	// KindApproval suspends until an approve or reject decision.
	KindApproval
	// KindRouter evaluates routes in the workflow and may jump.
	KindRouter
	// KindChild runs a child workflow of the same generic type.
	KindChild
)

// Built-in task names.
const (
	TaskNoop        = "noop"
	TaskWait        = "wait"
	TaskFail        = "fail"
	TaskShell       = "shell"
	TaskHTTP        = "http"
	TaskApproval    = "approval"
	TaskRouter      = "router"
	TaskSubWorkflow = "sub_workflow"
	// TaskLoopCondition and TaskLoopBack are the loop tasks of the
	// LoopBuilder shapes (semantics §8.10, Go rule).
	TaskLoopCondition = "LoopConditionTask"
	TaskLoopBack      = "LoopBackTask"
)

var taskKinds = map[string]TaskKind{
	TaskWait:        KindTimer,
	TaskApproval:    KindApproval,
	TaskRouter:      KindRouter,
	TaskSubWorkflow: KindChild,
}

// KindOf returns how a task with the given implementing_class runs.
func KindOf(implementingClass string) TaskKind { return taskKinds[implementingClass] }

// WorkflowSideTasks lists the built-ins that the workflow itself implements
// (no activity is registered for them).
func WorkflowSideTasks() []string {
	return []string{TaskApproval, TaskRouter, TaskSubWorkflow, TaskWait}
}
