package interpreter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

func TestWantsLocal(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name string
		task string
		opts model.TaskOptions
		want bool
	}{
		{name: "noop is local by default", task: model.TaskNoop, want: true},
		{name: "fail is local by default", task: model.TaskFail, want: true},
		{name: "the loop tasks are pure and local by default", task: model.TaskLoopCondition, want: true},
		{name: "LoopBackTask is local by default", task: model.TaskLoopBack, want: true},
		{name: "shell has side effects and stays a regular activity", task: model.TaskShell},
		{name: "http talks to the network and stays a regular activity", task: model.TaskHTTP},
		{name: "a user task is a regular activity by default", task: "greet"},
		{name: "task_options.local false opts a built-in out", task: model.TaskNoop,
			opts: model.TaskOptions{Local: &no}},
		{name: "task_options.local true opts a user task in", task: "greet",
			opts: model.TaskOptions{Local: &yes}, want: true},
		{name: "a task_queue sends a built-in to that queue as a regular activity", task: model.TaskNoop,
			opts: model.TaskOptions{TaskQueue: "py"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := wantsLocal(tc.task, tc.opts); got != tc.want {
				t.Errorf("wantsLocal(%q, %+v) = %v, want %v", tc.task, tc.opts, got, tc.want)
			}
		})
	}
}

// localRun is an envRun that also records local activities as
// "type summary".
type localRun struct {
	*envRun
	lmu   sync.Mutex
	local []string
}

func newLocalRun(t *testing.T) *localRun {
	t.Helper()
	r := &localRun{envRun: newEnvRun(t)}
	r.env.SetOnLocalActivityStartedListener(func(info *activity.Info, _ context.Context, _ []any) {
		r.lmu.Lock()
		defer r.lmu.Unlock()
		r.local = append(r.local, info.ActivityType.Name)
	})
	return r
}

func (r *localRun) locals() string {
	r.lmu.Lock()
	defer r.lmu.Unlock()
	return strings.Join(r.local, ",")
}

func (r *localRun) regulars() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.activities, ",")
}

