package testsuite

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// TestCustomWorkerExample builds examples/custom-worker, runs it as a worker
// process against the embedded server, and runs its greet.yaml end to end:
// the custom "greet" task's output reaches the downstream shell stage
// (issue Activities: "the custom worker example runs end to end on the
// embedded server in a test").
func TestCustomWorkerExample(t *testing.T) {
	h := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*runTimeout)
	defer cancel()

	bin := filepath.Join(t.TempDir(), "custom-worker")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "../examples/custom-worker")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build examples/custom-worker: %v\n%s", err, out)
	}
	const queue = "custom-worker-example"
	worker := exec.Command(bin)
	worker.Env = append(os.Environ(), "STABILIZE_ADDRESS="+h.Server.FrontendAddress(), "STABILIZE_TASK_QUEUE="+queue)
	if err := worker.Start(); err != nil {
		t.Fatalf("start the custom worker: %v", err)
	}
	t.Cleanup(func() {
		_ = worker.Process.Kill()
		_ = worker.Wait()
	})

	def, err := model.LoadFile("../examples/custom-worker/greet.yaml")
	if err != nil {
		t.Fatal(err)
	}
	run, err := h.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: def.ID, TaskQueue: queue},
		model.WorkflowName, interpreter.Input{Definition: def})
	if err != nil {
		t.Fatalf("start greet.yaml: %v", err)
	}
	var wf *model.Workflow
	if err := run.Get(ctx, &wf); err != nil {
		t.Fatalf("greet.yaml: expected SUCCEEDED, got %v", err)
	}
	if wf.Status != model.StatusSucceeded {
		t.Fatalf("greet.yaml ended %s; expected SUCCEEDED", wf.Status)
	}
	hello, say := wf.StageByRefID("hello"), wf.StageByRefID("say")
	if got := hello.Outputs["greeting"]; got != "hello, Ada" {
		t.Errorf("hello outputs greeting = %#v; expected %q from the custom task", got, "hello, Ada")
	}
	if got := say.Outputs["stdout"]; got != "hello, Ada" {
		t.Errorf("say stdout = %#v; expected the upstream greeting %q", got, "hello, Ada")
	}
}
