package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/model"
)

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestApplySets(t *testing.T) {
	tests := []struct {
		name string
		sets []string
		want func(t *testing.T, wf *model.Workflow)
	}{
		{"issue --set: trigger parameter, JSON value", []string{"trigger.parameters.replicas=3"}, func(t *testing.T, wf *model.Workflow) {
			assert.Equal(t, 3.0, wf.Trigger.Parameters["replicas"])
		}},
		{"issue --set: nested trigger parameter", []string{"trigger.parameters.db.host=x"}, func(t *testing.T, wf *model.Workflow) {
			assert.Equal(t, map[string]any{"host": "x"}, wf.Trigger.Parameters["db"])
		}},
		{"issue --set: top-level context key, string value", []string{"env=prod"}, func(t *testing.T, wf *model.Workflow) {
			assert.Equal(t, "prod", wf.Context["env"])
		}},
		{"issue --set: object value and trigger user", []string{"cfg={\"a\":[1]}", "trigger.user=alice"}, func(t *testing.T, wf *model.Workflow) {
			assert.Equal(t, map[string]any{"a": []any{1.0}}, wf.Context["cfg"])
			assert.Equal(t, "alice", wf.Trigger.User)
		}},
		{"later --set wins", []string{"x=1", "x=2"}, func(t *testing.T, wf *model.Workflow) {
			assert.Equal(t, 2.0, wf.Context["x"])
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := &model.Workflow{}
			require.NoError(t, applySets(wf, tc.sets))
			tc.want(t, wf)
		})
	}
	for _, bad := range []string{"noequals", "=v", "trigger.bogus=1", "a..b=1"} {
		t.Run("usage error: "+bad, func(t *testing.T) {
			err := applySets(&model.Workflow{Context: map[string]any{}}, []string{bad})
			assert.Equal(t, ExitUsage, exitCode(context.Background(), err), "%v", err)
		})
	}
}

func TestStatusCode(t *testing.T) {
	tests := []struct {
		status model.WorkflowStatus
		code   int
	}{
		{model.StatusSucceeded, ExitOK},
		{model.StatusFailedContinue, ExitOK},
		{model.StatusTerminal, ExitHalted},
		{model.StatusStopped, ExitHalted},
		{model.StatusCanceled, ExitHalted},
		{model.StatusRunning, ExitTimeout},
		{model.StatusPaused, ExitTimeout},
		{model.StatusSuspended, ExitTimeout},
	}
	for _, tc := range tests {
		t.Run("issue exit codes: "+tc.status.String(), func(t *testing.T) {
			assert.Equal(t, tc.code, statusCode(tc.status))
		})
	}
}

func TestFinalModel(t *testing.T) {
	done := &model.Workflow{ID: "w", Status: model.StatusSucceeded}
	t.Run("completed returns the model", func(t *testing.T) {
		wf, st, err := finalModel(done, nil)
		require.NoError(t, err)
		assert.Equal(t, model.StatusSucceeded, st)
		assert.Same(t, done, wf)
	})
	t.Run("application error typed by status name", func(t *testing.T) {
		_, st, err := finalModel(nil, temporal.NewApplicationError("boom", "STOPPED"))
		require.NoError(t, err)
		assert.Equal(t, model.StatusStopped, st)
	})
	t.Run("canceled error", func(t *testing.T) {
		_, st, err := finalModel(nil, temporal.NewCanceledError())
		require.NoError(t, err)
		assert.Equal(t, model.StatusCanceled, st)
	})
	t.Run("other errors pass through", func(t *testing.T) {
		_, _, err := finalModel(nil, errors.New("network"))
		require.Error(t, err)
	})
}

func TestChangeTracker(t *testing.T) {
	// style.md §6: off a TTY, one line per state change.
	var tr changeTracker
	wf := &model.Workflow{ID: "w", Status: model.StatusRunning, Stages: []*model.StageExecution{
		{RefID: "a", Status: model.StatusRunning}, {RefID: "b", Status: model.StatusNotStarted},
	}}
	assert.Equal(t, []string{"workflow w RUNNING", "stage a RUNNING"}, tr.changes(wf))
	assert.Empty(t, tr.changes(wf), "no change, no line")
	wf.Stages[0].Status, wf.Stages[1].Status, wf.Status = model.StatusSucceeded, model.StatusSucceeded, model.StatusSucceeded
	assert.Equal(t, []string{"stage a SUCCEEDED", "stage b SUCCEEDED", "workflow w SUCCEEDED"}, tr.changes(wf))
}
