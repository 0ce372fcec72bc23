package webui_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
)

// oneExecution is a Backend with a single finished execution.
type oneExecution struct{ wf *model.Workflow }

func (b oneExecution) List(context.Context, webui.ListFilter) ([]webui.ExecutionSummary, error) {
	return []webui.ExecutionSummary{{ID: b.wf.ID, Application: b.wf.Application, Name: b.wf.Name, Status: b.wf.Status}}, nil
}

func (b oneExecution) Status(_ context.Context, id string) (*model.Workflow, error) {
	if id != b.wf.ID {
		return nil, fmt.Errorf("execution %q: %w", id, webui.ErrNotFound)
	}
	return b.wf, nil
}

func (b oneExecution) Control(_ context.Context, _ string, action string, _ webui.ControlRequest) error {
	return webui.Refused("execution has completed; " + action + " does nothing")
}

// Serving the page over a Backend. In `starter dev` the Backend wraps a
// Temporal client and the handler gets its own port.
func ExampleHandler() {
	wf := model.New("demo", "hello", []*model.StageExecution{model.NewStage("noop", "Greet", "greet", nil, nil)})
	wf.ID, wf.Status = "exec-1", model.StatusSucceeded
	srv := httptest.NewServer(webui.Handler(oneExecution{wf}, "http://localhost:8233/namespaces/default"))
	defer srv.Close()

	res, err := srv.Client().Post(srv.URL+"/api/executions/exec-1/pause", "application/json", strings.NewReader(`{"user":"ann"}`))
	if err != nil {
		panic(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	fmt.Print(res.StatusCode, " ", string(body))
	// Output: 409 {"error":"execution has completed; pause does nothing","refused":true}
}
