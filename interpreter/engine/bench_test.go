package engine

import (
	"fmt"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func chainDef(n int) *model.Workflow {
	stages := []*model.StageExecution{st("S0", "noop")}
	for i := 1; i < n; i++ {
		stages = append(stages, st(fmt.Sprintf("S%d", i), "noop", fmt.Sprintf("S%d", i-1)))
	}
	return wfOf(stages...)
}

func fanDef(n int) *model.Workflow {
	stages := []*model.StageExecution{st("root", "noop")}
	var mids []string
	for i := range n {
		ref := fmt.Sprintf("M%d", i)
		mids = append(mids, ref)
		stages = append(stages, st(ref, "noop", "root"))
	}
	return wfOf(append(stages, st("sink", "noop", mids...))...)
}

// drain answers every RunTask with SUCCEEDED until Complete.
func drain(e *Engine) model.WorkflowStatus {
	queue := e.Step(Started{At: t0})
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		switch c := c.(type) {
		case RunTask:
			queue = append(queue, e.Step(TaskFinished{At: t0, Task: c.Task, Result: ok(map[string]any{c.Task.Stage: 1.0})})...)
		case Complete:
			return c.Status
		}
	}
	return e.Status()
}

// TestLargeShapes checks that big chains and fans complete (and stay
// fast enough to run in the unit tests).
func TestLargeShapes(t *testing.T) {
	for name, def := range map[string]*model.Workflow{"chain-300": chainDef(300), "fan-1-1000-1": fanDef(1000)} {
		t.Run(name, func(t *testing.T) {
			if got := drain(New(def, Options{})); got != model.StatusSucceeded {
				t.Errorf("status %s", got)
			}
		})
	}
}

func BenchmarkChain100(b *testing.B) {
	for b.Loop() {
		drain(New(chainDef(100), Options{}))
	}
}

func BenchmarkFan100(b *testing.B) {
	for b.Loop() {
		drain(New(fanDef(100), Options{}))
	}
}
