package engine

import (
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// Event is an input to Engine.Step. Every event carries At, the workflow
// time (workflow.Now) at which the shell observed it; the engine never reads
// a clock.
type Event interface{ isEvent() }

// Started begins the execution (semantics §10.10).
type Started struct{ At time.Time }

// Resumed follows Restore after continue-as-new: the engine re-emits the
// commands for work that was queued or timed when the state was taken.
type Resumed struct{ At time.Time }

// TaskFinished reports the result of a RunTask or StartChild command. A
// task whose activity failed for good arrives as a TERMINAL result with the
// last error in ExceptionDetails. Results for stale TaskRefs are ignored.
type TaskFinished struct {
	At     time.Time
	Task   TaskRef
	Result model.TaskResult
}

// TimerFired reports that a StartTimer command's timer elapsed.
type TimerFired struct {
	At    time.Time
	Timer TimerID
}

// LockGranted answers an AcquireLock command (global mutex scope).
type LockGranted struct {
	At    time.Time
	Key   string
	Stage string // ref_id of the stage that asked
}

// PauseRequested pauses the workflow (semantics §10.4).
type PauseRequested struct {
	At  time.Time
	Req model.ControlRequest
}

// ResumeRequested resumes a paused workflow (semantics §10.4).
type ResumeRequested struct {
	At  time.Time
	Req model.ControlRequest
}

// CancelRequested cancels the workflow (semantics §10.6).
type CancelRequested struct {
	At  time.Time
	Req model.ControlRequest
}

// StageSignaled delivers a stage signal (semantics §10.2).
type StageSignaled struct {
	At     time.Time
	Signal model.StageSignal
}

// ApprovalDecided delivers approve (Approved true) or reject (semantics §10.3).
type ApprovalDecided struct {
	At       time.Time
	Approved bool
	Req      model.ApprovalRequest
}

// RegionCanceled cancels a cancel region (semantics §10.8).
type RegionCanceled struct {
	At  time.Time
	Req model.CancelRegionRequest
}

// StageCancelRequested cancels one stage (semantics §10.7).
type StageCancelRequested struct {
	At  time.Time
	Req model.StageRequest
}

// StageRestartRequested restarts a completed stage (semantics §8.11).
type StageRestartRequested struct {
	At  time.Time
	Req model.StageRequest
}

// InstanceAdded adds a dynamic multi-instance instance (semantics §9.4).
type InstanceAdded struct {
	At  time.Time
	Req model.AddInstanceRequest
}

func (Started) isEvent()               {}
func (Resumed) isEvent()               {}
func (TaskFinished) isEvent()          {}
func (TimerFired) isEvent()            {}
func (LockGranted) isEvent()           {}
func (PauseRequested) isEvent()        {}
func (ResumeRequested) isEvent()       {}
func (CancelRequested) isEvent()       {}
func (StageSignaled) isEvent()         {}
func (ApprovalDecided) isEvent()       {}
func (RegionCanceled) isEvent()        {}
func (StageCancelRequested) isEvent()  {}
func (StageRestartRequested) isEvent() {}
func (InstanceAdded) isEvent()         {}