func TestShellLocalActivities(t *testing.T) {
	t.Run("issue #9: noop and fail run as local activities with the same results", func(t *testing.T) {
		r := newLocalRun(t)
		wf, err := r.run(Input{Definition: def(
			stage("a", "noop", map[string]any{"outputs": map[string]any{"k": "v"}}),
			stage("b", "fail", map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true,
				"message": "soft"}, "a"),
			stage("c", "fail", map[string]any{"message": "boom"}, "b"),
		)})
		var ae *temporal.ApplicationError
		if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
			t.Fatalf("workflow error = %v, want TERMINAL from stage c", err)
		}
		wantStatuses(t, wf, map[string]string{"a": "SUCCEEDED", "b": "FAILED_CONTINUE", "c": "TERMINAL"})
		if got := wf.StageByRefID("b").Context["k"]; got != "v" {
			t.Errorf("semantics §4.2: b context k = %v, want a's output v through the local activity", got)
		}
		if e, _ := wf.StageByRefID("c").Context["error"].(string); !strings.Contains(e, "boom") {
			t.Errorf("c context.error = %v, want the fail task's message", wf.StageByRefID("c").Context["error"])
		}
		if got, want := r.locals(), "noop,fail,fail"; got != want {
			t.Errorf("local activities = %q, want %q", got, want)
		}
		if got := r.regulars(); got != "" {
			t.Errorf("regular activities = %q, want none", got)
		}
	})
	t.Run("task_options.local false keeps a regular activity with its TaskRef id", func(t *testing.T) {
		r := newLocalRun(t)
		if _, err := r.run(Input{Definition: def(
			stage("a", "noop", map[string]any{"task_options": map[string]any{"local": false}}),
			stage("b", "noop", nil, "a"),
		)}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if got := r.regulars(); !strings.HasPrefix(got, "noop a/0/") || strings.Contains(got, ",") {
			t.Errorf("regular activities = %q, want only noop a/0/...", got)
		}
		if got := r.locals(); got != "noop" {
			t.Errorf("local activities = %q, want b's noop", got)
		}
	})
	t.Run("histories before local-cheap-tasks replay with regular activities", func(t *testing.T) {
		r := newLocalRun(t)
		atSemantics(r, 1)
		r.env.OnGetVersion(localTasksChangeID, workflow.DefaultVersion, localTasksCapVersion).Return(workflow.DefaultVersion)
		if _, err := r.run(Input{Definition: def(stage("a", "noop", nil), stage("b", "fail",
			map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true}, "a"))}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if got := r.regulars(); !strings.HasPrefix(got, "noop a/0/") || !strings.Contains(got, "fail b/0/") {
			t.Errorf("regular activities = %q, want noop a/0/... and fail b/0/...", got)
		}
		if got := r.locals(); got != "" {
			t.Errorf("local activities = %q, want none at DefaultVersion", got)
		}
	})
	t.Run("from bundledVersion the engine-semantics marker alone turns local tasks on", func(t *testing.T) {
		r := newLocalRun(t)
		// Were the run to read local-cheap-tasks, this would make both
		// tasks regular activities.
		r.env.OnGetVersion(localTasksChangeID, workflow.DefaultVersion, localTasksCapVersion).Return(workflow.DefaultVersion)
		if _, err := r.run(Input{Definition: def(stage("a", "noop", nil), stage("b", "fail",
			map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true}, "a"))}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if got := r.locals(); got != "noop,fail" {
			t.Errorf("local activities = %q, want noop,fail at semantics version %d", got, semanticsVersion)
		}
		if got := r.regulars(); got != "" {
			t.Errorf("regular activities = %q, want none", got)
		}
	})
	t.Run("semantics §3.8: retries per task_options apply to a local task", func(t *testing.T) {
		r := newLocalRun(t)
		var calls atomic.Int32
		r.env.RegisterActivityWithOptions(func(context.Context, model.TaskInput) (model.TaskResult, error) {
			calls.Add(1)
			return model.TaskResult{}, temporal.NewApplicationError("disk on fire", "DiskError")
		}, activity.RegisterOptions{Name: "flaky"})
		wf, err := r.run(Input{Definition: def(stage("a", "flaky", map[string]any{"task_options": map[string]any{
			"local": true, "retry": map[string]any{"maximum_attempts": 3.0, "initial_interval": "1ms"}}}))})
		var ae *temporal.ApplicationError
		if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
			t.Fatalf("workflow error = %v, want TERMINAL", err)
		}
		if n := calls.Load(); n != 3 {
			t.Errorf("attempts = %d, want maximum_attempts 3", n)
		}
		if e, _ := wf.Stages[0].Context["error"].(string); !strings.Contains(e, "disk on fire") {
			t.Errorf("context.error = %v, want the last error", wf.Stages[0].Context["error"])
		}
	})
	t.Run("semantics §3.7, TASK-TO-2: a local task's attempts share one start-to-close window", func(t *testing.T) {
		// The behaviour (one execution, then the failure status) is checked
		// on the real server by testsuite/testdata/conformance/task/
		// to-timeout-runs-once-local.yaml: the SDK test environment's mock
		// clock, which jumps ahead to pending timers, makes the local retry
		// window (scheduled time + schedule-to-close, against the wall clock)
		// unreliable here.
		o := localActivityOptions(workflow.ActivityOptions{StartToCloseTimeout: 200 * time.Millisecond})
		if o.ScheduleToCloseTimeout != 200*time.Millisecond {
			t.Errorf("schedule-to-close = %v, want the start-to-close 200ms, so a timed-out call is not retried", o.ScheduleToCloseTimeout)
		}
		o = localActivityOptions(workflow.ActivityOptions{StartToCloseTimeout: time.Second, ScheduleToCloseTimeout: time.Minute})
		if o.ScheduleToCloseTimeout != time.Minute {
			t.Errorf("schedule-to-close = %v, want the explicit 1m", o.ScheduleToCloseTimeout)
		}
	})
	t.Run("semantics §10.6: cancellation reaches a running local task", func(t *testing.T) {
		r := newLocalRun(t)
		// The task asks for the cancel itself once it runs (the signal is
		// posted to the environment's event loop), then waits for it.
		r.env.RegisterActivityWithOptions(func(ctx context.Context, _ model.TaskInput) (model.TaskResult, error) {
			r.env.SignalWorkflow(model.ControlCancel, model.ControlRequest{User: "bob", Reason: "enough"})
			<-ctx.Done()
			return model.TaskResult{}, ctx.Err()
		}, activity.RegisterOptions{Name: "block"})
		wf, err := r.run(Input{Definition: def(stage("a", "block", map[string]any{"task_options": map[string]any{
			"local": true}}))})
		if !temporal.IsCanceledError(err) {
			t.Fatalf("workflow error = %v, want a canceled error", err)
		}
		wantStatuses(t, wf, map[string]string{"a": "CANCELED"})
	})
}

