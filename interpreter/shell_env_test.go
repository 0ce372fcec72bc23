package interpreter

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// The shell tests run StabilizeWorkflow in the SDK's test environment with
// time skipping and small stand-in activities registered under the
// built-in names (the real built-ins are exercised in testsuite/ against a
// real server).

// testNoop returns context.outputs as the stage outputs.
func testNoop(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	out, _ := in.Context["outputs"].(map[string]any)
	return model.Success(out), nil
}

// testFail returns context.status (TERMINAL by default) with context.message.
func testFail(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	status := model.StatusTerminal
	if s, ok := in.Context["status"].(string); ok {
		status, _ = model.ParseStatus(s)
	}
	msg, _ := in.Context["message"].(string)
	r := model.Terminal(msg)
	r.Status = status
	return r, nil
}

// testBroken always fails with a Go error, as an infrastructure fault.
func testBroken(context.Context, model.TaskInput) (model.TaskResult, error) {
	return model.TaskResult{}, temporal.NewApplicationError("disk on fire", "DiskError")
}

// envRun holds one test environment and what it observed.
type envRun struct {
	t   *testing.T
	env *testsuite.TestWorkflowEnvironment

	mu         sync.Mutex
	activities []string // "type id"
}

func newEnvRun(t *testing.T) *envRun {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	r := &envRun{t: t, env: s.NewTestWorkflowEnvironment()}
	Register(r.env)
	for name, fn := range map[string]any{"noop": testNoop, "fail": testFail, "broken": testBroken} {
		r.env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
	r.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.activities = append(r.activities, info.ActivityType.Name+" "+info.ActivityID)
	})
	return r
}

// run executes the workflow and returns its final model and error.
func (r *envRun) run(in Input) (*model.Workflow, error) {
	r.t.Helper()
	r.env.ExecuteWorkflow(model.WorkflowName, in)
	if !r.env.IsWorkflowCompleted() {
		r.t.Fatal("workflow did not complete")
	}
	err := r.env.GetWorkflowError()
	if err != nil {
		return finalFromError(r.t, err), err
	}
	var wf *model.Workflow
	if err := r.env.GetWorkflowResult(&wf); err != nil {
		r.t.Fatalf("workflow result: %v", err)
	}
	return wf, nil
}

// finalFromError extracts the final model from a Failed or Canceled outcome.
func finalFromError(t *testing.T, err error) *model.Workflow {
	t.Helper()
	var wf *model.Workflow
	var ae *temporal.ApplicationError
	var ce *temporal.CanceledError
	switch {
	case errors.As(err, &ae) && ae.HasDetails():
		if derr := ae.Details(&wf); derr != nil {
			t.Fatalf("application error details: %v", derr)
		}
	case errors.As(err, &ce) && ce.HasDetails():
		if derr := ce.Details(&wf); derr != nil {
			t.Fatalf("canceled error details: %v", derr)
		}
	}
	return wf
}

// query runs a query and decodes its answer into out.
func (r *envRun) query(out any, name string, args ...any) error {
	v, err := r.env.QueryWorkflow(name, args...)
	if err != nil {
		return err
	}
	return v.Get(out)
}

// stage builds a top-level stage with one task whose class is typ.
func stage(ref, typ string, ctx map[string]any, reqs ...string) *model.StageExecution {
	st := model.NewStage(typ, ref, ref, ctx, reqs)
	task := model.NewTask(typ, typ)
	task.StageStart, task.StageEnd = true, true
	st.Tasks = []*model.TaskExecution{task}
	return st
}

// def builds a definition.
func def(stages ...*model.StageExecution) *model.Workflow {
	return model.New("shell-test", "pipeline", stages)
}

// statuses maps ref_id to status name.
func statuses(wf *model.Workflow) map[string]string {
	out := map[string]string{}
	if wf == nil {
		return out
	}
	for _, st := range wf.Stages {
		out[st.RefID] = st.Status.String()
	}
	return out
}

