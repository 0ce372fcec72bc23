package fault

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// callTimeout bounds one client call (start, query, signal, update).
const callTimeout = 30 * time.Second

// startRun starts StabilizeWorkflow for def on queue; the definition's id
// is the workflow id.
func startRun(t *testing.T, def *model.Workflow, queue string) client.WorkflowRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	run, err := startWorkflow(ctx, def, queue)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// startWorkflow is startRun without a test, for concurrent starts.
func startWorkflow(ctx context.Context, def *model.Workflow, queue string) (client.WorkflowRun, error) {
	run, err := env.client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: def.ID, TaskQueue: queue},
		model.WorkflowName, interpreter.Input{Definition: def})
	if err != nil {
		return nil, fmt.Errorf("start workflow %s on %s: %w", def.ID, queue, err)
	}
	return run, nil
}

// awaitResult waits up to timeout for the workflow's result, the final
// view of the run. It asks for the latest run by id, so it survives a
// server restart that broke an earlier long poll.
func awaitResult(t *testing.T, id string, timeout time.Duration) *model.Workflow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var out *model.Workflow
	if err := env.client.GetWorkflow(ctx, id, "").Get(ctx, &out); err != nil {
		t.Fatalf("result of workflow %s within %s: %v", id, timeout, err)
	}
	if out == nil {
		t.Fatalf("result of workflow %s: expected the final view, got null", id)
	}
	return out
}

// queryStatus runs the status query on the latest run, as the CLI does.
func queryStatus(ctx context.Context, id string) (*model.Workflow, error) {
	return control.Status(ctx, env.client, id, "")
}

// mustQueryStatus is queryStatus failing the test on error.
func mustQueryStatus(t *testing.T, id string) *model.Workflow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	w, err := queryStatus(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// statusJSON renders a status view for before/after comparisons.
func statusJSON(t *testing.T, w *model.Workflow) string {
	t.Helper()
	b, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		t.Fatalf("marshal status view: %v", err)
	}
	return string(b)
}

// stageStatuses maps each stage's ref_id to its status.
func stageStatuses(w *model.Workflow) map[string]model.WorkflowStatus {
	out := make(map[string]model.WorkflowStatus, len(w.Stages))
	for _, s := range w.Stages {
		out[s.RefID] = s.Status
	}
	return out
}

// requireAllSucceeded fails the test unless the workflow and each of
// stages ended SUCCEEDED.
func requireAllSucceeded(t *testing.T, w *model.Workflow, stages []string) {
	t.Helper()
	if w.Status != model.StatusSucceeded {
		t.Errorf("workflow %s ended %s; expected SUCCEEDED", w.ID, w.Status)
	}
	got := stageStatuses(w)
	for _, ref := range stages {
		if got[ref] != model.StatusSucceeded {
			t.Errorf("stage %s ended %s; expected SUCCEEDED", ref, got[ref])
		}
	}
}
