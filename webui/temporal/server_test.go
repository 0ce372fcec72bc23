package temporal_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/devserver"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
	webtemporal "github.com/stabilize-go/stabilize/webui/temporal"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// release is a definition that stops at an approval stage.
const release = `
application: shop
name: release
stages:
  - {ref_id: build, type: noop, name: Build}
  - {ref_id: approve, type: approval, name: Approval, requisite_stage_ref_ids: [build]}
  - {ref_id: deploy, type: noop, name: Deploy, requisite_stage_ref_ids: [approve]}
`

// realServer starts a devserver and a worker and returns a client.
func realServer(t *testing.T) client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := devserver.Start(ctx, devserver.Options{UIPort: -1, LogLevel: "error", Logger: quiet})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, srv.Stop()) })
	cfg := config.Default()
	cfg.Address, cfg.Namespace, cfg.TaskQueue = srv.FrontendAddress(), srv.Namespace(), "webui-temporal-test"
	c, err := workerapp.Dial(ctx, cfg, quiet)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	w, err := workerapp.NewWorker(c, cfg, nil)
	require.NoError(t, err)
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	return c
}

// startRelease starts the release definition and returns its id.
func startRelease(t *testing.T, c client.Client) string {
	t.Helper()
	def, err := model.Load("release.yaml", []byte(release))
	require.NoError(t, err)
	_, err = c.ExecuteWorkflow(t.Context(), client.StartWorkflowOptions{ID: def.ID, TaskQueue: "webui-temporal-test"},
		model.WorkflowName, interpreter.Input{Definition: def})
	require.NoError(t, err)
	return def.ID
}

// TestOnRealServer runs the Backend against a real server and worker: the
// contract of webui.Backend (package webui, backend.go) with the errors
// the page maps to 404 and 409.
func TestOnRealServer(t *testing.T) {
	c := realServer(t)
	b := webtemporal.New(c)
	id := startRelease(t, c)
	waitStage := func(ref string, want model.WorkflowStatus) *model.Workflow {
		t.Helper()
		var wf *model.Workflow
		require.Eventually(t, func() bool {
			var err error
			wf, err = b.Status(t.Context(), id)
			if err != nil {
				return false
			}
			for _, s := range wf.Stages {
				if s.RefID == ref {
					return s.Status == want
				}
			}
			return false
		}, time.Minute, 100*time.Millisecond, "stage %s %s", ref, want)
		return wf
	}

	wf := waitStage("approve", model.StatusSuspended)
	t.Run("Status: the status query's model", func(t *testing.T) {
		assert.Equal(t, id, wf.ID)
		assert.Equal(t, "shop", wf.Application)
		assert.Len(t, wf.Stages, 3)
	})
	t.Run("List: the run with its search attributes, filtered by application and status", func(t *testing.T) {
		require.Eventually(t, func() bool {
			rows, err := b.List(t.Context(), webui.ListFilter{Application: "shop"})
			return err == nil && len(rows) == 1 && rows[0].ID == id && rows[0].Name == "release" && rows[0].Status == model.StatusRunning
		}, 30*time.Second, 100*time.Millisecond)
		rows, err := b.List(t.Context(), webui.ListFilter{Application: "other"})
		require.NoError(t, err)
		assert.Empty(t, rows)
	})
	t.Run("Status: an unknown id wraps ErrNotFound (404)", func(t *testing.T) {
		_, err := b.Status(t.Context(), "no-such-workflow")
		assert.ErrorIs(t, err, webui.ErrNotFound)
	})
	t.Run("Control: an unknown id wraps ErrNotFound (404)", func(t *testing.T) {
		err := b.Control(t.Context(), "no-such-workflow", webui.ActionPause, webui.ControlRequest{})
		assert.ErrorIs(t, err, webui.ErrNotFound)
	})
	t.Run("Control: a validator's rejection is Refused with its reason (409)", func(t *testing.T) {
		err := b.Control(t.Context(), id, webui.ActionResume, webui.ControlRequest{User: "test"})
		var re *webui.RefusedError
		require.ErrorAs(t, err, &re, "resume of a run that is not paused")
		assert.NotEmpty(t, re.Reason)
		t.Logf("refusal: %s", re.Reason)
	})
	t.Run("Control: approve lets the run finish SUCCEEDED", func(t *testing.T) {
		require.NoError(t, b.Control(t.Context(), id, webui.ActionApprove, webui.ControlRequest{StageRefID: "approve", User: "test"}))
		var final model.Workflow
		require.NoError(t, c.GetWorkflow(t.Context(), id, "").Get(t.Context(), &final))
		assert.Equal(t, model.StatusSucceeded, final.Status)
		require.Eventually(t, func() bool {
			st := model.StatusSucceeded
			rows, err := b.List(t.Context(), webui.ListFilter{Status: &st})
			return err == nil && len(rows) == 1 && rows[0].EndTime != nil
		}, 30*time.Second, 100*time.Millisecond, "the list shows the run SUCCEEDED")
	})
	t.Run("Control: every control of a completed run is Refused (409)", func(t *testing.T) {
		err := b.Control(t.Context(), id, webui.ActionPause, webui.ControlRequest{})
		assert.True(t, errors.Is(err, webui.ErrRefused), "got %v", err)
	})
}
