package fault

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// controlStages: two approvals in a row, then a noop.
//
//	first (approval) ─> second (approval) ─> done (noop)
var controlStages = []stageSpec{
	{ref: "first"},
	{ref: "second", after: []string{"first"}},
	{ref: "done", after: []string{"second"}},
}

// misuse is one control sent to the workflow that must not change its
// state. wantErr is empty when the call itself succeeds (a signal is fire
// and forget); refused says the error is the workflow's refusal
// (interpreter.UpdateRefusedType) rather than the server's.
type misuse struct {
	name    string
	send    func(ctx context.Context, id string) error
	wantErr string
	refused bool
}

// TestControlMisuse sends duplicate, out-of-order and misaddressed signals
// and updates to a real run, and updates to a finished one. Updates fail
// with a clear error; nothing changes the status query's answer.
func TestControlMisuse(t *testing.T) {
	requireServer(t)
	const queue = "fault-controls"
	def := definition(t, "fault-controls", controlStages, func(s stageSpec) (string, map[string]any) {
		if s.ref == "done" {
			return model.TaskNoop, map[string]any{}
		}
		return model.TaskApproval, map[string]any{}
	})
	startWorker(t, queue)
	startRun(t, def, queue)
	waitStages(t, def.ID, map[string]model.WorkflowStatus{"first": model.StatusSuspended, "second": model.StatusNotStarted})

	t.Run("§10.2 control: a transient signal to the SUSPENDED stage shows in the next query", func(t *testing.T) {
		// Proves the comparisons below can see a signal: the query that
		// follows a signal answers after the signal was processed.
		send := signal(model.SignalStage, model.StageSignal{StageRefID: "first", Name: "hello"})
		if err := send(t.Context(), def.ID); err != nil {
			t.Fatalf("signal: %v", err)
		}
		first := stageByRef(t, mustQueryStatus(t, def.ID), "first")
		if got := first.Context["_signal_name"]; got != "hello" || first.Status != model.StatusSuspended {
			t.Fatalf("first: _signal_name %v, status %s; expected hello and SUSPENDED (approval runs again and waits)",
				got, first.Status)
		}
	})
	checkUnchanged(t, def.ID, []misuse{
		{name: "§10.2 a signal to an unknown stage is dropped",
			send: signal(model.SignalStage, model.StageSignal{StageRefID: "nope", Name: "approve", Persistent: true})},
		{name: "§10.2 a stage signal update to an unknown stage is refused",
			send:    update(model.SignalStage, model.StageSignal{StageRefID: "nope", Name: "approve"}),
			wantErr: `unknown stage "nope"`, refused: true},
		{name: "§10.3 an approve update for an unknown stage is refused",
			send:    update(model.UpdateApprove, model.ApprovalRequest{StageRefID: "nope"}),
			wantErr: `unknown stage "nope"`, refused: true},
		{name: "§10.2 out of order: a transient signal to a stage not started yet is dropped",
			send: signal(model.SignalStage, model.StageSignal{StageRefID: "second", Name: "approve"})},
		{name: "§10.4 resume of a running workflow is refused",
			send:    update(model.ControlResume, model.ControlRequest{User: "fault"}),
			wantErr: "RUNNING", refused: true},
	})

	if _, err := updateWorkflow(t.Context(), def.ID, model.UpdateApprove, model.ApprovalRequest{StageRefID: "first"}); err != nil {
		t.Fatalf("approve first: %v", err)
	}
	waitStages(t, def.ID, map[string]model.WorkflowStatus{"first": model.StatusSucceeded, "second": model.StatusSuspended})
	checkUnchanged(t, def.ID, []misuse{
		{name: "§10.2 duplicate: a transient signal to a completed stage is dropped",
			send: signal(model.SignalStage, model.StageSignal{StageRefID: "first", Name: "approve"})},
		{name: "§10.3 duplicate: an approve signal to a completed stage changes no status or output",
			send: signal(model.UpdateApprove, model.ApprovalRequest{StageRefID: "first"})},
	}, withoutBufferedSignals)
	checkUnchanged(t, def.ID, []misuse{
		{name: "§10.3 duplicate: an approve update of a completed stage changes no status or output",
			send: update(model.UpdateApprove, model.ApprovalRequest{StageRefID: "first"})},
	}, withoutBufferedSignals)

	if _, err := updateWorkflow(t.Context(), def.ID, model.UpdateApprove, model.ApprovalRequest{StageRefID: "second"}); err != nil {
		t.Fatalf("approve second: %v", err)
	}
	final := awaitResult(t, def.ID, runTimeout)
	requireAllSucceeded(t, final, refs(controlStages))
	checkUnchanged(t, def.ID, []misuse{
		{name: "an approve update on a finished workflow is refused",
			send:    update(model.UpdateApprove, model.ApprovalRequest{StageRefID: "second"}),
			wantErr: "completed"},
		{name: "a pause update on a finished workflow is refused",
			send:    update(model.ControlPause, model.ControlRequest{User: "fault"}),
			wantErr: "completed"},
		{name: "a signal to a finished workflow is refused",
			send:    signal(model.SignalStage, model.StageSignal{StageRefID: "second", Name: "approve"}),
			wantErr: "completed"},
	})
}

