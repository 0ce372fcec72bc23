package interpreter

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"
)

func TestLockWorkflow(t *testing.T) {
	t.Run("style.md §1 Mutex: grants in arrival order, one holder at a time, ends when idle", func(t *testing.T) {
		var s testsuite.WorkflowTestSuite
		env := s.NewTestWorkflowEnvironment()
		env.RegisterWorkflow(LockWorkflow)
		var mu sync.Mutex
		var grants []string
		env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", LockGrantedSignal, mock.Anything).Return(
			func(_, workflowID, _, _ string, arg any) error {
				mu.Lock()
				defer mu.Unlock()
				grants = append(grants, workflowID+":"+arg.(LockRequest).Stage)
				return nil
			})
		a := LockRequest{WorkflowID: "wf-a", Stage: "s", Key: "k"}
		b := LockRequest{WorkflowID: "wf-b", Stage: "s", Key: "k"}
		c := LockRequest{WorkflowID: "wf-c", Stage: "t", Key: "k"}
		env.RegisterDelayedCallback(func() {
			env.SignalWorkflow(lockAcquireSignal, b)
			env.SignalWorkflow(lockAcquireSignal, a) // a duplicate of the holder is ignored
			env.SignalWorkflow(lockAcquireSignal, c)
		}, time.Second)
		var midway []string
		env.RegisterDelayedCallback(func() {
			mu.Lock()
			midway = append([]string(nil), grants...)
			mu.Unlock()
			env.SignalWorkflow(lockReleaseSignal, a)
		}, 2*time.Second)
		env.RegisterDelayedCallback(func() { env.SignalWorkflow(lockReleaseSignal, b) }, 3*time.Second)
		env.RegisterDelayedCallback(func() { env.SignalWorkflow(lockReleaseSignal, c) }, 4*time.Second)
		env.ExecuteWorkflow(LockWorkflow, LockInput{Key: "k", Queue: []LockRequest{a}})
		if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
			t.Fatalf("lock workflow: completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
		}
		if len(midway) != 1 || midway[0] != "wf-a:s" {
			t.Errorf("grants before a's release = %v, want only wf-a", midway)
		}
		want := []string{"wf-a:s", "wf-b:s", "wf-c:t"}
		if len(grants) != len(want) {
			t.Fatalf("grants = %v, want %v", grants, want)
		}
		for i := range want {
			if grants[i] != want[i] {
				t.Errorf("grant %d = %s, want %s", i, grants[i], want[i])
			}
		}
	})
}
