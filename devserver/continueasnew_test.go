package devserver

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// continueWorkflow continues as new n times, then completes.
func continueWorkflow(ctx workflow.Context, n int) error {
	if n > 0 {
		return workflow.NewContinueAsNewError(ctx, continueWorkflow, n-1)
	}
	return nil
}

// startContinueWorker runs a worker for continueWorkflow on taskQueue until
// cleanup.
func startContinueWorker(t testing.TB, c client.Client, taskQueue string) {
	t.Helper()
	w := worker.New(c, taskQueue, worker.Options{})
	w.RegisterWorkflow(continueWorkflow)
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
}

// runContinue runs continueWorkflow(crossings) under id and returns the
// history of every run, first run first.
func runContinue(ctx context.Context, t testing.TB, c client.Client, id, taskQueue string, crossings int) []*historypb.History {
	t.Helper()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: taskQueue}, continueWorkflow, crossings)
	require.NoError(t, err)
	first := run.GetRunID() // Get moves GetRunID to the last run
	require.NoError(t, run.Get(ctx, nil))
	var runs []*historypb.History
	for runID := first; runID != ""; {
		it := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		h := &historypb.History{}
		for it.HasNext() {
			ev, err := it.Next()
			require.NoError(t, err)
			h.Events = append(h.Events, ev)
		}
		runs = append(runs, h)
		runID = ""
		if last := h.Events[len(h.Events)-1]; last.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW {
			runID = last.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()
		}
	}
	return runs
}

// firstTaskBackoffs returns, per run after the first, how long the server
// held back the run's first workflow task (FirstWorkflowTaskBackoff of its
// WorkflowExecutionStarted event).
func firstTaskBackoffs(runs []*historypb.History) []time.Duration {
	var out []time.Duration
	for _, h := range runs[1:] {
		started := h.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes()
		out = append(out, started.GetFirstWorkflowTaskBackoff().AsDuration())
	}
	return out
}

// TestContinueAsNewStartsAtOnce checks that with FastDynamicConfig a run
// that continues as new within a second of its start hands over to a run
// whose first workflow task is not held back, while the stock config
// (history.workflowIdReuseMinimalInterval, 1 s) holds it back for the rest
// of that second.
func TestContinueAsNewStartsAtOnce(t *testing.T) {
	const crossings = 2
	for _, tc := range []struct {
		name     string
		plain    bool
		held     bool
		expected string
	}{
		{"fast", false, false, "no backoff on any new run"},
		{"plain", true, true, "a backoff on every new run of a short-lived chain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, Options{UIPort: -1, PlainDefaults: tc.plain})
			c := dial(t, s)
			startContinueWorker(t, c, "continue")
			ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
			defer cancel()
			runs := runContinue(ctx, t, c, "continue-"+tc.name, "continue", crossings)
			require.Len(t, runs, crossings+1)
			for i, backoff := range firstTaskBackoffs(runs) {
				require.Equal(t, tc.held, backoff > 0, "run %d: expected %s, got FirstWorkflowTaskBackoff %v", i+1, tc.expected, backoff)
			}
		})
	}
}

// BenchmarkContinueAsNew measures one continue-as-new crossing of a
// workflow that does nothing else, with the stock dynamic config ("plain")
// and with FastDynamicConfig ("fast"), as ms/crossing.
func BenchmarkContinueAsNew(b *testing.B) {
	const crossings = 5
	for _, mode := range []struct {
		name  string
		plain bool
	}{{"plain", true}, {"fast", false}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			s, err := Start(ctx, Options{UIPort: -1, PlainDefaults: mode.plain})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Stop()
			c := dial(b, s)
			defer c.Close()
			w := worker.New(c, "bench", worker.Options{}) // runEach's queue
			w.RegisterWorkflow(continueWorkflow)
			if err := w.Start(); err != nil {
				b.Fatal(err)
			}
			defer w.Stop() // before the server's Stop, so its polls end cleanly
			elapsed := runEach(b, c, continueWorkflow, crossings)
			b.ReportMetric(ms(elapsed)/float64(b.N*crossings), "ms/crossing")
		})
	}
}
