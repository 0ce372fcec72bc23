package interpreter

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// localChain builds n noop stages s0 → s1 → …, each run as a local
// activity (the default).
func localChain(n int) []*model.StageExecution {
	stages := make([]*model.StageExecution, 0, n)
	for i := range n {
		var reqs []string
		if i > 0 {
			reqs = []string{fmt.Sprintf("s%d", i-1)}
		}
		stages = append(stages, stage(fmt.Sprintf("s%d", i), "noop", nil, reqs...))
	}
	return stages
}

// localCount is how many local activities a localRun started.
func localCount(r *localRun) int {
	if l := r.locals(); l != "" {
		return strings.Count(l, ",") + 1
	}
	return 0
}

// The SDK test environment has no workflow tasks: GetCurrentHistoryLength
// stays where SetCurrentHistoryLength put it (0 unless set), as it does
// live while one workflow task runs many local activities. These tests set
// it where a real workflow task would start; the real-server behaviour is
// testsuite/continue_local_test.go.
func TestHistoryEstimate(t *testing.T) {
	t.Run("issue #9: local tasks of one workflow task count towards ContinueAsNewAfterEvents", func(t *testing.T) {
		r := newLocalRun(t)
		_, err := r.run(Input{Definition: def(localChain(100)...), Options: RunOptions{ContinueAsNewAfterEvents: 40}})
		var can *workflow.ContinueAsNewError
		if !errors.As(err, &can) {
			t.Fatalf("workflow error = %v, want continue-as-new once 40 local markers are due", err)
		}
		// The 40th result makes the run due; the chain has started the 41st
		// task by then, and continue-as-new waits for it.
		if got := localCount(r); got != 41 {
			t.Errorf("local activities before continue-as-new = %d, want 41 (40 to reach the limit + the one in flight)", got)
		}
	})
	t.Run("a new workflow task (the history length moves) restarts the count", func(t *testing.T) {
		r := newLocalRun(t)
		stages := localChain(30)
		stages = append(stages, stage("w", "wait", map[string]any{"waitTime": 10.0}, "s29"))
		for i := range 25 {
			prev := "w"
			if i > 0 {
				prev = fmt.Sprintf("t%d", i-1)
			}
			stages = append(stages, stage(fmt.Sprintf("t%d", i), "noop", nil, prev))
		}
		// While w waits, a workflow task starts whose history holds the
		// first 30 markers: 10 events here, so 10 + 25 stays under 40.
		r.env.RegisterDelayedCallback(func() { r.env.SetCurrentHistoryLength(10) }, 5*time.Second)
		wf, err := r.run(Input{Definition: def(stages...), Options: RunOptions{ContinueAsNewAfterEvents: 40}})
		if err != nil {
			t.Fatalf("workflow error = %v, want SUCCEEDED without continue-as-new (at most 10 + 25 events)", err)
		}
		if wf.Status != model.StatusSucceeded {
			t.Errorf("status = %s, want SUCCEEDED", wf.Status)
		}
		if got := localCount(r); got != 55 {
			t.Errorf("local activities = %d, want all 55", got)
		}
	})
	t.Run("runs from before history-estimate compare the recorded length only", func(t *testing.T) {
		r := newLocalRun(t)
		atSemantics(r, 1)
		r.env.OnGetVersion(historyEstimateChangeID, workflow.DefaultVersion, historyEstimateVersion).Return(workflow.DefaultVersion)
		wf, err := r.run(Input{Definition: def(localChain(100)...), Options: RunOptions{ContinueAsNewAfterEvents: 40}})
		if err != nil {
			t.Fatalf("workflow error = %v, want SUCCEEDED in one run at DefaultVersion", err)
		}
		if wf.Status != model.StatusSucceeded || localCount(r) != 100 {
			t.Errorf("status = %s after %d local activities, want SUCCEEDED after 100", wf.Status, localCount(r))
		}
	})
	t.Run("from bundledVersion the engine-semantics marker alone counts local markers", func(t *testing.T) {
		r := newLocalRun(t)
		// Were the run to read history-estimate, this would keep it in one
		// run.
		r.env.OnGetVersion(historyEstimateChangeID, workflow.DefaultVersion, historyEstimateVersion).Return(workflow.DefaultVersion)
		_, err := r.run(Input{Definition: def(localChain(100)...), Options: RunOptions{ContinueAsNewAfterEvents: 40}})
		var can *workflow.ContinueAsNewError
		if !errors.As(err, &can) {
			t.Fatalf("workflow error = %v, want continue-as-new at semantics version %d", err, semanticsVersion)
		}
	})
	t.Run("at engine-semantics 1, without ContinueAsNewAfterEvents the version is never read", func(t *testing.T) {
		r := newLocalRun(t)
		atSemantics(r, 1)
		// A mock that panics if the workflow asks for the version.
		r.env.OnGetVersion(historyEstimateChangeID, workflow.DefaultVersion, historyEstimateVersion).
			Return(func(string, workflow.Version, workflow.Version) workflow.Version {
				panic("history-estimate version read without ContinueAsNewAfterEvents")
			})
		if _, err := r.run(Input{Definition: def(localChain(50)...)}); err != nil {
			t.Fatalf("workflow error = %v, want SUCCEEDED", err)
		}
	})
}
