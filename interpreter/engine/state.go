package engine

import (
	"encoding/json"
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// coreState is the engine's bookkeeping beyond the model. It is plain data:
// State carries it through JSON across continue-as-new, so every field is
// exported for encoding/json and nothing holds a pointer into the model.
type coreState struct {
	// Stages holds per-stage runtime data, keyed by ref_id.
	Stages map[string]*stageRT `json:"stages"`
	// Timers are the outstanding timers with absolute deadlines.
	Timers map[TimerID]*timerRec `json:"timers,omitempty"`
	// InFlight are the RunTask commands issued and not yet answered, in
	// issue order; a TaskFinished for any other ref is stale.
	InFlight []TaskRef `json:"in_flight,omitempty"`
	// Queue holds task executions waiting for a dispatch slot
	// (MaxPendingTasks) or for the hold to be released.
	Queue []TaskRef `json:"queue,omitempty"`
	// Armed is the armed workflow-completion check (§6.6, Go rule).
	Armed bool `json:"armed,omitempty"`
	// Finished is set once Complete has been emitted.
	Finished bool `json:"finished,omitempty"`
	// Hold stops new dispatches (SetHold).
	Hold bool `json:"hold,omitempty"`
	// Mutex is the execution-scoped lock table of mutex_key (§2.8).
	Mutex MutexTable `json:"mutex"`
	// Choice maps a deferred_choice_group to its winner's ref_id (§2.9).
	Choice map[string]string `json:"choice,omitempty"`
	// PendingInstances are add_instance requests received before their
	// parent expanded (§9.4), in arrival order.
	PendingInstances []model.AddInstanceRequest `json:"pending_instances,omitempty"`
}

// stageRT is the runtime data of one stage that the model does not hold.
type stageRT struct {
	// DefCtx is the definition context, the second layer of §8.8.
	DefCtx map[string]any `json:"def_ctx,omitempty"`
	// Overlay holds every key written after load (tasks, jumps, signals,
	// the engine): the third layer of §8.8, kept across runs.
	Overlay map[string]any `json:"overlay,omitempty"`
	// Run is the stage's run number: bumped whenever the stage starts, so
	// results of an earlier run can be told apart.
	Run int `json:"run,omitempty"`
	// Exec counts executions of the current task within the run.
	Exec int `json:"exec,omitempty"`
	// MilestoneWait marks a stage held at the milestone gate (§2.7 Go rule).
	MilestoneWait bool `json:"milestone_wait,omitempty"`
	// Fired lists, for a MULTI_MERGE join, the stages started by its
	// current firing; Queued counts firings waiting for it to drain.
	Fired  []string `json:"fired,omitempty"`
	Queued int      `json:"queued,omitempty"`
	// Expanded marks a multi-instance parent whose instances exist.
	Expanded bool `json:"expanded,omitempty"`
	// Lock is the stage's global mutex state: "", lockPending or lockHeld.
	Lock string `json:"lock,omitempty"`
}

// timerRec is an outstanding timer. Deadline is absolute (Unix
// nanoseconds), so Resumed can re-arm it with the remaining time.
type timerRec struct {
	Deadline int64   `json:"deadline"`
	Kind     string  `json:"kind"` // timerPoll or timerWait
	Task     TaskRef `json:"task"`
}

// Timer kinds.
const (
	timerPoll = "poll"
	timerWait = "wait"
)

func newCoreState() *coreState {
	return &coreState{
		Stages: map[string]*stageRT{},
		Timers: map[TimerID]*timerRec{},
		Choice: map[string]string{},
	}
}

func newStageRT(s *model.StageExecution) *stageRT {
	return &stageRT{DefCtx: model.CloneMap(s.Context), Overlay: map[string]any{}}
}

// State returns the engine's state for continue-as-new: a deep copy of the
// workflow and the internal bookkeeping as JSON-shaped data.
func (e *Engine) State() State {
	e.compactInFlight() // no holes in the persisted list
	raw, err := json.Marshal(e.st)
	if err != nil {
		panic(fmt.Sprintf("engine: encode state: %v", err))
	}
	var internal map[string]any
	if err := json.Unmarshal(raw, &internal); err != nil {
		panic(fmt.Sprintf("engine: decode state: %v", err))
	}
	return State{Workflow: e.wf.Clone(), Internal: internal}
}

// Restore rebuilds an engine from State after continue-as-new; feed it
// Resumed to re-emit outstanding work. A State without Internal (a fresh
// definition) gives the same engine as New.
func Restore(s State, opts Options) *Engine {
	wf := s.Workflow
	if wf == nil {
		wf = &model.Workflow{}
	}
	if s.Internal == nil {
		return New(wf, opts)
	}
	st := newCoreState()
	raw, err := json.Marshal(s.Internal)
	if err == nil {
		err = json.Unmarshal(raw, st)
	}
	if err != nil {
		panic(fmt.Sprintf("engine: restore state: %v", err))
	}
	if st.Stages == nil {
		st.Stages = map[string]*stageRT{}
	}
	if st.Timers == nil {
		st.Timers = map[TimerID]*timerRec{}
	}
	if st.Choice == nil {
		st.Choice = map[string]string{}
	}
	for _, r := range st.Stages {
		if r.Overlay == nil {
			r.Overlay = map[string]any{}
		}
	}
	e := &Engine{opts: withDefaults(opts), wf: wf, st: st}
	for _, s := range wf.Stages {
		if _, ok := st.Stages[s.RefID]; !ok {
			st.Stages[s.RefID] = newStageRT(s)
		}
	}
	e.reindex()
	e.indexInFlight()
	return e
}