// checkUnchanged sends each misuse in turn and compares the status query
// before and after it, through the normalize functions.
func checkUnchanged(t *testing.T, id string, steps []misuse, normalize ...func(*model.Workflow)) {
	t.Helper()
	view := func() string {
		w := mustQueryStatus(t, id)
		for _, f := range normalize {
			f(w)
		}
		return statusJSON(t, w)
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			before := view()
			ctx, cancel := context.WithTimeout(t.Context(), callTimeout)
			defer cancel()
			err := step.send(ctx, id)
			switch {
			case step.wantErr == "" && err != nil:
				t.Errorf("got error %v; expected none", err)
			case step.wantErr != "" && err == nil:
				t.Errorf("got no error; expected one containing %q", step.wantErr)
			case step.wantErr != "" && !strings.Contains(err.Error(), step.wantErr):
				t.Errorf("got error %q; expected one containing %q", err, step.wantErr)
			}
			if step.refused && err != nil {
				var appErr *temporal.ApplicationError
				if !errors.As(err, &appErr) || appErr.Type() != interpreter.UpdateRefusedType {
					t.Errorf("got error %T %v; expected an application error of type %s", err, err, interpreter.UpdateRefusedType)
				}
			}
			if err != nil {
				t.Logf("error as the caller sees it: %v", err)
			}
			if after := view(); after != before {
				t.Errorf("status query changed:\nbefore: %s\nafter: %s", before, after)
			}
		})
	}
}

// withoutBufferedSignals drops the stages' _buffered_signals context key:
// a persistent signal to a stage that is not SUSPENDED is buffered
// "whatever the status, even for COMPLETE stages, where the entry is never
// consumed" (semantics §10.2). It is the one allowed difference.
func withoutBufferedSignals(w *model.Workflow) {
	for _, s := range w.Stages {
		delete(s.Context, "_buffered_signals")
	}
}

// stageByRef returns the stage ref of w, failing the test when missing.
func stageByRef(t *testing.T, w *model.Workflow, ref string) *model.StageExecution {
	t.Helper()
	for _, s := range w.Stages {
		if s.RefID == ref {
			return s
		}
	}
	t.Fatalf("workflow %s has no stage %q", w.ID, ref)
	return nil
}

// waitStages waits until the status query shows each stage in want.
func waitStages(t *testing.T, id string, want map[string]model.WorkflowStatus) {
	t.Helper()
	waitFor(t, stageTimeout, "stage statuses "+formatStatuses(want), func(ctx context.Context) (bool, error) {
		w, err := queryStatus(ctx, id)
		if err != nil {
			return false, err
		}
		got := stageStatuses(w)
		for ref, st := range want {
			if got[ref] != st {
				return false, nil
			}
		}
		return true, nil
	})
}

// formatStatuses renders a stage status map in ref order for messages.
func formatStatuses(m map[string]model.WorkflowStatus) string {
	var parts []string
	for _, ref := range refs(controlStages) {
		if st, ok := m[ref]; ok {
			parts = append(parts, ref+"="+st.String())
		}
	}
	return strings.Join(parts, " ")
}

// signal returns a misuse sender that signals name with arg.
func signal(name string, arg any) func(context.Context, string) error {
	return func(ctx context.Context, id string) error {
		return env.client.SignalWorkflow(ctx, id, "", name, arg)
	}
}

// update returns a misuse sender that runs the update name with arg.
func update(name string, arg any) func(context.Context, string) error {
	return func(ctx context.Context, id string) error {
		_, err := updateWorkflow(ctx, id, name, arg)
		return err
	}
}

// updateWorkflow runs an update to completion and returns the workflow
// status it answers with.
func updateWorkflow(ctx context.Context, id, name string, arg any) (model.WorkflowStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	h, err := env.client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return 0, err
	}
	var st model.WorkflowStatus
	if err := h.Get(ctx, &st); err != nil {
		return 0, err
	}
	return st, nil
}

// TestEarlyApproval approves the second approval stage before it has
// started, then the first: the early decision is buffered and consumed
// when the stage suspends (semantics §10.2 example, §10.3: approve is
// persistent, so an early decision is not lost), and the run finishes
// without another signal.
func TestEarlyApproval(t *testing.T) {
	requireServer(t)
	const queue = "fault-early"
	def := definition(t, "fault-early", controlStages, func(s stageSpec) (string, map[string]any) {
		if s.ref == "done" {
			return model.TaskNoop, map[string]any{}
		}
		return model.TaskApproval, map[string]any{}
	})
	startWorker(t, queue)
	startRun(t, def, queue)
	waitStages(t, def.ID, map[string]model.WorkflowStatus{"first": model.StatusSuspended, "second": model.StatusNotStarted})

	early := model.ApprovalRequest{StageRefID: "second", User: "early", Data: "ok"}
	if _, err := updateWorkflow(t.Context(), def.ID, model.UpdateApprove, early); err != nil {
		t.Fatalf("approve second before it started: %v", err)
	}
	if st := stageByRef(t, mustQueryStatus(t, def.ID), "second").Status; st != model.StatusNotStarted {
		t.Fatalf("second is %s after the early approval; expected NOT_STARTED until first completes", st)
	}
	if _, err := updateWorkflow(t.Context(), def.ID, model.UpdateApprove, model.ApprovalRequest{StageRefID: "first"}); err != nil {
		t.Fatalf("approve first: %v", err)
	}
	final := awaitResult(t, def.ID, runTimeout)
	runChecks(t, []check{
		{"§10.2 the early approval is consumed: every stage SUCCEEDED", func(t *testing.T) {
			requireAllSucceeded(t, final, refs(controlStages))
		}},
		{"§10.3 the consumed approval carries its data", func(t *testing.T) {
			out := stageByRef(t, final, "second").Outputs
			if out["approved"] != true || out["approval"] != "ok" {
				t.Errorf("second outputs %v; expected approved true and approval \"ok\"", out)
			}
		}},
	})
}
