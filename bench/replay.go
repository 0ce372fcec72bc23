package bench

import (
	"fmt"
	"log/slog"
	"time"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/converter"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter"
)

// ReplayStats is the outcome of replaying every run of one execution.
type ReplayStats struct {
	// Runs and Events count what was replayed.
	Runs   int
	Events int
	// Time is the total replay time; MaxRunTime and MaxRunEvents describe
	// the slowest run.
	Time         time.Duration
	MaxRunTime   time.Duration
	MaxRunEvents int
	// CPU is the process's user+system CPU time during the replays (the
	// idle server shares the process), less sensitive to a loaded
	// machine than Time.
	CPU time.Duration
}

// PerTenThousand returns the replay time per 10,000 events (the issue's
// target: under a second).
func (r ReplayStats) PerTenThousand() time.Duration {
	if r.Events == 0 {
		return 0
	}
	return time.Duration(float64(r.Time) * 10000 / float64(r.Events))
}

// Replay replays each run with worker.NewWorkflowReplayer against the
// current workflow code, registered as the harness's worker registers it
// (interpreter.Register and TwinWorkflow), and times it. dc must be the data converter the
// worker ran with. The deadlock detector is off: a run's first workflow
// task decodes the whole carried state, and a loaded machine can stretch
// that past its 1 s; a replay that diverges still fails.
func Replay(runs []*historypb.History, dc converter.DataConverter, fc converter.FailureConverter) (st ReplayStats, err error) {
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: dc, FailureConverter: fc, DisableRegistrationAliasing: true, DisableDeadlockDetection: true,
	})
	if err != nil {
		return st, fmt.Errorf("new workflow replayer: %w", err)
	}
	interpreter.Register(r)
	r.RegisterWorkflowWithOptions(TwinWorkflow, workflow.RegisterOptions{Name: TwinWorkflowName})
	logger := sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))
	cpu0 := processCPU()
	defer func() { st.CPU = processCPU() - cpu0 }()
	for i, h := range runs {
		t0 := time.Now()
		if err := r.ReplayWorkflowHistory(logger, h); err != nil {
			return st, fmt.Errorf("replay run %d of %d (%d events): %w", i+1, len(runs), len(h.GetEvents()), err)
		}
		d := time.Since(t0)
		st.Runs++
		st.Events += len(h.GetEvents())
		st.Time += d
		if d > st.MaxRunTime {
			st.MaxRunTime, st.MaxRunEvents = d, len(h.GetEvents())
		}
	}
	return st, nil
}
