package interpreter

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"
)

// coordRun drives a lock or concurrency workflow in the SDK test
// environment. Every signal the coordinator sends lands in one log, in
// order, next to the test's own steps ("> release a"), so a test compares
// one list. A requester marked dead fails every signal sent to it, as a
// closed workflow does on a real server; successful pings are not logged.
type coordRun struct {
	t   *testing.T
	env *testsuite.TestWorkflowEnvironment

	mu   sync.Mutex
	log  []string
	dead map[string]bool
}

func newCoordRun(t *testing.T) *coordRun {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	r := &coordRun{t: t, env: s.NewTestWorkflowEnvironment(), dead: map[string]bool{}}
	r.env.RegisterWorkflow(LockWorkflow)
	r.env.RegisterWorkflow(ConcurrencyWorkflow)
	short := map[string]string{LockGrantedSignal: "grant", ConcurrencyGoSignal: "go",
		ConcurrencyPurgeSignal: "purge", LivenessPingSignal: "ping"}
	r.env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, "", mock.Anything, mock.Anything).Return(
		func(_, workflowID, _, name string, _ any) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.dead[workflowID] {
				r.log = append(r.log, short[name]+" "+workflowID+" failed")
				return errors.New("workflow execution already completed")
			}
			if name != LivenessPingSignal {
				r.log = append(r.log, short[name]+" "+workflowID)
			}
			return nil
		})
	return r
}

// at schedules a step of the test after d of workflow time.
func (r *coordRun) at(d time.Duration, step string, fn func()) {
	r.env.RegisterDelayedCallback(func() {
		r.mu.Lock()
		r.log = append(r.log, "> "+step)
		r.mu.Unlock()
		fn()
	}, d)
}

// acquire, release and kill are the requesters' side.
func (r *coordRun) acquire(d time.Duration, q LockRequest) {
	r.at(d, "acquire "+q.WorkflowID, func() { r.env.SignalWorkflow(lockAcquireSignal, q) })
}

func (r *coordRun) release(d time.Duration, q LockRequest) {
	r.at(d, "release "+q.WorkflowID, func() { r.env.SignalWorkflow(lockReleaseSignal, q) })
}

func (r *coordRun) kill(d time.Duration, id string) {
	r.at(d, "dead "+id, func() {
		r.mu.Lock()
		r.dead[id] = true
		r.mu.Unlock()
	})
}

// run executes the workflow, which must end idle, and compares the log.
func (r *coordRun) run(wf any, in LockInput, want ...string) {
	r.t.Helper()
	r.env.ExecuteWorkflow(wf, in)
	if !r.env.IsWorkflowCompleted() || r.env.GetWorkflowError() != nil {
		r.t.Fatalf("coordinator: completed %v, error %v", r.env.IsWorkflowCompleted(), r.env.GetWorkflowError())
	}
	got := sortPurges(r.log)
	if !slices.Equal(got, want) {
		r.t.Errorf("log:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// sortPurges sorts each run of consecutive purge lines: the coordinator
// sends a purge's signals in one batch (their commands are in queue
// order), and the test environment runs their callbacks concurrently, so
// the log order within a batch is not defined.
func sortPurges(log []string) []string {
	out := slices.Clone(log)
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && strings.HasPrefix(out[j], "purge ") {
			j++
		}
		if j > i {
			slices.Sort(out[i:j])
			i = j
			continue
		}
		i++
	}
	return out
}

// req is a mutex request of stage s of workflow id.
func req(id, s string) LockRequest { return LockRequest{WorkflowID: id, Stage: s, Key: "k"} }

func TestLockWorkflow(t *testing.T) {
	t.Run("style.md §1 Mutex: grants in arrival order, one holder at a time, ends when idle", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c := req("a", "s"), req("b", "s"), req("c", "t")
		r.acquire(time.Second, b)
		r.acquire(time.Second, a) // a duplicate of the holder is ignored
		r.acquire(time.Second, c)
		r.release(2*time.Second, a)
		r.release(3*time.Second, b)
		r.release(4*time.Second, c)
		r.run(LockWorkflow, LockInput{Key: "k", Queue: []LockRequest{a}},
			"grant a",
			"> acquire b", "> acquire a", "> acquire c",
			"> release a", "grant b",
			"> release b", "grant c",
			"> release c")
	})
	t.Run("issue 7: a holder whose run closed without releasing loses the lock at the next liveness ping", func(t *testing.T) {
		r := newCoordRun(t)
		a, b := req("a", "s"), req("b", "s")
		r.acquire(time.Second, b)
		r.kill(2*time.Second, "a") // terminated: no release ever comes
		r.release(30*time.Second, b)
		r.run(LockWorkflow, LockInput{Key: "k", Queue: []LockRequest{a}, PingInterval: 10 * time.Second},
			"grant a",
			"> acquire b",
			"> dead a",
			"ping a failed", "grant b",
			"> release b")
	})
	t.Run("issue 7: a waiter whose run closed is skipped when its turn comes", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c := req("a", "s"), req("b", "s"), req("c", "s")
		r.acquire(time.Second, b)
		r.acquire(time.Second, c)
		r.kill(2*time.Second, "b")
		r.release(3*time.Second, a)
		r.release(4*time.Second, c)
		r.run(LockWorkflow, LockInput{Key: "k", Queue: []LockRequest{a}},
			"grant a",
			"> acquire b", "> acquire c",
			"> dead b",
			"> release a", "grant b failed", "grant c",
			"> release c")
	})
	t.Run("a release of a waiter leaves the queue; the holder written by earlier builds is restored", func(t *testing.T) {
		r := newCoordRun(t)
		a, b := req("a", "s"), req("b", "s")
		r.release(time.Second, b) // b gives up waiting (its stage was canceled)
		r.release(2*time.Second, a)
		r.run(LockWorkflow, LockInput{Key: "k", Holder: &a, Queue: []LockRequest{b}},
			"> release b",
			"> release a")
	})
	t.Run("the state query shows holders and waiters", func(t *testing.T) {
		r := newCoordRun(t)
		a, b := req("a", "s"), req("b", "s")
		var got LockInput
		r.at(time.Second, "query", func() {
			v, err := r.env.QueryWorkflow(LockStateQuery)
			if err != nil {
				t.Errorf("query %s: %v", LockStateQuery, err)
				return
			}
			if err := v.Get(&got); err != nil {
				t.Errorf("decode %s: %v", LockStateQuery, err)
			}
		})
		r.release(2*time.Second, a)
		r.release(3*time.Second, b)
		r.run(LockWorkflow, LockInput{Key: "k", Queue: []LockRequest{a, b}},
			"grant a", "> query", "> release a", "grant b", "> release b")
		if fmt.Sprint(got.Holders, got.Queue) != fmt.Sprint([]LockRequest{a}, []LockRequest{b}) {
			t.Errorf("state = holders %v queue %v, want holders [a] queue [b]", got.Holders, got.Queue)
		}
	})
}
