package engine

import (
	"fmt"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// Command is an output of Engine.Step for the shell to carry out. Step
// returns commands in a stable order; the shell issues them in that order.
type Command interface{ isCommand() }

// TaskRef identifies one execution of one task: the stage, the task's index
// in the stage, the stage's run number (bumped by jumps, restarts and
// MULTI_MERGE firings, so stale results can be told apart) and the
// execution number of the task within that run (bumped by RUNNING polls and
// signal re-runs). Its String form is used as the Temporal activity id.
type TaskRef struct {
	Stage string `json:"stage"` // ref_id
	Task  int    `json:"task"`
	Run   int    `json:"run"`
	Exec  int    `json:"exec"`
}

// String renders the ref as "stage/task/run/exec".
func (r TaskRef) String() string { return fmt.Sprintf("%s/%d/%d/%d", r.Stage, r.Task, r.Run, r.Exec) }

// TimerID identifies a timer; unique within a workflow run.
type TimerID string

// RunTask asks the shell to execute a task. Kind is model.KindActivity
// (ExecuteActivity with activity type Name) or model.KindChild (a child
// workflow running Input.Context["_sub_workflow_config"]). The shell answers
// with TaskFinished carrying the same Task.
type RunTask struct {
	Task    TaskRef
	Kind    model.TaskKind
	Name    string // implementing_class: the activity type
	Summary string // "<stage name> / <task name>", shown in the Web UI
	Input   model.TaskInput
}

// CancelTask asks the shell to cancel an in-flight RunTask. Its result, if
// one still arrives, is ignored by the engine.
type CancelTask struct{ Task TaskRef }

// StartTimer asks the shell to start a durable timer; it answers with
// TimerFired. Timers serve wait tasks, RUNNING polls and scheduled starts.
type StartTimer struct {
	Timer TimerID
	After time.Duration
}

// CancelTimer asks the shell to cancel a timer; a late TimerFired is ignored.
type CancelTimer struct{ Timer TimerID }

// AcquireLock asks the shell for the global lock Key on behalf of a stage;
// the shell answers with LockGranted.
type AcquireLock struct {
	Key   string
	Stage string
}

// ReleaseLock releases a global lock held by a stage.
type ReleaseLock struct {
	Key   string
	Stage string
}

// Complete ends the workflow with Status; Workflow is the final model.
type Complete struct {
	Status   model.WorkflowStatus
	Workflow *model.Workflow
}

func (RunTask) isCommand()     {}
func (CancelTask) isCommand()  {}
func (StartTimer) isCommand()  {}
func (CancelTimer) isCommand() {}
func (AcquireLock) isCommand() {}
func (ReleaseLock) isCommand() {}
func (Complete) isCommand()    {}
