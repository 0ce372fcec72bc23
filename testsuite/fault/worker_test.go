package fault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
)

// workerStopTimeout bounds a graceful stop (SIGTERM) before the worker is
// killed; the worker drains running tasks for up to 30 s.
const workerStopTimeout = 40 * time.Second

// workerProc is one worker process started from the built binary.
type workerProc struct {
	queue  string
	cmd    *exec.Cmd
	pid    int
	output *lockedBuffer
	exited chan struct{}
	err    error
}

// startWorker starts a worker process on queue against the shared server.
// The process is killed at the end of the test if still running; its
// output is logged when the test failed.
func startWorker(t *testing.T, queue string) *workerProc {
	t.Helper()
	cmd := exec.Command(env.workerBin, "--address", frontend(), "--task-queue", queue)
	cmd.Dir = env.dir // no ./stabilize.yaml there
	cmd.Env = workerEnv()
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start worker on %s: %v", queue, err)
	}
	w := &workerProc{queue: queue, cmd: cmd, pid: cmd.Process.Pid, output: out, exited: make(chan struct{})}
	go func() {
		w.err = cmd.Wait()
		close(w.exited)
	}()
	t.Cleanup(func() {
		w.kill(t)
		if t.Failed() {
			t.Logf("worker %d output:\n%s", w.pid, w.output.String())
		}
	})
	return w
}

// workerEnv is this process's environment without STABILIZE_* variables,
// so that only the flags configure the worker.
func workerEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "STABILIZE_") {
			out = append(out, kv)
		}
	}
	return out
}

// kill sends SIGKILL (kill -9) and waits for the process to be reaped. A
// process that already exited is left alone.
func (w *workerProc) kill(t *testing.T) {
	t.Helper()
	select {
	case <-w.exited:
		return
	default:
	}
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("kill -9 worker %d: %v", w.pid, err)
	}
	<-w.exited
}

// stop sends SIGTERM and waits for a clean exit (status 0) within
// workerStopTimeout.
func (w *workerProc) stop(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM worker %d: %v", w.pid, err)
	}
	select {
	case <-w.exited:
	case <-time.After(workerStopTimeout):
		t.Fatalf("worker %d still running %s after SIGTERM", w.pid, workerStopTimeout)
	}
	if w.err != nil {
		t.Fatalf("worker %d exited after SIGTERM with %v; expected status 0", w.pid, w.err)
	}
}

// waitPolling waits until the server lists a poller of this process on
// both the workflow and the activity task queue. The SDK's default
// identity starts with "<pid>@".
func (w *workerProc) waitPolling(t *testing.T, timeout time.Duration) {
	t.Helper()
	prefix := fmt.Sprintf("%d@", w.pid)
	waitFor(t, timeout, fmt.Sprintf("worker %d polling %s", w.pid, w.queue), func(ctx context.Context) (bool, error) {
		select {
		case <-w.exited:
			return false, fmt.Errorf("worker %d exited: %v\n%s", w.pid, w.err, w.output.String())
		default:
		}
		for _, typ := range []enumspb.TaskQueueType{enumspb.TASK_QUEUE_TYPE_WORKFLOW, enumspb.TASK_QUEUE_TYPE_ACTIVITY} {
			ok, err := hasPoller(ctx, env.client, w.queue, typ, prefix)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	})
}

// hasPoller reports whether a poller whose identity starts with prefix
// polls queue for tasks of type typ.
func hasPoller(ctx context.Context, c client.Client, queue string, typ enumspb.TaskQueueType, prefix string) (bool, error) {
	resp, err := c.DescribeTaskQueue(ctx, queue, typ)
	if err != nil {
		return false, fmt.Errorf("describe task queue %s: %w", queue, err)
	}
	for _, p := range resp.GetPollers() {
		if strings.HasPrefix(p.GetIdentity(), prefix) {
			return true, nil
		}
	}
	return false, nil
}

// lockedBuffer is a bytes.Buffer safe for the writes of a process's
// stdout and stderr and the reads of the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
