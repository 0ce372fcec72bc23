package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/payload"
)

func TestHistoryReplays(t *testing.T) {
	// issue: history exports the JSON the SDK replayer reads.
	o := execute(t, "run", "testdata/approval.yaml", "--timeout", "1ms", "--output", "json")
	require.Equal(t, ExitTimeout, o.code, "%v", o)
	id := jsonField(t, o.stdout, "id")
	waitStatus(t, id, func(wf *model.Workflow) bool { return stageStatus(wf, "gate") == model.StatusSuspended })
	require.Equal(t, ExitOK, execute(t, "approve", id, "gate").code)
	require.Equal(t, ExitOK, execute(t, "watch", id).code)

	file := filepath.Join(t.TempDir(), "history.json")
	h := execute(t, "history", id, "-o", file)
	require.Equal(t, ExitOK, h.code, "%v", h)
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	hist, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, hist.Events)
	assert.Equal(t, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, hist.Events[0].GetEventType())
	assert.Equal(t, enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, hist.Events[len(hist.Events)-1].GetEventType())

	r, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{
		DataConverter: payload.DataConverter(), FailureConverter: payload.FailureConverter()})
	require.NoError(t, err)
	interpreter.Register(r)
	require.NoError(t, r.ReplayWorkflowHistory(nil, hist))

	stdout := execute(t, "history", id)
	require.Equal(t, ExitOK, stdout.code)
	assert.True(t, strings.HasPrefix(strings.TrimSpace(stdout.stdout), "{"))
}

func TestList(t *testing.T) {
	id := startFile(t, "testdata/hello.yaml")
	waitStatus(t, id, func(wf *model.Workflow) bool { return wf.Status == model.StatusSucceeded })
	// Visibility is eventually consistent: poll until the run shows up.
	var o outcome
	var got []listEntry
	poll(t, 30*time.Second, func() bool {
		o = execute(t, "list", "--application", "cli-test", "--status", "succeeded", "--query", "WorkflowId = '"+id+"'", "--output", "json")
		require.Equal(t, ExitOK, o.code, "issue: list filters on our search attributes: %v", o)
		require.NoError(t, jsonUnmarshal(o.stdout, &got), "%v", o)
		return len(got) == 1
	}, func() string { return fmt.Sprintf("run %s never listed: %v", id, o) })
	assert.Equal(t, id, got[0].ID)
	assert.Equal(t, "cli-test", got[0].Application)
	assert.Equal(t, "hello", got[0].Pipeline)
	assert.Equal(t, "SUCCEEDED", got[0].Status)
}

// jsonField reads one string field of a JSON object.
func jsonField(t *testing.T, s, field string) string {
	t.Helper()
	var m map[string]any
	require.NoError(t, jsonUnmarshal(s, &m), s)
	v, _ := m[field].(string)
	require.NotEmpty(t, v, "field %s in %s", field, s)
	return v
}