// fanCounter is a local test task that counts how many of its executions
// run at once, without sleeps. Executions wait at a gate. The gate opens
// for all waiting executions once trip of them run at once and the
// workflow has received the results of those it let through before (the
// test environment reports each to settled before the workflow sees it), or
// once all total have started. A shell that starts no more than trip local
// tasks at once therefore reaches exactly trip; one that started more would
// pile the extra executions up behind the gate while the earlier results
// make their way to the workflow.
type fanCounter struct {
	trip, total int

	mu               sync.Mutex
	running, started int
	max              int
	waiting          []chan struct{}
	unsettled        int // let through, result not yet received by the workflow
}

func newFanCounter(trip, total int) *fanCounter {
	return &fanCounter{trip: trip, total: total}
}

func (f *fanCounter) task(ctx context.Context, _ model.TaskInput) (model.TaskResult, error) {
	gate := make(chan struct{})
	f.mu.Lock()
	f.running++
	f.started++
	f.max = max(f.max, f.running)
	f.waiting = append(f.waiting, gate)
	f.open()
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		f.mu.Unlock()
	}()
	select {
	case <-gate:
		return model.Success(nil), nil
	case <-ctx.Done():
		return model.TaskResult{}, fmt.Errorf("fan task: expected the gate to open, still closed: %w", ctx.Err())
	}
}

// settled is the test environment's local-activity-completed listener.
func (f *fanCounter) settled(*activity.Info, converter.EncodedValue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.unsettled > 0 {
		f.unsettled--
	}
	f.open()
}

// open lets every waiting execution through when the gate's rule allows
// (f.mu held).
func (f *fanCounter) open() {
	if f.started < f.total && (f.unsettled > 0 || f.running < f.trip) {
		return
	}
	for _, g := range f.waiting {
		close(g)
	}
	f.unsettled += len(f.waiting)
	f.waiting = nil
}

// register registers the task as "count" on r and listens for its results.
func (f *fanCounter) register(r *localRun) {
	r.env.RegisterActivityWithOptions(f.task, activity.RegisterOptions{Name: "count"})
	r.env.SetOnLocalActivityCompletedListener(f.settled)
}

// counts returns the executions started and the most that ran at once.
func (f *fanCounter) counts() (started, most int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.started, f.max
}

// fanDef is head -> width local "count" stages -> tail; head and tail are
// regular activities, so every local activity is a fan task.
func fanDef(width int) *model.Workflow {
	regular := map[string]any{"task_options": map[string]any{"local": false}}
	stages := []*model.StageExecution{stage("head", "noop", regular)}
	var refs []string
	for i := range width {
		ref := fmt.Sprintf("f%d", i)
		refs = append(refs, ref)
		stages = append(stages, stage(ref, "count", map[string]any{"task_options": map[string]any{
			"local": true, "start_to_close_timeout": "30s"}}, "head"))
	}
	return def(append(stages, stage("tail", "noop", regular, refs...))...)
}

