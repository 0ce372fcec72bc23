package testsuite

import (
	"context"
	"errors"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// chainDef is a sequence of waits and noops long enough to continue as new.
const chainDef = `
application: testsuite
name: chain
stages:
  - {ref_id: a, type: wait, context: {waitTime: 0.2}}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a], context: {outputs: {b: 1}}}
  - {ref_id: c, type: wait, requisite_stage_ref_ids: [b], context: {waitTime: 0.2}}
  - {ref_id: d, type: noop, requisite_stage_ref_ids: [c], context: {outputs: {d: 2}}}
  - {ref_id: e, type: noop, requisite_stage_ref_ids: [d]}
`

// scenarios are the real-server scenarios; each name is also the file name
// of its recorded history in testdata/histories.
func scenarios() []scenario {
	return []scenario{
		{
			name: "diamond",
			def: `
application: testsuite
name: diamond
stages:
  - {ref_id: a, type: noop, context: {outputs: {from_a: 1}, task_options: {local: false}}}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a], context: {outputs: {from_b: 2}}}
  - {ref_id: c, type: noop, requisite_stage_ref_ids: [a], context: {outputs: {from_c: 3}}}
  - {ref_id: d, type: noop, requisite_stage_ref_ids: [b, c]}
`,
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("semantics §2.2: diamond failed: %v", r.err)
				}
				wantStages(t, r.wf, map[string]string{"a": "SUCCEEDED", "b": "SUCCEEDED", "c": "SUCCEEDED", "d": "SUCCEEDED"})
				if d := r.wf.StageByRefID("d"); d.Context["from_b"] != 2.0 || d.Context["from_c"] != 3.0 {
					t.Errorf("semantics §4.2: d context = %v, want both branches' outputs", d.Context)
				}
				checkQueriesAfter(t, r, 4)
				checkVisibility(t, r, "SUCCEEDED")
				checkActivitySummary(t, r, "a/0/1/0", "a / noop")
			},
		},
		{
			name: "terminal_halts_downstream",
			def: `
application: testsuite
name: terminal
stages:
  - {ref_id: a, type: fail, context: {message: boom}}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a]}
`,
			check: func(t *testing.T, r result) {
				wantFailure(t, r.err, "TERMINAL")
				wantStages(t, r.wf, map[string]string{"a": "TERMINAL", "b": "NOT_STARTED"})
				if !strings.Contains(r.err.Error(), "boom") {
					t.Errorf("failure message = %q, want the stage error", r.err)
				}
			},
		},
		{
			name: "failed_continue_continues",
			def: `
application: testsuite
name: failed-continue
stages:
  - {ref_id: a, type: fail, context: {status: FAILED_CONTINUE, continuePipelineOnFailure: true, message: soft}}
  - {ref_id: b, type: noop, requisite_stage_ref_ids: [a]}
`,
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("semantics §6.6: FAILED_CONTINUE must complete the workflow, got %v", r.err)
				}
				wantStages(t, r.wf, map[string]string{"a": "FAILED_CONTINUE", "b": "SUCCEEDED"})
				if r.wf.Status != model.StatusSucceeded {
					t.Errorf("workflow status = %s, want SUCCEEDED", r.wf.Status)
				}
			},
		},
		{
			name: "synthetic_ordering",
			def: `
application: testsuite
name: synthetic
stages:
  - {ref_id: deploy, type: noop}
  - {ref_id: pre, type: noop, parent_stage_id: deploy, synthetic_stage_owner: STAGE_BEFORE}
  - {ref_id: post, type: noop, parent_stage_id: deploy, synthetic_stage_owner: STAGE_AFTER}
`,
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("synthetic run failed: %v", r.err)
				}
				wantStages(t, r.wf, map[string]string{"deploy": "SUCCEEDED", "pre": "SUCCEEDED", "post": "SUCCEEDED"})
				pre, dep, post := r.wf.StageByRefID("pre"), r.wf.StageByRefID("deploy"), r.wf.StageByRefID("post")
				if *pre.EndTime > *dep.Tasks[0].StartTime || *dep.Tasks[0].EndTime > *post.StartTime {
					t.Errorf("semantics §7.2: want pre (end %d) <= deploy task (%d..%d) <= post (start %d)",
						*pre.EndTime, *dep.Tasks[0].StartTime, *dep.Tasks[0].EndTime, *post.StartTime)
				}
			},
		},
		{
			name: "pause_resume",
			def: `
application: testsuite
name: pause-resume
stages:
  - {ref_id: w, type: wait, context: {waitTime: 1}}
  - {ref_id: n, type: noop, requisite_stage_ref_ids: [w]}
`,
			drive: func(t *testing.T, ctx context.Context, h *harness.Harness, run client.WorkflowRun) {
				waitFor(t, ctx, h, run, "w running", stageIs("w", model.StatusRunning))
				if st := update(t, ctx, h, run, model.ControlPause, model.ControlRequest{User: "tester"}); st != model.StatusPaused {
					t.Errorf("semantics §10.4: pause update returned %s, want PAUSED", st)
				}
				// The timer fires during the pause; n is parked at dispatch.
				waitFor(t, ctx, h, run, "n parked", stageIs("n", model.StatusPaused))
				if st := update(t, ctx, h, run, model.ControlResume, model.ControlRequest{User: "tester"}); st.IsComplete() && st != model.StatusSucceeded {
					t.Errorf("resume update returned %s", st)
				}
			},
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("pause/resume run failed: %v", r.err)
				}
				wantStages(t, r.wf, map[string]string{"w": "SUCCEEDED", "n": "SUCCEEDED"})
				if r.wf.Paused == nil || r.wf.Paused.PausedMs <= 0 {
					t.Errorf("semantics §10.4 Go rule: paused = %+v, want accumulated paused_ms", r.wf.Paused)
				}
			},
		},
		{
			name: "cancel",
			def: `
application: testsuite
name: cancel
stages:
  - {ref_id: w, type: wait, context: {waitTime: 600}}
  - {ref_id: n, type: noop, requisite_stage_ref_ids: [w]}
`,
			drive: func(t *testing.T, ctx context.Context, h *harness.Harness, run client.WorkflowRun) {
				during := waitFor(t, ctx, h, run, "w running", stageIs("w", model.StatusRunning))
				if during.Status != model.StatusRunning {
					t.Errorf("semantics §1.10: status during the run = %s, want RUNNING", during.Status)
				}
				if err := h.Client.CancelWorkflow(ctx, run.GetID(), ""); err != nil {
					t.Fatalf("cancel: %v", err)
				}
			},
			check: func(t *testing.T, r result) {
				if !temporal.IsCanceledError(r.err) {
					t.Fatalf("semantics §10.6: error = %v, want canceled", r.err)
				}
				wantStages(t, r.wf, map[string]string{"w": "CANCELED", "n": "CANCELED"})
				desc, err := r.h.Client.DescribeWorkflowExecution(r.ctx, r.run.GetID(), "")
				if err != nil {
					t.Fatalf("describe: %v", err)
				}
				if got := desc.WorkflowExecutionInfo.Status; got != enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED {
					t.Errorf("issue: execution status = %s, want Canceled", got)
				}
			},
		},
		{
			name: "update_refused_then_approved",
			def: `
application: testsuite
name: approval
stages:
  - {ref_id: gate, type: approval}
  - {ref_id: after, type: noop, requisite_stage_ref_ids: [gate]}
`,
			drive: func(t *testing.T, ctx context.Context, h *harness.Harness, run client.WorkflowRun) {
				waitFor(t, ctx, h, run, "gate suspended", stageIs("gate", model.StatusSuspended))
				_, err := updateErr(ctx, h, run, model.ControlResume, model.ControlRequest{User: "tester"})
				var ae *temporal.ApplicationError
				if !errors.As(err, &ae) || ae.Type() != interpreter.UpdateRefusedType || !strings.Contains(ae.Message(), "RUNNING") {
					t.Errorf("issue: resume of a RUNNING workflow: error = %v; want %s naming RUNNING", err, interpreter.UpdateRefusedType)
				}
				_, err = updateErr(ctx, h, run, model.UpdateApprove, model.ApprovalRequest{StageRefID: "nope"})
				if err == nil {
					t.Error("approve for an unknown stage: want a refusal")
				}
				update(t, ctx, h, run, model.UpdateApprove, model.ApprovalRequest{StageRefID: "gate", User: "tester"})
			},
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("approved run failed: %v", r.err)
				}
				wantStages(t, r.wf, map[string]string{"gate": "SUCCEEDED", "after": "SUCCEEDED"})
			},
		},
		{
			name: "sub_workflow",
			def: `
application: testsuite
name: parent
stages:
  - ref_id: sub
    type: sub_workflow
    context:
      _sub_workflow_config:
        stages:
          - {ref_id: inner, type: noop, context: {outputs: {k: v}}}
`,
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("sub-workflow run failed: %v", r.err)
				}
				out := r.wf.StageByRefID("sub").Outputs
				inner, _ := out["sub_workflow_outputs"].(map[string]any)
				if out["sub_workflow_status"] != "SUCCEEDED" || inner["k"] != "v" {
					t.Errorf("semantics §11.1: outputs = %v", out)
				}
			},
		},
		{name: "local_noop_chain", def: localNoopChainDef, check: checkLocalNoopChain},
		{name: "local_noop_fan", def: localNoopFanDef, check: checkLocalNoopFan},
		{
			name: "continue_as_new",
			def:  chainDef,
			opts: interpreter.RunOptions{ContinueAsNewAfterEvents: 12},
			check: func(t *testing.T, r result) {
				if r.err != nil {
					t.Fatalf("continue-as-new run failed: %v", r.err)
				}
				desc, err := r.h.Client.DescribeWorkflowExecution(r.ctx, r.run.GetID(), r.first)
				if err != nil {
					t.Fatalf("describe first run: %v", err)
				}
				if got := desc.WorkflowExecutionInfo.Status; got != enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW {
					t.Fatalf("issue: first run status = %s, want ContinuedAsNew", got)
				}
				plain := execute(t, r.ctx, r.h, scenario{name: "chain-plain", def: chainDef})
				if plain.err != nil {
					t.Fatalf("plain run: %v", plain.err)
				}
				after, err := queryStatus(r.ctx, r.h, r.run)
				if err != nil {
					t.Fatalf("status query after continue-as-new: %v", err)
				}
				got, want := statuses(after), statuses(plain.wf)
				if len(got) != len(want) {
					t.Fatalf("stages = %v, want %v", got, want)
				}
				for ref, w := range want {
					if got[ref] != w {
						t.Errorf("issue: stage %s = %s with continue-as-new, %s without", ref, got[ref], w)
					}
				}
				if g, w := after.GetContext(), plain.wf.GetContext(); !model.EqualValues(g, w) {
					t.Errorf("outputs with continue-as-new = %v, without = %v", g, w)
				}
			},
		},
	}
}

