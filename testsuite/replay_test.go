package testsuite

import (
	"path/filepath"
	"strings"
	"testing"

	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/payload"
)

// historyDir holds one recorded history per scenario, plus deliberately
// incompatible ones named bad-*.json.
const historyDir = "testdata/histories"

// replayFile replays one recorded history against the current workflow
// code; an error means the code no longer reproduces the history.
func replayFile(path string) error {
	r, err := newReplayer()
	if err != nil {
		return err
	}
	return r.ReplayWorkflowHistoryFromJSONFile(nil, path)
}

// newReplayer returns a replayer of the interpreter workflow with the
// payload converters every worker uses.
func newReplayer() (worker.WorkflowReplayer, error) {
	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: payload.DataConverter(), FailureConverter: payload.FailureConverter()})
	if err != nil {
		return nil, err
	}
	r.RegisterWorkflowWithOptions(interpreter.StabilizeWorkflow, workflow.RegisterOptions{Name: model.WorkflowName})
	return r, nil
}

// isBad reports a deliberately incompatible history.
func isBad(path string) bool { return strings.HasPrefix(filepath.Base(path), "bad-") }

// TestReplay replays every recorded history (style.md §4, replay tests):
// a good history must replay cleanly and a bad-*.json one must be reported
// as non-deterministic.
func TestReplay(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(historyDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no histories in %s; record them with: go test ./testsuite -run TestRecord -record", historyDir)
	}
	sawBad := false
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			err := replayFile(path)
			if !isBad(path) {
				if err != nil {
					t.Fatalf("replay %s: %v", path, err)
				}
				return
			}
			sawBad = true
			if err == nil || !strings.Contains(err.Error(), "nondeterministic") {
				t.Fatalf("replay %s: error = %v, want non-determinism detected", path, err)
			}
		})
	}
	if !sawBad {
		t.Errorf("no bad-*.json history in %s: the replay test must prove it detects non-determinism", historyDir)
	}
}
