package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// background runs the starter in a goroutine with a cancelable context.
// It returns the streams, a cancel function and a channel with the code.
func background(args ...string) (stdout, stderr *syncBuffer, cancel context.CancelFunc, code <-chan int) {
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	ch := make(chan int, 1)
	go func() {
		ch <- Execute(ctx, Options{Stdout: stdout, Stderr: stderr, Args: args,
			LookupEnv: func(string) (string, bool) { return "", false }})
	}()
	return stdout, stderr, cancel, ch
}

// waitFor waits until cond holds or fails the test at the deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	require.Eventually(t, cond, time.Minute, 50*time.Millisecond, what)
}

func TestEmbeddedRun(t *testing.T) {
	// issue: with no address configured, run starts an embedded server and
	// worker in-process, so `starter run examples/hello.yaml` works on a
	// fresh machine.
	o := executeEnv(t, nil, "run", "testdata/hello.yaml", "--output", "json")
	require.Equal(t, ExitOK, o.code, "%v", o)
	var wf model.Workflow
	require.NoError(t, jsonUnmarshal(o.stdout, &wf), "%v", o)
	assert.Equal(t, model.StatusSucceeded, wf.Status)
}

func TestInterrupted(t *testing.T) {
	// issue exit 130: interrupted (Ctrl-C cancels Execute's context).
	id := startFile(t, "testdata/wait.yaml")
	_, stderr, cancel, code := background("--address", testAddress, "watch", id)
	defer cancel()
	waitFor(t, "watch shows progress", func() bool { return strings.Contains(stderr.String(), "stage sleep RUNNING") })
	cancel()
	select {
	case c := <-code:
		assert.Equal(t, ExitInterrupted, c, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("watch did not stop after interrupt")
	}
	require.Equal(t, ExitOK, execute(t, "cancel", id).code, "clean up")
}

func TestDev(t *testing.T) {
	// issue: dev prints the addresses and runs until Ctrl-C, then stops
	// cleanly (exit 0).
	stdout, stderr, cancel, code := background("dev", "--port", "0", "--ui-port", "0", "--page-port", "0")
	defer cancel()
	waitFor(t, "dev prints its addresses", func() bool { return strings.Contains(stdout.String(), "Press Ctrl-C") })
	assert.Contains(t, stdout.String(), "Web UI: http://127.0.0.1:")
	assert.Contains(t, stdout.String(), "Temporal frontend: 127.0.0.1:")
	cancel()
	select {
	case c := <-code:
		assert.Equal(t, ExitOK, c, stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("dev did not stop after interrupt")
	}
}