// checkQueriesAfter runs the three queries on a closed run.
func checkQueriesAfter(t *testing.T, r result, stages int) {
	t.Helper()
	wf, err := queryStatus(r.ctx, r.h, r.run)
	if err != nil || wf.Status != r.wf.Status {
		t.Errorf("semantics §1.10: status query after the run = %v, %v; want %s", wf, err, r.wf.Status)
	}
	v, err := r.h.Client.QueryWorkflow(r.ctx, r.run.GetID(), "", model.QueryStage, "a")
	var st *model.StageExecution
	if err != nil || v.Get(&st) != nil || st.RefID != "a" {
		t.Errorf("stage query after the run = %+v, %v", st, err)
	}
	if _, err := r.h.Client.QueryWorkflow(r.ctx, r.run.GetID(), "", model.QueryStage, "nope"); err == nil {
		t.Error("stage query for an unknown ref_id: want an error")
	}
	v, err = r.h.Client.QueryWorkflow(r.ctx, r.run.GetID(), "", model.QuerySummary)
	var sum model.Summary
	if err != nil || v.Get(&sum) != nil || sum.Total != stages {
		t.Errorf("summary query after the run = %+v, %v; want %d stages", sum, err, stages)
	}
}

// checkVisibility checks the search attributes the workflow keeps.
func checkVisibility(t *testing.T, r result, status string) {
	t.Helper()
	desc, err := r.h.Client.DescribeWorkflowExecution(r.ctx, r.run.GetID(), "")
	if err != nil {
		t.Fatalf("describe: %v", err)
	}
	fields := desc.WorkflowExecutionInfo.GetSearchAttributes().GetIndexedFields()
	want := map[string]string{
		model.SearchAttrStatus:      status,
		model.SearchAttrApplication: r.wf.Application,
		model.SearchAttrPipeline:    r.wf.Name,
	}
	for key, w := range want {
		var got string
		if p, ok := fields[key]; !ok || converter.GetDefaultDataConverter().FromPayload(p, &got) != nil || got != w {
			t.Errorf("issue (visibility): search attribute %s = %q, want %q", key, got, w)
		}
	}
}

