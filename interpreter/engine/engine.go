package engine

import (
	"fmt"
	"slices"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// Defaults applied to zero Options fields.
const (
	defaultMaxPendingTasks = 500
	defaultPollInterval    = time.Second
	defaultMaxInstances    = 1000
)

// Engine is the state machine of one execution. It is not safe for
// concurrent use; the Temporal shell calls it from one coroutine.
type Engine struct {
	opts Options
	wf   *model.Workflow
	st   *coreState

	// Indexes over wf.Stages, rebuilt whenever stages are added or a
	// requisite list changes (dynamic instances).
	byRef    map[string]*model.StageExecution
	byID     map[string]*model.StageExecution
	order    map[*model.StageExecution]int
	children map[*model.StageExecution][]*model.StageExecution
	parents  map[*model.StageExecution]*model.StageExecution
	ups      map[*model.StageExecution][]*model.StageExecution
	downs    map[*model.StageExecution][]*model.StageExecution
	top      []*model.StageExecution

	// Derived indexes (index.go, outputfold.go, inflight.go, history.go,
	// branches.go, jumpsets.go); rebuilt with the lookup tables, never
	// persisted.
	rts             []*stageRT                         // e.st.Stages by position
	stat            []model.WorkflowStatus             // each stage's status as last noted
	allStatus       [256]int                           // every stage by status
	lockPending     int                                // stages waiting for a global lock
	topStatus       [256]int                           // top-level stages by status
	cls             []statusClass                      // each stage's status class
	upc             []joinCounts                       // each stage's upstream tally
	fold            []map[string]any                   // cached through-folds, nil = none
	milestoneStages []*model.StageExecution            // stages with a milestone_ref_id
	mergeStages     []*model.StageExecution            // MULTI_MERGE joins
	inflightAt      map[TaskRef]int                    // position in e.st.InFlight
	inflightOf      map[string]int                     // in-flight executions by stage ref
	inflightLive    int                                // live entries of e.st.InFlight
	branches        []branchCache                      // joins' last _completed_branches
	histTail        map[*any]int                       // history arrays' high-water marks
	reqBy           map[string][]*model.StageExecution // stages naming a ref as requisite
	childOf         map[string][]*model.StageExecution // stages by parent_stage_id

	// Per-Step scratch: the event time, the agenda of follow-up actions
	// (Python's queued messages) and the commands produced so far.
	now    time.Time
	agenda []action
	// agendaHead is the next agenda entry to run: entries before it ran,
	// and the array is reused once all have (agenda.go).
	agendaHead int
	out        []Command
}

// New returns an engine for a loaded, validated definition. It takes
// ownership of def.
func New(def *model.Workflow, opts Options) *Engine {
	e := &Engine{opts: withDefaults(opts), wf: def, st: newCoreState()}
	for _, s := range def.Stages {
		e.st.Stages[s.RefID] = newStageRT(s)
	}
	e.reindex()
	e.indexInFlight()
	return e
}

func withDefaults(o Options) Options {
	if o.MaxPendingTasks <= 0 {
		o.MaxPendingTasks = defaultMaxPendingTasks
	}
	if o.PollInterval <= 0 {
		o.PollInterval = defaultPollInterval
	}
	if o.MaxInstances <= 0 {
		o.MaxInstances = defaultMaxInstances
	}
	return o
}

// Step applies one event and returns the commands it causes, in a stable
// order. It is the only mutator. Events that do not apply (stale task
// results, controls refused by Validate, anything after the workflow has
// finished) change nothing and return no commands. An event naming a stage
// that does not exist is a bug in the caller and panics.
func (e *Engine) Step(ev Event) []Command {
	e.out = nil
	switch ev := ev.(type) {
	case Started:
		e.now = ev.At
		e.onStarted()
	case Resumed:
		e.now = ev.At
		e.onResumed()
	case TaskFinished:
		e.now = ev.At
		e.onTaskFinished(ev)
	case TimerFired:
		e.now = ev.At
		e.onTimerFired(ev)
	case LockGranted:
		e.now = ev.At
		e.onLockGranted(ev)
	case PauseRequested:
		e.now = ev.At
		e.onPause(ev)
	case ResumeRequested:
		e.now = ev.At
		e.onResume(ev)
	case CancelRequested:
		e.now = ev.At
		e.onCancel(ev)
	case StageSignaled:
		e.now = ev.At
		e.onStageSignaled(ev)
	case ApprovalDecided:
		e.now = ev.At
		e.onApprovalDecided(ev)
	case RegionCanceled:
		e.now = ev.At
		e.onRegionCanceled(ev)
	case StageCancelRequested:
		e.now = ev.At
		e.onStageCancel(ev)
	case StageRestartRequested:
		e.now = ev.At
		e.onStageRestart(ev)
	case InstanceAdded:
		e.now = ev.At
		e.onInstanceAdded(ev)
	default:
		panic(fmt.Sprintf("engine: unknown event type %T", ev))
	}
	e.settle()
	out := e.out
	e.out = nil
	return out
}

// nowMs is the current event time in epoch milliseconds.
func (e *Engine) nowMs() int64 { return e.now.UnixMilli() }

// emit appends a command to the Step's output.
func (e *Engine) emit(c Command) { e.out = append(e.out, c) }

// settle runs the agenda to exhaustion, re-evaluates stages waiting on a
// milestone, a mutex or a MULTI_MERGE firing, and finally runs the
// workflow-completion check (§6.6) while it is armed.
func (e *Engine) settle() {
	for !e.st.Finished {
		e.drainAgenda()
		if e.st.Finished {
			break
		}
		if e.wakeWaiters() {
			continue
		}
		if e.completionCheck() {
			continue
		}
		break
	}
	e.drainQueue()
}

// Status returns the workflow's current status.
func (e *Engine) Status() model.WorkflowStatus { return e.wf.Status }

// stage returns the stage with the given ref_id and panics when there is
// none: every ref the shell sends back came from this engine.
func (e *Engine) stage(ref string) *model.StageExecution {
	s, ok := e.byRef[ref]
	if !ok {
		panic(fmt.Sprintf("engine: unknown stage ref_id %q", ref))
	}
	return s
}

// rt returns the runtime bookkeeping of a stage.
func (e *Engine) rt(s *model.StageExecution) *stageRT {
	if i, ok := e.order[s]; ok {
		return e.rts[i]
	}
	r, ok := e.st.Stages[s.RefID]
	if !ok {
		r = newStageRT(s)
		e.st.Stages[s.RefID] = r
	}
	return r
}

// reindex rebuilds the lookup tables over wf.Stages: refs, parents,
// children, the top-level list, and each stage's direct upstream and
// downstream stages among its siblings, all in definition order.
func (e *Engine) reindex() {
	n := len(e.wf.Stages)
	e.byRef = make(map[string]*model.StageExecution, n)
	e.byID = make(map[string]*model.StageExecution, n)
	e.order = make(map[*model.StageExecution]int, n)
	e.children = make(map[*model.StageExecution][]*model.StageExecution)
	e.parents = make(map[*model.StageExecution]*model.StageExecution)
	e.ups = make(map[*model.StageExecution][]*model.StageExecution, n)
	e.downs = make(map[*model.StageExecution][]*model.StageExecution, n)
	e.top = nil
	for i, s := range e.wf.Stages {
		e.byRef[s.RefID] = s
		if s.ID != "" {
			e.byID[s.ID] = s
		}
		e.order[s] = i
	}
	for _, s := range e.wf.Stages {
		if p := e.lookupParent(s); p != nil {
			e.parents[s] = p
			e.children[p] = append(e.children[p], s)
		} else {
			e.top = append(e.top, s)
		}
	}
	for _, s := range e.wf.Stages {
		if len(s.RequisiteStageRefIDs) == 0 {
			continue
		}
		want := make(map[string]bool, len(s.RequisiteStageRefIDs))
		for _, r := range s.RequisiteStageRefIDs {
			want[r] = true
		}
		scope := e.top
		if p := e.parents[s]; p != nil {
			scope = e.children[p]
		}
		if len(want) < len(scope) {
			// Resolve each requisite by ref, then restore definition order.
			var found []*model.StageExecution
			for r := range want {
				if u, ok := e.byRef[r]; ok && u != s && e.parents[u] == e.parents[s] {
					found = append(found, u)
				}
			}
			slices.SortFunc(found, func(a, b *model.StageExecution) int { return e.order[a] - e.order[b] })
			e.ups[s] = found
		} else {
			for _, u := range scope {
				if want[u.RefID] && u != s {
					e.ups[s] = append(e.ups[s], u)
				}
			}
		}
	}
	for _, s := range e.wf.Stages {
		for _, u := range e.ups[s] {
			e.downs[u] = append(e.downs[u], s)
		}
	}
	e.rebuildIndexes()
	e.rebuildJumpIndexes()
}
