package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/devserver"
	"github.com/stabilize-go/stabilize/model"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// testTaskQueue is the queue of the shared test worker.
const testTaskQueue = "starter-cli-test"

// testAddress is the frontend of the one devserver shared by every test
// (style.md §4, "Scenarios on a real server": one server per suite,
// commands run in-process).
var testAddress string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	ctx := context.Background()
	srv, err := devserver.Start(ctx, devserver.Options{UIPort: -1, LogLevel: "error"})
	if err != nil {
		fmt.Fprintln(os.Stderr, "start devserver:", err)
		return 1
	}
	defer srv.Stop()
	testAddress = srv.FrontendAddress()
	cfg := config.Default()
	cfg.Address, cfg.Namespace, cfg.TaskQueue = testAddress, srv.Namespace(), testTaskQueue
	c, err := workerapp.Dial(ctx, cfg, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer c.Close()
	w, err := workerapp.NewWorker(c, cfg, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := w.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "start worker:", err)
		return 1
	}
	defer w.Stop()
	return m.Run()
}

// outcome is what one in-process invocation produced.
type outcome struct {
	code           int
	stdout, stderr string
}

// String shows the invocation's output in failure messages.
func (o outcome) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", o.code, o.stdout, o.stderr)
}

// execute runs the starter against the shared server with an empty
// environment, so the developer's STABILIZE_* variables do not leak in.
func execute(t *testing.T, args ...string) outcome {
	t.Helper()
	return executeEnv(t, nil, append([]string{"--address", testAddress, "--task-queue", testTaskQueue}, args...)...)
}

// executeEnv runs the starter with exactly args and env.
func executeEnv(t *testing.T, env map[string]string, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	code := Execute(ctx, Options{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Args: args,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	})
	return outcome{code: code, stdout: out.String(), stderr: errOut.String()}
}

// startFile starts a definition and returns its workflow id.
func startFile(t *testing.T, file string) string {
	t.Helper()
	o := execute(t, "start", file)
	require.Equal(t, ExitOK, o.code, "%v", o)
	id := strings.TrimSpace(o.stdout)
	require.NotEmpty(t, id, "%v", o)
	return id
}

// waitStatus polls the status command until cond holds, failing the test
// at a deadline.
func waitStatus(t *testing.T, id string, cond func(*model.Workflow) bool) *model.Workflow {
	t.Helper()
	var last outcome
	var got *model.Workflow
	poll(t, 30*time.Second, func() bool {
		last = execute(t, "status", id, "--output", "json")
		if last.code != ExitOK {
			return false
		}
		var wf model.Workflow
		require.NoError(t, jsonUnmarshal(last.stdout, &wf), "%v", last)
		got = &wf
		return cond(&wf)
	}, func() string { return fmt.Sprintf("workflow %s: condition not met; last status: %v", id, last) })
	return got
}

// poll calls check on every tick until it returns true, and fails the
// test with explain() when the deadline passes first.
func poll(t *testing.T, within time.Duration, check func() bool, explain func() string) {
	t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for !check() {
		select {
		case <-deadline.C:
			t.Fatal(explain())
		case <-tick.C:
		}
	}
}

// stageStatus returns the status of the stage ref in wf.
func stageStatus(wf *model.Workflow, ref string) model.WorkflowStatus {
	for _, st := range wf.Stages {
		if st.RefID == ref {
			return st.Status
		}
	}
	return model.StatusNotStarted
}