func TestShellLocalTaskCap(t *testing.T) {
	t.Run("issue #9: a 1 -> 100 fan with MaxLocalTasks 8 never runs more than 8 local tasks at once", func(t *testing.T) {
		r := newLocalRun(t)
		fc := newFanCounter(8, 100)
		fc.register(r)
		wf, err := r.run(Input{Definition: fanDef(100), Options: RunOptions{MaxLocalTasks: 8}})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		for _, st := range wf.Stages {
			if st.Status != model.StatusSucceeded {
				t.Errorf("stage %s = %s, want SUCCEEDED", st.RefID, st.Status)
			}
		}
		if started, most := fc.counts(); started != 100 || most != 8 {
			t.Errorf("fan tasks started = %d, most at once = %d; want 100 and exactly the cap 8", started, most)
		}
		if got := strings.Count(r.locals(), "count"); got != 100 {
			t.Errorf("local count activities = %d, want 100", got)
		}
	})
	t.Run("runs at local-cheap-tasks version 1 keep every local task in flight", func(t *testing.T) {
		r := newLocalRun(t)
		atSemantics(r, 1)
		r.env.OnGetVersion(localTasksChangeID, workflow.DefaultVersion, localTasksCapVersion).Return(localTasksVersion)
		fc := newFanCounter(100, 100) // opens only when all 100 run at once
		fc.register(r)
		if _, err := r.run(Input{Definition: fanDef(100), Options: RunOptions{MaxLocalTasks: 8}}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if started, most := fc.counts(); started != 100 || most != 100 {
			t.Errorf("fan tasks started = %d, most at once = %d; want 100 and 100 (no cap at version 1)", started, most)
		}
	})
	t.Run("a canceled local task that waits for a slot never starts and the queue moves on", func(t *testing.T) {
		r := newLocalRun(t)
		// a runs (cap 1) while b and c wait. a cancels b, then itself, and
		// waits for its own cancel: by then b's cancel has been applied.
		r.env.RegisterActivityWithOptions(func(ctx context.Context, _ model.TaskInput) (model.TaskResult, error) {
			r.env.SignalWorkflow(model.UpdateCancelStage, model.StageRequest{StageRefID: "b", User: "bob"})
			r.env.SignalWorkflow(model.UpdateCancelStage, model.StageRequest{StageRefID: "a", User: "bob"})
			<-ctx.Done()
			return model.TaskResult{}, ctx.Err()
		}, activity.RegisterOptions{Name: "signaler"})
		local := map[string]any{"task_options": map[string]any{"local": true}}
		wf, _ := r.run(Input{Definition: def(stage("a", "signaler", local), stage("b", "noop", nil), stage("c", "noop", nil)),
			Options: RunOptions{MaxLocalTasks: 1}})
		wantStatuses(t, wf, map[string]string{"a": "CANCELED", "b": "CANCELED", "c": "SUCCEEDED"})
		if got, want := r.locals(), "signaler,noop"; got != want {
			t.Errorf("local activities = %q, want %q: b never starts, c starts once a's slot is free", got, want)
		}
	})
	t.Run("continue-as-new waits for the local tasks that wait for a slot", func(t *testing.T) {
		r := newLocalRun(t)
		fc := newFanCounter(2, 10)
		fc.register(r)
		r.env.SetCurrentHistoryLength(100) // due at once: hold right after the fan is issued
		stages := []*model.StageExecution{}
		for i := range 10 {
			stages = append(stages, stage(fmt.Sprintf("f%d", i), "count", map[string]any{"task_options": map[string]any{
				"local": true, "start_to_close_timeout": "30s"}}))
		}
		_, err := r.run(Input{Definition: def(append(stages, stage("tail", "noop",
			map[string]any{"task_options": map[string]any{"local": false}}, "f0"))...),
			Options: RunOptions{MaxLocalTasks: 2, ContinueAsNewAfterEvents: 50}})
		var can *workflow.ContinueAsNewError
		if !errors.As(err, &can) {
			t.Fatalf("workflow error = %v, want continue-as-new", err)
		}
		if started, most := fc.counts(); started != 10 || most != 2 {
			t.Errorf("fan tasks started = %d, most at once = %d; want all 10 before continuing, 2 at once", started, most)
		}
		var next Input
		if derr := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); derr != nil {
			t.Fatalf("decode continue-as-new input: %v", derr)
		}
		r2 := newLocalRun(t)
		fc.register(r2)
		wf, err := r2.run(next)
		if err != nil {
			t.Fatalf("continued run: %v", err)
		}
		for _, st := range wf.Stages {
			if st.Status != model.StatusSucceeded {
				t.Errorf("stage %s = %s after continue-as-new, want SUCCEEDED", st.RefID, st.Status)
			}
		}
		if started, _ := fc.counts(); started != 10 {
			t.Errorf("fan tasks started = %d after continue-as-new, want still 10 (none run twice)", started)
		}
	})
}

// atSemantics makes the run record engine-semantics version v, as a
// history recorded by a build of that version replays.
func atSemantics(r *localRun, v workflow.Version) {
	r.env.OnGetVersion(semanticsChangeID, workflow.DefaultVersion, semanticsVersion).Return(v)
}
