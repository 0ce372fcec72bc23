package interpreter

import (
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/workflow"
)

// coordinatorPolicy is what tells the lock workflow (a mutex) and the
// concurrency workflow (a counting semaphore with purge) apart.
type coordinatorPolicy struct {
	// name is the workflow type, for continue-as-new.
	name string
	// grant is the signal that hands a holder its lock or slot.
	grant string
	// limit returns the capacity given the first waiter; 0 or less means
	// no limit.
	limit func(first LockRequest) int
	// purge is the signal sent to waiters dropped by a purge; empty means
	// the coordinator never purges.
	purge string
}

// coordinator is the loop shared by LockWorkflow and ConcurrencyWorkflow:
// holders, a FIFO of waiters, grants by signal, releases by signal, and
// liveness pings to the holders. It runs in one coroutine.
type coordinator struct {
	coordinatorPolicy
	st  LockInput
	log log.Logger
	// ping is the liveness ping interval; 0 for a run whose history
	// predates the pings (it must replay without them).
	ping time.Duration
	// purgeDue is set by the release of a holder without keep_waiting
	// and consumed by the next promotion.
	purgeDue bool
}

// newCoordinator restores the state from in and decides, once per run,
// whether this run pings its holders.
func newCoordinator(ctx workflow.Context, in LockInput, p coordinatorPolicy) *coordinator {
	c := &coordinator{coordinatorPolicy: p, st: in, log: workflow.GetLogger(ctx)}
	if c.st.Holder != nil {
		c.st.Holders = append([]LockRequest{*c.st.Holder}, c.st.Holders...)
		c.st.Holder = nil
	}
	if workflow.GetVersion(ctx, livenessChangeID, workflow.DefaultVersion, 1) >= 1 {
		c.ping = c.st.PingInterval
		if c.ping <= 0 {
			c.ping = DefaultLockPingInterval
		}
	}
	return c
}

// run serves requests until nobody holds or waits, continuing as new when
// the history grows long.
func (c *coordinator) run(ctx workflow.Context) error {
	acquire := workflow.GetSignalChannel(ctx, lockAcquireSignal)
	release := workflow.GetSignalChannel(ctx, lockReleaseSignal)
	if err := workflow.SetQueryHandler(ctx, LockStateQuery, func() (LockInput, error) {
		return c.st, nil
	}); err != nil {
		return err
	}
	var timer workflow.Future // the next liveness ping, while someone holds
	for {
		c.promote(ctx)
		if c.receive(acquire, release) {
			continue
		}
		if len(c.st.Holders) == 0 && len(c.st.Queue) == 0 {
			return nil
		}
		if workflow.GetInfo(ctx).GetCurrentHistoryLength() > lockContinueAsNewAfter {
			return workflow.NewContinueAsNewError(ctx, c.name, c.st)
		}
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(acquire, func(workflow.ReceiveChannel, bool) {})
		sel.AddReceive(release, func(workflow.ReceiveChannel, bool) {})
		if c.ping > 0 && timer == nil && len(c.st.Holders) > 0 {
			timer = workflow.NewTimerWithOptions(ctx, c.ping, workflow.TimerOptions{Summary: "liveness ping"})
		}
		fired := false
		if timer != nil {
			sel.AddFuture(timer, func(workflow.Future) { timer, fired = nil, true })
		}
		sel.Select(ctx)
		if fired {
			c.pingHolders(ctx)
		}
	}
}

// promote grants free capacity to the waiters in arrival order, skipping
// those that no longer exist, then purges the rest when a release asked
// for it (§10.9: the capacity is the first waiter's limit, taken once).
func (c *coordinator) promote(ctx workflow.Context) {
	if len(c.st.Queue) > 0 {
		limit := c.limit(c.st.Queue[0])
		for len(c.st.Queue) > 0 && (limit <= 0 || len(c.st.Holders) < limit) {
			next := c.st.Queue[0]
			c.st.Queue = c.st.Queue[1:]
			err := workflow.SignalExternalWorkflow(ctx, next.WorkflowID, "", c.grant, next).Get(ctx, nil)
			if err != nil {
				c.log.Warn("requester gone; skipped", "Key", c.st.Key, "Requester", next.WorkflowID, "Error", err)
				continue
			}
			c.st.Holders = append(c.st.Holders, next)
		}
	}
	if !c.purgeDue {
		return
	}
	c.purgeDue = false
	if c.purge == "" || len(c.st.Queue) == 0 {
		return
	}
	purged := c.st.Queue
	c.st.Queue = nil
	futures := make([]workflow.Future, len(purged))
	for i, w := range purged {
		futures[i] = workflow.SignalExternalWorkflow(ctx, w.WorkflowID, "", c.purge, w)
	}
	for i, f := range futures {
		if err := f.Get(ctx, nil); err != nil {
			c.log.Info("purged waiter already gone", "Key", c.st.Key, "Requester", purged[i].WorkflowID, "Error", err)
		}
	}
}

// receive applies every pending acquire and release; it reports whether
// there was any.
func (c *coordinator) receive(acquire, release workflow.ReceiveChannel) bool {
	got := false
	var req LockRequest
	for acquire.ReceiveAsync(&req) {
		got = true
		if !c.known(req) {
			c.st.Queue = append(c.st.Queue, req)
		}
	}
	for release.ReceiveAsync(&req) {
		got = true
		if i := index(c.st.Holders, req); i >= 0 {
			c.released(i)
			continue
		}
		if i := index(c.st.Queue, req); i >= 0 {
			c.st.Queue = append(c.st.Queue[:i], c.st.Queue[i+1:]...)
		}
	}
	return got
}

// released drops holder i; a holder without keep_waiting purges the
// waiters left after the next promotion (the completing execution's flag,
// as Python's CompleteWorkflow handler passes it).
func (c *coordinator) released(i int) {
	h := c.st.Holders[i]
	c.st.Holders = append(c.st.Holders[:i], c.st.Holders[i+1:]...)
	if c.purge != "" && !h.KeepWaiting {
		c.purgeDue = true
	}
}

// pingHolders signals every holder at once and releases those whose run
// has closed: a signal to a closed workflow fails.
func (c *coordinator) pingHolders(ctx workflow.Context) {
	holders := append([]LockRequest(nil), c.st.Holders...)
	futures := make([]workflow.Future, len(holders))
	for i, h := range holders {
		futures[i] = workflow.SignalExternalWorkflow(ctx, h.WorkflowID, "", LivenessPingSignal, h)
	}
	for i, f := range futures {
		if err := f.Get(ctx, nil); err == nil {
			continue
		}
		if j := index(c.st.Holders, holders[i]); j >= 0 {
			c.log.Warn("holder closed without releasing; released", "Key", c.st.Key, "Holder", holders[i].WorkflowID)
			c.released(j)
		}
	}
}

// known reports a request that already holds or waits.
func (c *coordinator) known(req LockRequest) bool {
	return index(c.st.Holders, req) >= 0 || index(c.st.Queue, req) >= 0
}

// index returns the position of req in reqs, or -1.
func index(reqs []LockRequest, req LockRequest) int {
	for i, r := range reqs {
		if r.same(req) {
			return i
		}
	}
	return -1
}
