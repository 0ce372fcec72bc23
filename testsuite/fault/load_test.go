package fault

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/model"
)

// Size of TestConcurrentWorkflows.
const (
	loadWorkflows = 200
	loadStarters  = 20 // concurrent start calls
	// loadTimeout bounds liveness, not speed: unloaded the test takes ~15 s,
	// but a CPU-starved machine has been seen to need over 3 minutes.
	loadTimeout     = 8 * time.Minute
	loadStageCount  = 10
	loadWorkerCount = 2
)

// loadStages is a 10-stage definition of noop tasks:
//
//	l0 ─> l1..l4 ─> l5 ─> l6..l8 ─> l9
var loadStages = []stageSpec{
	{ref: "l0"},
	{ref: "l1", after: []string{"l0"}},
	{ref: "l2", after: []string{"l0"}},
	{ref: "l3", after: []string{"l0"}},
	{ref: "l4", after: []string{"l0"}},
	{ref: "l5", after: []string{"l1", "l2", "l3", "l4"}},
	{ref: "l6", after: []string{"l5"}},
	{ref: "l7", after: []string{"l5"}},
	{ref: "l8", after: []string{"l5"}},
	{ref: "l9", after: []string{"l6", "l7", "l8"}},
}

// TestConcurrentWorkflows starts 200 workflows of a 10-stage definition at
// once on two worker processes; every one ends SUCCEEDED with all of its
// stages SUCCEEDED. The count and the wall time are logged.
func TestConcurrentWorkflows(t *testing.T) {
	requireServer(t)
	const queue = "fault-load"
	if len(loadStages) != loadStageCount {
		t.Fatalf("loadStages has %d stages; expected %d", len(loadStages), loadStageCount)
	}
	for range loadWorkerCount {
		startWorker(t, queue)
	}
	defs := make([]*model.Workflow, loadWorkflows)
	for i := range defs {
		defs[i] = noopDefinition(t, fmt.Sprintf("fault-load-%03d", i), loadStages)
	}

	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	began := time.Now()
	errs := make([]error, loadWorkflows)
	var wg sync.WaitGroup
	slots := make(chan struct{}, loadStarters)
	for i, def := range defs {
		wg.Go(func() {
			slots <- struct{}{}
			run, err := startWorkflow(ctx, def, queue)
			<-slots
			if err != nil {
				errs[i] = err
				return
			}
			var out *model.Workflow
			if err := run.Get(ctx, &out); err != nil {
				errs[i] = fmt.Errorf("result of %s: %w", def.ID, err)
				return
			}
			errs[i] = checkLoadResult(out)
		})
	}
	wg.Wait()
	elapsed := time.Since(began)

	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
		}
	}
	succeeded := loadWorkflows - failed
	t.Logf("%d/%d workflows of %d noop stages SUCCEEDED (%d stages) in %s on %d worker processes: %.1f workflows/s, %.0f stages/s",
		succeeded, loadWorkflows, loadStageCount, succeeded*loadStageCount, elapsed.Round(time.Millisecond),
		loadWorkerCount, float64(succeeded)/elapsed.Seconds(), float64(succeeded*loadStageCount)/elapsed.Seconds())
	if failed > 0 {
		for i, err := range errs {
			if err != nil {
				describeUnfinished(t, defs[i].ID)
			}
		}
		t.Fatalf("%d of %d workflows did not succeed:\n%v", failed, loadWorkflows, errors.Join(errs...))
	}
}

// checkLoadResult returns an error unless the run and each of its
// loadStageCount stages ended SUCCEEDED.
func checkLoadResult(w *model.Workflow) error {
	if w == nil {
		return errors.New("null result; expected the final view")
	}
	if w.Status != model.StatusSucceeded {
		return fmt.Errorf("workflow %s ended %s; expected SUCCEEDED", w.ID, w.Status)
	}
	if len(w.Stages) != loadStageCount {
		return fmt.Errorf("workflow %s has %d stages; expected %d", w.ID, len(w.Stages), loadStageCount)
	}
	for _, s := range w.Stages {
		if s.Status != model.StatusSucceeded {
			return fmt.Errorf("workflow %s stage %s ended %s; expected SUCCEEDED", w.ID, s.RefID, s.Status)
		}
	}
	return nil
}

// describeUnfinished logs what Temporal and the status query say of a run
// that did not succeed: its execution status, pending activities and the
// status of every stage, so a stuck run can be told from a slow one.
func describeUnfinished(t *testing.T, id string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	desc, err := env.client.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		t.Logf("%s: describe: %v", id, err)
		return
	}
	t.Logf("%s: temporal status %s, history length %d, %d pending activities",
		id, desc.GetWorkflowExecutionInfo().GetStatus(), desc.GetWorkflowExecutionInfo().GetHistoryLength(),
		len(desc.GetPendingActivities()))
	for _, a := range desc.GetPendingActivities() {
		t.Logf("%s: pending activity %s %s state %s attempt %d last failure %v",
			id, a.GetActivityId(), a.GetActivityType().GetName(), a.GetState(), a.GetAttempt(), a.GetLastFailure())
	}
	w, err := control.Status(ctx, env.client, id, "")
	if err != nil {
		t.Logf("%s: %v", id, err)
		return
	}
	for _, s := range w.Stages {
		t.Logf("%s: stage %s %s", id, s.RefID, s.Status)
	}
}