func wantStatuses(t *testing.T, wf *model.Workflow, want map[string]string) {
	t.Helper()
	got := statuses(wf)
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("stage %s = %s, want %s (all: %v)", ref, got[ref], w, got)
		}
	}
}

func TestShellOutcomes(t *testing.T) {
	tests := []struct {
		name      string
		def       *model.Workflow
		wantErr   string // application error type, "canceled", or ""
		wantStage map[string]string
	}{
		{
			name: "semantics §2.2 AND join: diamond succeeds",
			def: def(stage("a", "noop", nil), stage("b", "noop", nil, "a"), stage("c", "noop", nil, "a"),
				stage("d", "noop", nil, "b", "c")),
			wantStage: map[string]string{"a": "SUCCEEDED", "b": "SUCCEEDED", "c": "SUCCEEDED", "d": "SUCCEEDED"},
		},
		{
			name:      "semantics §6.6: TERMINAL halts downstream and fails the workflow",
			def:       def(stage("a", "fail", map[string]any{"message": "boom"}), stage("b", "noop", nil, "a")),
			wantErr:   "TERMINAL",
			wantStage: map[string]string{"a": "TERMINAL", "b": "NOT_STARTED"},
		},
		{
			name: "semantics §6.6: FAILED_CONTINUE continues and the workflow succeeds",
			def: def(stage("a", "fail", map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true}),
				stage("b", "noop", nil, "a")),
			wantStage: map[string]string{"a": "FAILED_CONTINUE", "b": "SUCCEEDED"},
		},
		{
			name: "issue: an activity error after its retries becomes TERMINAL, not a workflow failure",
			def: def(stage("a", "broken", map[string]any{"task_options": map[string]any{
				"retry": map[string]any{"maximum_attempts": 2.0, "initial_interval": "1ms"}}})),
			wantErr:   "TERMINAL",
			wantStage: map[string]string{"a": "TERMINAL"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newEnvRun(t)
			wf, err := r.run(Input{Definition: tc.def})
			var ae *temporal.ApplicationError
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("workflow error = %v, want success", err)
			case tc.wantErr != "" && (!errors.As(err, &ae) || ae.Type() != tc.wantErr):
				t.Fatalf("workflow error = %v, want an application error of type %s", err, tc.wantErr)
			}
			if wf == nil {
				t.Fatal("no final model in the outcome")
			}
			wantStatuses(t, wf, tc.wantStage)
		})
	}
}

func TestShellActivityIdentity(t *testing.T) {
	t.Run("issue: activity type is implementing_class and id is the TaskRef", func(t *testing.T) {
		r := newEnvRun(t)
		regular := map[string]any{"local": false} // noop and fail run locally by default (local_activity.go)
		if _, err := r.run(Input{Definition: def(stage("a", "noop", map[string]any{"task_options": regular}), stage("b", "fail",
			map[string]any{"status": "FAILED_CONTINUE", "continuePipelineOnFailure": true, "task_options": regular}, "a"))}); err != nil {
			t.Fatalf("run: %v", err)
		}
		got := strings.Join(r.activities, ",")
		if !strings.HasPrefix(got, "noop a/0/") || !strings.Contains(got, "fail b/0/") {
			t.Errorf("activities = %s; want noop a/0/... then fail b/0/...", got)
		}
	})
	t.Run("semantics §3.8: a broken task gets the last error in its exception details", func(t *testing.T) {
		r := newEnvRun(t)
		wf, _ := r.run(Input{Definition: def(stage("a", "broken", map[string]any{"task_options": map[string]any{
			"retry": map[string]any{"maximum_attempts": 1.0}}}))})
		if wf == nil {
			t.Fatal("no final model")
		}
		if e, _ := wf.Stages[0].Context["error"].(string); !strings.Contains(e, "disk on fire") {
			t.Errorf("context.error = %v, want the activity's last error", wf.Stages[0].Context["error"])
		}
	})
}

