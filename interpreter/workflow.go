package interpreter

import (
	"fmt"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// semanticsChangeID names the one GetVersion marker that records the engine
// semantics version of a run (style.md §5).
const semanticsChangeID = "engine-semantics"

// SemanticsChangeID is the change id of the GetVersion marker with which
// every run records its engine semantics version (SemanticsVersion), for
// tools that read histories.
const SemanticsChangeID = semanticsChangeID

// SemanticsVersion is the engine semantics version new runs record.
const SemanticsVersion = int(semanticsVersion)

// semanticsVersion is the newest engine semantics version this build knows.
//
// Version 2 changes no engine rule; it also stands for the shell
// behaviours every new run uses, so that a run records one version marker
// instead of one per behaviour (each GetVersion adds a marker event and,
// in the Go SDK, a TemporalChangeVersion search-attribute upsert: an event
// and a visibility write). At version 2 a run takes, without reading their
// own change ids: local cheap tasks with the in-flight cap
// (localTasksCapVersion), continue-as-new on the estimated history length
// (historyEstimateVersion), and search attributes written once per status
// change (visibility.go). Runs recorded at version 1 read those
// change ids as before.
const semanticsVersion workflow.Version = 2

// bundledVersion is the semantics version from which the shell behaviours
// listed under semanticsVersion are on without markers of their own.
const bundledVersion workflow.Version = 2

// StabilizeWorkflow runs one Stabilize definition, or continues one from
// Input.State. It returns the final model for SUCCEEDED and FAILED_CONTINUE,
// an application error whose type is the status name and whose details hold
// the final model for TERMINAL and STOPPED, and a canceled error carrying
// the final model for CANCELED.
func StabilizeWorkflow(ctx workflow.Context, in Input) (*model.Workflow, error) {
	s, first, err := newShell(ctx, in)
	if err != nil {
		return nil, err
	}
	if !s.conc.buffered { // a BUFFERED run starts on "go" (concurrency.go)
		s.push(item{ev: first})
	}
	if in.State != nil {
		// The state was taken while dispatch was held for continue-as-new;
		// this run releases it once Resumed has re-emitted the timed work.
		s.push(item{release: true})
	}
	return s.run()
}

// item is one queued engine event. Checked events (signals and updates)
// are validated before Step; upd, when set, is answered after the step.
// An item with release set carries no event: it lifts the dispatch hold.
type item struct {
	ev      engine.Event
	checked bool
	name    string
	upd     *pendingUpdate
	release bool
}

// shell is the state of one run. All of it is touched from the workflow's
// main coroutine, except that update handlers append to queue while the
// main coroutine is blocked (coroutines never interleave otherwise).
type shell struct {
	ctx    workflow.Context // canceled by a Temporal cancellation
	dctx   workflow.Context // disconnected: only the engine cancels work
	in     Input
	eng    *engine.Engine
	sel    *waitSet         // the one selector of the run (waitset.go)
	wake   workflow.Channel // nudged by update handlers to end a Select
	log    log.Logger
	queue  []item
	drains []func() bool // receive one pending signal each, for continue-as-new
	tasks  map[engine.TaskRef]workflow.CancelFunc
	// local caps the local activities in flight (local_activity.go).
	local  localSlots
	hist   historyEstimate // markers this workflow task will record (history_estimate.go)
	timers map[engine.TimerID]workflow.CancelFunc
	status model.WorkflowStatus // last status written to visibility
	// statusSet: status holds a written (or starter-set) value.
	statusSet bool
	// pendingSA are search attributes initVisibility leaves to the first
	// syncVisibility (bundledVersion).
	pendingSA []temporal.SearchAttributeUpdate
	// semantics is the run's engine-semantics version (semanticsChangeID).
	semantics workflow.Version
	done      *engine.Complete
	hold      bool // continue-as-new is under way
	// lockOps counts lock requests and releases not yet delivered to a
	// lock workflow; continue-as-new waits for them.
	lockOps int
	// conc is the run's concurrency slot (CONC-1, concurrency.go).
	conc concurrency
	// temporalCancel: a Temporal cancellation has been queued once.
	temporalCancel bool
}

// newShell builds the engine (fresh or restored), registers queries,
// signals and updates, and returns the first event to feed.
func newShell(ctx workflow.Context, in Input) (*shell, engine.Event, error) {
	v := workflow.GetVersion(ctx, semanticsChangeID, workflow.DefaultVersion, semanticsVersion)
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	s := &shell{
		ctx:       ctx,
		dctx:      dctx,
		in:        in,
		sel:       newWaitSet(ctx),
		wake:      workflow.NewBufferedChannel(ctx, 1),
		log:       workflow.GetLogger(ctx),
		tasks:     map[engine.TaskRef]workflow.CancelFunc{},
		timers:    map[engine.TimerID]workflow.CancelFunc{},
		semantics: v,
	}
	opts := in.Options.engineOptions(int(v))
	var first engine.Event
	switch {
	case in.State != nil:
		s.eng = engine.Restore(*in.State, opts)
		first = engine.Resumed{At: workflow.Now(ctx)}
	case in.Definition != nil:
		s.eng = engine.New(in.Definition, opts)
		first = engine.Started{At: workflow.Now(ctx)}
	default:
		return nil, nil, temporal.NewNonRetryableApplicationError(
			"stabilize workflow input: expected a definition or a state, got neither", "InvalidInput", nil)
	}
	if err := s.registerQueries(); err != nil {
		return nil, nil, fmt.Errorf("register queries: %w", err)
	}
	if err := s.registerControls(); err != nil {
		return nil, nil, fmt.Errorf("register controls: %w", err)
	}
	s.addLockGrants()
	s.sel.AddReceive(s.wake, func(c workflow.ReceiveChannel, _ bool) {
		var nudge bool
		c.ReceiveAsync(&nudge)
	})
	s.sel.AddReceive(ctx.Done(), func(c workflow.ReceiveChannel, _ bool) {
		// A closed channel matches until it leaves the selector; when it
		// closed while Select was blocked, the SDK parks a nil value on it
		// that matches every Select until received (a busy loop).
		var v any
		c.ReceiveAsync(&v)
		if !s.temporalCancel {
			s.temporalCancel = true
			s.push(item{ev: engine.CancelRequested{At: workflow.Now(s.ctx), Req: model.ControlRequest{
				User: "temporal", Reason: "workflow canceled through Temporal"}}})
		}
	})
	s.holdForSlot()
	s.initVisibility()
	return s, first, nil
}

// run is the one loop: step queued events, carry out their commands, and
// wait on the selector for the next completion, signal or update.
func (s *shell) run() (*model.Workflow, error) {
	for {
		s.drain()
		s.syncVisibility()
		if s.done != nil {
			return s.finish()
		}
		if s.hold || (!s.conc.buffered && s.continueAsNewDue()) {
			if ready, err := s.continueAsNew(); ready {
				return nil, err
			}
			if len(s.queue) > 0 {
				continue
			}
		}
		s.sel.Select(s.dctx)
	}
}

// push queues an event for the next drain.
func (s *shell) push(it item) { s.queue = append(s.queue, it) }

// drain steps every queued event, in arrival order, until the queue is
// empty, then starts the local tasks that slots freed meanwhile allow (after
// the engine has seen the results, so a task it cancels never starts).
func (s *shell) drain() {
	for len(s.queue) > 0 {
		it := s.queue[0]
		s.queue = s.queue[1:]
		s.step(it)
	}
	s.startLocals()
}

// step feeds one event to the engine and carries out its commands.
func (s *shell) step(it item) {
	if s.done != nil {
		if it.upd != nil {
			it.upd.finish(s.done.Status, refused(errCompleted))
		}
		return
	}
	if it.release {
		s.apply(s.eng.SetHold(false))
		return
	}
	if it.checked {
		if err := s.eng.Validate(it.ev); err != nil {
			if it.upd != nil {
				it.upd.finish(s.eng.Status(), refused(err))
			} else {
				s.log.Warn("signal refused", "Signal", it.name, "Error", err)
			}
			return
		}
	}
	s.apply(s.eng.Step(it.ev))
	if it.upd != nil {
		it.upd.finish(s.eng.Status(), nil)
	}
}

// apply carries out commands in the order the engine gave them.
func (s *shell) apply(cmds []engine.Command) {
	for _, c := range cmds {
		if s.done != nil {
			// Nothing starts after completion, but held locks go back.
			if rl, ok := c.(engine.ReleaseLock); ok {
				s.releaseLock(rl)
			}
			continue
		}
		switch c := c.(type) {
		case engine.RunTask:
			s.runTask(c)
		case engine.CancelTask:
			s.cancelTask(c.Task)
		case engine.StartTimer:
			s.startTimer(c)
		case engine.CancelTimer:
			s.cancelTimer(c.Timer)
		case engine.AcquireLock:
			s.acquireLock(c)
		case engine.ReleaseLock:
			s.releaseLock(c)
		case engine.Complete:
			s.done = &c
			s.releaseSlot()
		default:
			panic(fmt.Sprintf("interpreter: unknown engine command %T", c))
		}
	}
}

// runTask starts a task by its kind.
func (s *shell) runTask(c engine.RunTask) {
	switch c.Kind {
	case model.KindActivity:
		s.startActivity(c)
	case model.KindChild:
		s.startChild(c)
	default:
		// The engine runs timers, approvals and routers itself; a RunTask of
		// another kind is an engine bug (style.md §1: bugs panic).
		panic(fmt.Sprintf("interpreter: RunTask %s has kind %d, want an activity or a child", c.Task, c.Kind))
	}
}

// finishTask queues the result of a task.
func (s *shell) finishTask(ref engine.TaskRef, res model.TaskResult) {
	s.push(item{ev: engine.TaskFinished{At: workflow.Now(s.ctx), Task: ref, Result: res}})
}
