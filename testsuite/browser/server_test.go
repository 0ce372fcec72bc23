package browser

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/devserver"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
	webtemporal "github.com/stabilize-go/stabilize/webui/temporal"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// taskQueue is the queue of this test's worker.
const taskQueue = "stabilize-browser"

// stack is a real Temporal server with the Web UI, a worker, and the page
// served on httptest over the webui/temporal Backend.
type stack struct {
	client client.Client
	page   *httptest.Server
	// temporalUI is the Web UI address of the namespace, as `starter dev`
	// links it: http://IP:UIPORT/namespaces/NS.
	temporalUI string
}

// startStack starts the server, the worker and the page; the test's
// cleanup stops them.
func startStack(t *testing.T) *stack {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := devserver.Start(ctx, devserver.Options{LogLevel: "error", Logger: quiet})
	if err != nil {
		t.Fatalf("start devserver: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stop devserver: %v", err)
		}
	})
	cfg := config.Default()
	cfg.Address, cfg.Namespace, cfg.TaskQueue = srv.FrontendAddress(), srv.Namespace(), taskQueue
	c, err := workerapp.Dial(ctx, cfg, quiet)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(c.Close)
	w, err := workerapp.NewWorker(c, cfg, nil)
	if err != nil {
		t.Fatalf("new worker: %v", err)
	}
	if err := w.Start(); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(w.Stop)
	s := &stack{client: c, temporalUI: "http://" + srv.UIAddress() + "/namespaces/" + srv.Namespace()}
	s.page = httptest.NewServer(webui.Handler(webtemporal.New(c), s.temporalUI))
	t.Cleanup(s.page.Close)
	return s
}

// start starts the generic workflow for the definition in file, with the
// search attributes and memo `starter start` sets, and returns its id.
func (s *stack) start(t *testing.T, file string) string {
	t.Helper()
	def, err := model.LoadFile(file)
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	if _, err := model.Validate(def, file, model.ValidateOptions{}); err != nil {
		t.Fatalf("validate %s: %v", file, err)
	}
	_, err = s.client.ExecuteWorkflow(context.Background(), client.StartWorkflowOptions{
		ID:        def.ID,
		TaskQueue: taskQueue,
		TypedSearchAttributes: sdktemporal.NewSearchAttributes(
			sdktemporal.NewSearchAttributeKeyKeyword(model.SearchAttrApplication).ValueSet(def.Application),
			sdktemporal.NewSearchAttributeKeyKeyword(model.SearchAttrPipeline).ValueSet(def.Name),
		),
		Memo: map[string]any{model.MemoApplication: def.Application, model.MemoName: def.Name},
	}, model.WorkflowName, interpreter.Input{Definition: def})
	if err != nil {
		t.Fatalf("start %s: %v", file, err)
	}
	return def.ID
}
