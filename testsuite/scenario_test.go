package testsuite

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// runTimeout bounds one scenario run on the real server.
const runTimeout = 90 * time.Second

// scenario is one definition run on the real server: drive steers it while
// it runs (signals, updates, queries), check judges the outcome.
type scenario struct {
	name  string
	def   string // YAML, loaded with model.Load (fresh ids per run)
	opts  interpreter.RunOptions
	drive func(t *testing.T, ctx context.Context, h *harness.Harness, run client.WorkflowRun)
	check func(t *testing.T, r result)
}

// result is what a scenario run produced.
type result struct {
	wf    *model.Workflow // final model, from the result or the error details
	err   error           // the workflow's error, nil when it completed
	run   client.WorkflowRun
	first string // the first run's id (run.GetRunID follows continue-as-new)
	h     *harness.Harness
	ctx   context.Context
}

// execute runs sc on h and waits for its outcome.
func execute(t *testing.T, ctx context.Context, h *harness.Harness, sc scenario) result {
	t.Helper()
	def, err := model.Load(sc.name+".yaml", []byte(sc.def))
	if err != nil {
		t.Fatalf("load %s: %v", sc.name, err)
	}
	if _, err := model.Validate(def, sc.name+".yaml", model.ValidateOptions{}); err != nil {
		t.Fatalf("validate %s: %v", sc.name, err)
	}
	run, err := h.Start(ctx, def, sc.opts)
	if err != nil {
		t.Fatal(err)
	}
	if sc.drive != nil {
		sc.drive(t, ctx, h, run)
	}
	r := result{run: run, first: run.GetRunID(), h: h, ctx: ctx}
	r.err = run.Get(ctx, &r.wf)
	if r.err != nil {
		r.wf = finalFromError(r.err)
	}
	return r
}

// finalFromError extracts the final model from a Failed or Canceled run.
func finalFromError(err error) *model.Workflow {
	var wf *model.Workflow
	var ae *temporal.ApplicationError
	var ce *temporal.CanceledError
	switch {
	case errors.As(err, &ae) && ae.HasDetails():
		_ = ae.Details(&wf)
	case errors.As(err, &ce) && ce.HasDetails():
		_ = ce.Details(&wf)
	}
	return wf
}

// statuses maps each stage's ref_id to its status name.
func statuses(wf *model.Workflow) map[string]string {
	out := map[string]string{}
	if wf != nil {
		for _, st := range wf.Stages {
			out[st.RefID] = st.Status.String()
		}
	}
	return out
}

// wantStages fails unless every listed stage has the wanted status.
func wantStages(t *testing.T, wf *model.Workflow, want map[string]string) {
	t.Helper()
	got := statuses(wf)
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("stage %s = %s, want %s (all: %v)", ref, got[ref], w, got)
		}
	}
}

// wantFailure fails unless err is an application error of the given type.
func wantFailure(t *testing.T, err error, typ string) {
	t.Helper()
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) || ae.Type() != typ {
		t.Fatalf("workflow error = %v, want a failure of type %s", err, typ)
	}
}

// queryStatus runs the status query on the latest run of the workflow.
func queryStatus(ctx context.Context, h *harness.Harness, run client.WorkflowRun) (*model.Workflow, error) {
	return control.Status(ctx, h.Client, run.GetID(), "")
}

// waitFor polls the status query until cond holds or ctx ends; it
// returns the last model seen.
func waitFor(t *testing.T, ctx context.Context, h *harness.Harness, run client.WorkflowRun, what string,
	cond func(*model.Workflow) bool) *model.Workflow {
	t.Helper()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		wf, err := queryStatus(ctx, h, run)
		if err == nil && cond(wf) {
			return wf
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v (last query error: %v, stages %v)", what, ctx.Err(), err, statuses(wf))
			return nil
		case <-tick.C:
		}
	}
}

// stageIs returns a condition on one stage's status.
func stageIs(ref string, status model.WorkflowStatus) func(*model.Workflow) bool {
	return func(wf *model.Workflow) bool {
		st := wf.StageByRefID(ref)
		return st != nil && st.Status == status
	}
}
