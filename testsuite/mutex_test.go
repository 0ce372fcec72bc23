package testsuite

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stabilize-go/stabilize/interpreter"
)

// TestGlobalMutex runs two executions whose stages share a global mutex
// key (definition-format.md, mutexScope: global; style.md §1 "Mutex") and
// checks that the stages never overlap.
func TestGlobalMutex(t *testing.T) {
	h := server(t)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	def := func(i int) scenario {
		return scenario{name: fmt.Sprintf("mutex-%d", i), def: `
application: testsuite
name: mutex
stages:
  - {ref_id: locked, type: wait, mutex_key: shared-db, context: {waitTime: 0.5, mutexScope: global}}
`}
	}
	results := make([]result, 2)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = execute(t, ctx, h, def(i))
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("execution %d: %v", i, r.err)
		}
		wantStages(t, r.wf, map[string]string{"locked": "SUCCEEDED"})
	}
	a, b := results[0].wf.StageByRefID("locked"), results[1].wf.StageByRefID("locked")
	if *a.StartTime < *b.EndTime && *b.StartTime < *a.EndTime {
		t.Errorf("semantics §2.8 (global scope): stages overlap: [%d, %d] and [%d, %d]",
			*a.StartTime, *a.EndTime, *b.StartTime, *b.EndTime)
	}
	desc, err := h.Client.DescribeWorkflowExecution(ctx, "stabilize-lock/shared-db", "")
	if err != nil {
		t.Fatalf("describe the lock workflow: %v", err)
	}
	if got := desc.WorkflowExecutionInfo.GetType().GetName(); got != interpreter.LockWorkflowName {
		t.Errorf("lock workflow type = %s, want %s", got, interpreter.LockWorkflowName)
	}
}