// checkActivitySummary checks that the activity with the given id was
// scheduled with the "<stage name> / <task name>" summary the Web UI shows.
func checkActivitySummary(t *testing.T, r result, activityID, want string) {
	t.Helper()
	hist, err := r.h.History(r.ctx, r.run.GetID(), r.first)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range hist.Events {
		a := ev.GetActivityTaskScheduledEventAttributes()
		if a == nil || a.GetActivityId() != activityID {
			continue
		}
		var got string
		if err := converter.GetDefaultDataConverter().FromPayload(ev.GetUserMetadata().GetSummary(), &got); err != nil || got != want {
			t.Errorf("issue: activity %s summary = %q (%v), want %q", activityID, got, err, want)
		}
		return
	}
	t.Errorf("no activity %s scheduled in the history", activityID)
}

// updateErr sends an update and waits for its result.
func updateErr(ctx context.Context, h *harness.Harness, run client.WorkflowRun, name string, arg any) (model.WorkflowStatus, error) {
	handle, err := h.Client.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   run.GetID(),
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err != nil {
		return 0, err
	}
	var st model.WorkflowStatus
	return st, handle.Get(ctx, &st)
}

// update sends an update that must succeed and returns the status.
func update(t *testing.T, ctx context.Context, h *harness.Harness, run client.WorkflowRun, name string, arg any) model.WorkflowStatus {
	t.Helper()
	st, err := updateErr(ctx, h, run, name, arg)
	if err != nil {
		t.Fatalf("update %s: %v", name, err)
	}
	return st
}

// TestScenarios runs every scenario on the real server.
func TestScenarios(t *testing.T) {
	h := server(t)
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			sc.check(t, execute(t, ctx, h, sc))
		})
	}
}
