package interpreter

import (
	"testing"
	"time"
)

// slot is a concurrency request of workflow id with its limit and
// keep_waiting_pipelines.
func slot(id string, limit int, keep bool) LockRequest {
	return LockRequest{WorkflowID: id, Key: "cfg", Limit: limit, KeepWaiting: keep}
}

// TestConcurrencyWorkflow pins the coordinator of CONC-1 (semantics §10.9,
// Go rule): FIFO by arrival, capacity = the first waiter's
// max_concurrent_executions, purge when a holder without
// keep_waiting_pipelines releases, dead holders and waiters.
func TestConcurrencyWorkflow(t *testing.T) {
	t.Run("CONC-1: slots up to the limit, the rest wait FIFO and start as slots free", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c, d := slot("a", 2, true), slot("b", 2, true), slot("c", 2, true), slot("d", 2, true)
		r.acquire(time.Second, b)
		r.acquire(time.Second, c)
		r.acquire(time.Second, d)
		r.release(2*time.Second, a)
		r.release(3*time.Second, b)
		r.release(4*time.Second, c)
		r.release(5*time.Second, d)
		r.run(ConcurrencyWorkflow, LockInput{Key: "cfg", Queue: []LockRequest{a}},
			"go a",
			"> acquire b", "> acquire c", "> acquire d", "go b",
			"> release a", "go c",
			"> release b", "go d",
			"> release c",
			"> release d")
	})
	t.Run("CONC-1: keep_waiting_pipelines true keeps the other waiters", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c := slot("a", 1, true), slot("b", 1, true), slot("c", 1, true)
		r.acquire(time.Second, b)
		r.acquire(time.Second, c)
		r.release(2*time.Second, a)
		r.release(3*time.Second, b)
		r.release(4*time.Second, c)
		r.run(ConcurrencyWorkflow, LockInput{Key: "cfg", Queue: []LockRequest{a}},
			"go a",
			"> acquire b", "> acquire c",
			"> release a", "go b",
			"> release b", "go c",
			"> release c")
	})
	t.Run("CONC-1: a holder without keep_waiting_pipelines promotes the first waiter and purges the rest", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c, d := slot("a", 1, false), slot("b", 1, false), slot("c", 1, false), slot("d", 1, false)
		r.acquire(time.Second, b)
		r.acquire(time.Second, c)
		r.acquire(time.Second, d)
		r.release(2*time.Second, a)
		r.release(3*time.Second, b)
		r.run(ConcurrencyWorkflow, LockInput{Key: "cfg", Queue: []LockRequest{a}},
			"go a",
			"> acquire b", "> acquire c", "> acquire d",
			"> release a", "go b", "purge c", "purge d",
			"> release b")
	})
	t.Run("CONC-1: the capacity is the first waiter's limit, taken once per promotion", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c, d := slot("a", 1, true), slot("b", 2, true), slot("c", 1, true), slot("d", 3, true)
		r.acquire(time.Second, b)   // 1 holder < b's limit 2: starts at once
		r.acquire(2*time.Second, c) // 2 holders >= c's limit 1: waits
		r.acquire(3*time.Second, d) // waits behind c (FIFO) though its limit is 3
		r.release(4*time.Second, a)
		r.release(5*time.Second, b)
		r.release(6*time.Second, c)
		r.release(7*time.Second, d)
		r.run(ConcurrencyWorkflow, LockInput{Key: "cfg", Queue: []LockRequest{a}},
			"go a",
			"> acquire b", "go b",
			"> acquire c",
			"> acquire d",
			"> release a",         // b holds, c first: 1 holder >= 1
			"> release b", "go c", // c first: limit 1, so d stays
			"> release c", "go d",
			"> release d")
	})
	t.Run("CONC-1 + issue 7: a dead holder frees its slot and its keep_waiting_pipelines false purges", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c := slot("a", 1, false), slot("b", 1, false), slot("c", 1, false)
		r.acquire(time.Second, b)
		r.acquire(time.Second, c)
		r.kill(2*time.Second, "a")
		r.release(20*time.Second, b)
		r.run(ConcurrencyWorkflow, LockInput{Key: "cfg", Queue: []LockRequest{a}, PingInterval: 5 * time.Second},
			"go a",
			"> acquire b", "> acquire c",
			"> dead a",
			"ping a failed", "go b", "purge c",
			"> release b")
	})
	t.Run("CONC-1: a canceled waiter leaves the queue; a dead one is skipped; neither purges", func(t *testing.T) {
		r := newCoordRun(t)
		a, b, c, d := slot("a", 1, true), slot("b", 1, false), slot("c", 1, false), slot("d", 1, false)
		r.acquire(time.Second, b)
		r.acquire(time.Second, c)
		r.acquire(time.Second, d)
		r.release(2*time.Second, b) // canceled while BUFFERED
		r.kill(2*time.Second, "c")  // terminated while BUFFERED
		r.release(3*time.Second, a)
		r.release(4*time.Second, d)
		r.run(ConcurrencyWorkflow, LockInput{Key: "cfg", Queue: []LockRequest{a}},
			"go a",
			"> acquire b", "> acquire c", "> acquire d",
			"> release b", "> dead c",
			"> release a", "go c failed", "go d",
			"> release d")
	})
}
