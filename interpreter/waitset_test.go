package interpreter

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
)

// waitSetReport is what waitSetWorkflow saw.
type waitSetReport struct {
	Fired      []int // the futures' numbers, in the order their callbacks ran
	Signals    []string
	MaxCases   int // the most cases the waitSet held before a Select
	Compacted  int // Selects that started with a rebuild
	FinalCases int // live cases at the end
}

// waitSetWorkflow waits on n futures settled one at a time (a chain) and
// then on pairs settled together, with a signal channel as a permanent
// receive case throughout, the way the shell uses its waitSet.
func waitSetWorkflow(ctx workflow.Context, n int) (waitSetReport, error) {
	var rep waitSetReport
	w := newWaitSet(ctx)
	sig := workflow.GetSignalChannel(ctx, "poke")
	w.AddReceive(sig, func(c workflow.ReceiveChannel, _ bool) {
		var s string
		c.ReceiveAsync(&s)
		rep.Signals = append(rep.Signals, s)
	})
	sel := func() {
		rep.MaxCases = max(rep.MaxCases, len(w.cases))
		before := w.sel
		w.Select(ctx)
		if w.sel != before {
			rep.Compacted++
		}
	}
	add := func(i int, f workflow.Future) {
		w.AddFuture(f, func(workflow.Future) { rep.Fired = append(rep.Fired, i) })
	}
	// A chain: one future in flight at a time.
	for i := range n {
		f, set := workflow.NewFuture(ctx)
		add(i, f)
		set.Set(nil, nil)
		sel()
	}
	// Two ready at once: the first added wins each Select, before and
	// after rebuilds.
	for i := n; i < 2*n; i += 2 {
		a, setA := workflow.NewFuture(ctx)
		b, setB := workflow.NewFuture(ctx)
		add(i, a)
		add(i+1, b)
		setB.Set(nil, nil)
		setA.Set(nil, nil)
		sel()
		sel()
	}
	// The permanent case still works after the rebuilds.
	_ = workflow.Sleep(ctx, time.Second)
	sel()
	rep.FinalCases = len(w.cases) - w.spent
	return rep, nil
}

func TestWaitSetDropsSpentCasesAndKeepsOrder(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflow(waitSetWorkflow)
	env.RegisterDelayedCallback(func() { env.SignalWorkflow("poke", "hello") }, 500*time.Millisecond)
	const n = 500
	env.ExecuteWorkflow(waitSetWorkflow, n)
	require.NoError(t, env.GetWorkflowError())
	var rep waitSetReport
	require.NoError(t, env.GetWorkflowResult(&rep))

	want := make([]int, 2*n)
	for i := range want {
		want[i] = i
	}
	require.Equal(t, want, rep.Fired, "every future's callback runs once, first-added first")
	require.Equal(t, []string{"hello"}, rep.Signals, "the receive case survives the rebuilds")
	require.Positive(t, rep.Compacted, "spent cases were dropped")
	require.LessOrEqual(t, rep.MaxCases, 2*compactAfter+2,
		"the cases held stay bounded by the live ones plus compactAfter, not by the %d futures added", 2*n)
	require.Equal(t, 1, rep.FinalCases, "only the receive case is live at the end")
}

// closedChannelWorkflow closes a channel the waitSet receives on (as
// ctx.Done() closes on a Temporal cancel), then waits on n futures; it
// reports how often the receive callback saw the close and whether the
// closed case was dropped.
func closedChannelWorkflow(ctx workflow.Context, n int) ([]int, error) {
	w := newWaitSet(ctx)
	ch := workflow.NewChannel(ctx)
	closes := 0
	w.AddReceive(ch, func(c workflow.ReceiveChannel, more bool) {
		if !more {
			closes++
		}
	})
	ch.Close()
	w.Select(ctx) // sees the close
	var fired []int
	for i := range n {
		f, set := workflow.NewFuture(ctx)
		w.AddFuture(f, func(workflow.Future) { fired = append(fired, i) })
		set.Set(nil, nil)
		w.Select(ctx)
	}
	for _, wc := range w.cases {
		if wc.ch != nil && !wc.spent {
			return nil, fmt.Errorf("the closed channel's case is still live after %d selects", n)
		}
	}
	return append([]int{closes}, fired...), nil
}

func TestWaitSetDropsAClosedChannel(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflow(closedChannelWorkflow)
	const n = 3 * compactAfter
	env.ExecuteWorkflow(closedChannelWorkflow, n)
	require.NoError(t, env.GetWorkflowError())
	var got []int
	require.NoError(t, env.GetWorkflowResult(&got))
	require.Equal(t, 1, got[0], "the close is reported once, then the case is spent (no busy loop)")
	want := make([]int, n)
	for i := range want {
		want[i] = i
	}
	require.Equal(t, want, got[1:], "every future fires once, in order, across the rebuilds")
}