func TestShellWaitAndQueries(t *testing.T) {
	t.Run("semantics §1.10: wait uses a durable timer; queries answer during and after", func(t *testing.T) {
		r := newEnvRun(t)
		start := r.env.Now()
		var during *model.Workflow
		var duringErr error
		r.env.RegisterDelayedCallback(func() {
			duringErr = r.query(&during, model.QueryStatus)
		}, 10*time.Minute)
		wf, err := r.run(Input{Definition: def(stage("w", "wait", map[string]any{"waitTime": 3600.0}),
			stage("n", "noop", nil, "w"))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		if elapsed := r.env.Now().Sub(start); elapsed < time.Hour {
			t.Errorf("workflow time elapsed = %v, want at least the 1h wait", elapsed)
		}
		if duringErr != nil || during == nil {
			t.Fatalf("status query during the run: %v", duringErr)
		}
		wantStatuses(t, during, map[string]string{"w": "RUNNING", "n": "NOT_STARTED"})
		wantStatuses(t, wf, map[string]string{"w": "SUCCEEDED", "n": "SUCCEEDED"})

		var after *model.Workflow
		if err := r.query(&after, model.QueryStatus); err != nil {
			t.Fatalf("status query after the run: %v", err)
		}
		wantStatuses(t, after, map[string]string{"w": "SUCCEEDED", "n": "SUCCEEDED"})
		var st *model.StageExecution
		if err := r.query(&st, model.QueryStage, "n"); err != nil || st == nil || st.Status != model.StatusSucceeded {
			t.Errorf("stage query = %+v, %v; want stage n SUCCEEDED", st, err)
		}
		if err := r.query(&st, model.QueryStage, "nope"); err == nil {
			t.Error("stage query for an unknown ref_id: want an error")
		}
		var sum model.Summary
		if err := r.query(&sum, model.QuerySummary); err != nil || sum.Total != 2 || sum.Status != model.StatusSucceeded {
			t.Errorf("summary = %+v, %v; want 2 stages, SUCCEEDED", sum, err)
		}
	})
}

func TestShellControls(t *testing.T) {
	approvalDef := func() *model.Workflow {
		return def(stage("gate", "approval", nil), stage("after", "noop", nil, "gate"))
	}
	t.Run("semantics §10.3: approve by signal", func(t *testing.T) {
		r := newEnvRun(t)
		r.env.RegisterDelayedCallback(func() {
			r.env.SignalWorkflow(model.UpdateApprove, model.ApprovalRequest{StageRefID: "gate", User: "bob"})
		}, time.Minute)
		wf, err := r.run(Input{Definition: approvalDef()})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		wantStatuses(t, wf, map[string]string{"gate": "SUCCEEDED", "after": "SUCCEEDED"})
	})
	t.Run("semantics §10.3: reject by update fails the workflow", func(t *testing.T) {
		r := newEnvRun(t)
		var got any
		var gotErr error
		r.env.RegisterDelayedCallback(func() {
			r.env.UpdateWorkflow(model.UpdateReject, "u1", &testsuite.TestUpdateCallback{
				OnReject:   func(err error) { gotErr = err },
				OnComplete: func(v any, err error) { got, gotErr = v, err },
			}, model.ApprovalRequest{StageRefID: "gate"})
		}, time.Minute)
		wf, err := r.run(Input{Definition: approvalDef()})
		var ae *temporal.ApplicationError
		if !errors.As(err, &ae) || ae.Type() != "TERMINAL" {
			t.Fatalf("workflow error = %v, want TERMINAL", err)
		}
		if gotErr != nil || got == nil {
			t.Errorf("update result = %v, %v; want the workflow status", got, gotErr)
		}
		wantStatuses(t, wf, map[string]string{"gate": "TERMINAL", "after": "NOT_STARTED"})
	})
	t.Run("semantics §10.4: an invalid update is refused with a clear error", func(t *testing.T) {
		r := newEnvRun(t)
		var rejected error
		r.env.RegisterDelayedCallback(func() {
			r.env.UpdateWorkflow(model.ControlResume, "u1", &testsuite.TestUpdateCallback{
				OnReject:   func(err error) { rejected = err },
				OnComplete: func(any, error) {},
			}, model.ControlRequest{User: "bob"})
			r.env.UpdateWorkflow(model.UpdateApprove, "u2", &testsuite.TestUpdateCallback{
				OnReject:   func(error) {},
				OnComplete: func(any, error) {},
			}, model.ApprovalRequest{StageRefID: "gate"})
		}, time.Minute)
		if _, err := r.run(Input{Definition: approvalDef()}); err != nil {
			t.Fatalf("run: %v", err)
		}
		var ae *temporal.ApplicationError
		if !errors.As(rejected, &ae) || ae.Type() != UpdateRefusedType || !strings.Contains(ae.Message(), "RUNNING") {
			t.Errorf("resume while RUNNING: rejection = %v; want %s naming the current status", rejected, UpdateRefusedType)
		}
	})
	t.Run("semantics §10.4: pause parks dispatch until resume", func(t *testing.T) {
		r := newEnvRun(t)
		var pausedStatus any
		r.env.RegisterDelayedCallback(func() {
			r.env.UpdateWorkflow(model.ControlPause, "p", &testsuite.TestUpdateCallback{
				OnReject:   func(err error) { t.Errorf("pause rejected: %v", err) },
				OnComplete: func(v any, err error) { pausedStatus = v },
			}, model.ControlRequest{User: "bob"})
		}, time.Minute)
		var midway *model.Workflow
		r.env.RegisterDelayedCallback(func() { _ = r.query(&midway, model.QueryStatus) }, 3*time.Hour)
		r.env.RegisterDelayedCallback(func() {
			r.env.SignalWorkflow(model.ControlResume, model.ControlRequest{User: "bob"})
		}, 4*time.Hour)
		start := r.env.Now()
		wf, err := r.run(Input{Definition: def(stage("w", "wait", map[string]any{"waitTime": 600.0}),
			stage("n", "noop", nil, "w"))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		if pausedStatus == nil {
			t.Error("pause update returned no status")
		}
		if midway == nil || midway.Status != model.StatusPaused || statuses(midway)["n"] == "SUCCEEDED" {
			t.Errorf("while paused: status %v stages %v; want PAUSED with n not run", midway.Status, statuses(midway))
		}
		if r.env.Now().Sub(start) < 4*time.Hour {
			t.Errorf("finished after %v, want after the resume at 4h", r.env.Now().Sub(start))
		}
		wantStatuses(t, wf, map[string]string{"w": "SUCCEEDED", "n": "SUCCEEDED"})
	})
	cancelTests := []struct {
		name   string
		cancel func(r *envRun)
	}{
		{"semantics §10.6: Temporal cancellation ends CANCELED", func(r *envRun) { r.env.CancelWorkflow() }},
		{"semantics §10.6: cancel signal ends CANCELED", func(r *envRun) {
			r.env.SignalWorkflow(model.ControlCancel, model.ControlRequest{User: "bob", Reason: "enough"})
		}},
	}
	for _, tc := range cancelTests {
		t.Run(tc.name, func(t *testing.T) {
			r := newEnvRun(t)
			r.env.RegisterDelayedCallback(func() { tc.cancel(r) }, time.Minute)
			wf, err := r.run(Input{Definition: def(stage("w", "wait", map[string]any{"waitTime": 3600.0}),
				stage("n", "noop", nil, "w"))})
			if !temporal.IsCanceledError(err) {
				t.Fatalf("workflow error = %v, want a canceled error", err)
			}
			if wf == nil || wf.Status != model.StatusCanceled || !wf.IsCanceled {
				t.Fatalf("final model = %+v, want CANCELED", wf)
			}
			wantStatuses(t, wf, map[string]string{"w": "CANCELED", "n": "CANCELED"})
		})
	}
}

func TestShellSubWorkflow(t *testing.T) {
	child := map[string]any{"stages": []any{
		map[string]any{"ref_id": "inner", "type": "noop", "context": map[string]any{"outputs": map[string]any{"k": "v"}}},
	}}
	t.Run("semantics §11.1 Go rule: a child workflow's outputs come back", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Definition: def(stage("sub", "sub_workflow", map[string]any{"_sub_workflow_config": child}))})
		if err != nil {
			t.Fatalf("run: %v", err)
		}
		out := wf.Stages[0].Outputs
		if out["sub_workflow_status"] != "SUCCEEDED" {
			t.Fatalf("outputs = %v, want sub_workflow_status SUCCEEDED", out)
		}
		if inner, _ := out["sub_workflow_outputs"].(map[string]any); inner["k"] != "v" {
			t.Errorf("sub_workflow_outputs = %v, want the child's get_context()", out["sub_workflow_outputs"])
		}
	})
	t.Run("semantics §11.1: depth at the bound is TERMINAL", func(t *testing.T) {
		r := newEnvRun(t)
		wf, err := r.run(Input{Depth: 2, Options: RunOptions{MaxDepth: 2},
			Definition: def(stage("sub", "sub_workflow", map[string]any{"_sub_workflow_config": child}))})
		if err == nil || wf == nil {
			t.Fatalf("run = %v, want TERMINAL", err)
		}
		if e, _ := wf.Stages[0].Context["error"].(string); !strings.Contains(e, "Maximum recursion depth (2) exceeded") {
			t.Errorf("context.error = %v", wf.Stages[0].Context["error"])
		}
	})
}

func TestShellContinueAsNew(t *testing.T) {
	chain := func() *model.Workflow {
		return def(stage("a", "wait", map[string]any{"waitTime": 10.0}), stage("b", "noop", nil, "a"),
			stage("c", "wait", map[string]any{"waitTime": 10.0}, "b"), stage("d", "noop", nil, "c"))
	}
	t.Run("issue: forced continue-as-new carries the state and ends like a plain run", func(t *testing.T) {
		plain, err := newEnvRun(t).run(Input{Definition: chain()})
		if err != nil {
			t.Fatalf("plain run: %v", err)
		}
		in := Input{Definition: chain(), Options: RunOptions{ContinueAsNewAfterEvents: 50}}
		var final *model.Workflow
		runs := 0
		for ; runs < 20; runs++ {
			r := newEnvRun(t)
			if runs == 0 {
				// The test environment does not count events; pretend the
				// history grew past the threshold while "a" waits.
				r.env.RegisterDelayedCallback(func() { r.env.SetCurrentHistoryLength(100) }, 5*time.Second)
			}
			wf, err := r.run(in)
			var can *workflow.ContinueAsNewError
			if errors.As(err, &can) {
				var next Input
				if derr := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); derr != nil {
					t.Fatalf("decode continue-as-new input: %v", derr)
				}
				if next.State == nil || next.Definition != nil || next.Options != in.Options {
					t.Fatalf("continue-as-new input = %+v; want the state and the same options", next)
				}
				in = next
				continue
			}
			if err != nil {
				t.Fatalf("run %d: %v", runs, err)
			}
			final = wf
			break
		}
		if runs == 0 {
			t.Fatal("never continued as new; want at least one continue-as-new")
		}
		if final == nil {
			t.Fatal("no final model after 20 runs")
		}
		if got, want := statuses(final), statuses(plain); len(got) != len(want) || got["d"] != want["d"] || got["a"] != want["a"] {
			t.Errorf("statuses with continue-as-new = %v, without = %v", got, want)
		}
	})
}
