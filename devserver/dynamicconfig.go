package devserver

import (
	"maps"
	"time"

	"go.temporal.io/server/common/dynamicconfig"
)

// queuePollRPS replaces the default limit of 20 reads per second of the
// history transfer and timer queues. At 20, a queue that has just read waits
// up to 50 ms before it may read the tasks the next workflow step wrote: that
// wait is the ~50 ms per sequential activity of the stock server (an eagerly
// dispatched activity's completion needs exactly one transfer-queue read, for
// the workflow task that follows).
const queuePollRPS = 1000

// FastDynamicConfig returns the dynamic-config defaults Start applies unless
// Options.PlainDefaults is set. Each entry changes how soon the single-host
// server reacts or how much it lets one user do, never what a workflow or the
// Web UI observes; bench_test.go measures the effect. The map is a fresh copy
// on every call.
func FastDynamicConfig() map[string]any {
	return map[string]any{
		// Timers: the timer queue reads timers up to this far ahead of now
		// and fires them from there; at the stock 1 s a 1 ms durable timer
		// takes about a second. Timers still never fire early.
		"history.timerProcessorMaxTimeShift": time.Millisecond,

		// The transfer and timer queues read new tasks as soon as they are
		// written. The visibility queue keeps its stock limit: batching its
		// reads saves CPU, and list views lag by at most 50 ms.
		"history.timerProcessorMaxPollRPS":    queuePollRPS,
		"history.transferProcessorMaxPollRPS": queuePollRPS,

		// One partition per task queue: a single host gains nothing from
		// four, and with few pollers a task can land on a partition no
		// poller waits on and must be forwarded.
		"matching.numTaskqueueReadPartitions":  1,
		"matching.numTaskqueueWritePartitions": 1,

		// Eager activity execution hands an activity to the worker in the
		// reply that scheduled it (the 1.32 default; measured: turning it off
		// doubles the cost of a sequential activity). Pinned so a future
		// default cannot silently slow the chain down.
		"system.enableActivityEagerExecution": true,

		// The shard's events cache (one shard here) holds the scheduled
		// events that starting an activity reads back. At the stock
		// 512 KiB, a fan-out of a few hundred activities with full task
		// inputs overflows it and every activity start reads its event
		// back from SQLite, decoding the whole batch it was written in:
		// a 2,000-wide fan took 2-3x longer (bench -scale).
		"history.eventsCacheMaxSizeBytes": 64 << 20,

		// Continue-as-new and workflow-id reuse take effect at once. The
		// stock 1 s guards a cluster against a workflow that continues as
		// new in a tight loop: a new run whose predecessor lived less than
		// 1 s gets FirstWorkflowTaskBackoff = 1 s - that lifetime, so its
		// first workflow task waits on a timer (0.7-0.9 s per crossing of
		// a short interpreter run), and a start that reuses the id of a
		// closed run begun less than 1 s ago is refused as "Too many
		// starts" (the SDK retries it). Measured: BenchmarkContinueAsNew
		// 1,012 -> 17 ms per crossing; bench TestScale -scale ci wall
		// (2 cores, load ~3) chain-120-regular 3.2 -> 1.1-1.7 s,
		// loop-150-regular 4.1 -> 1.1-1.5 s, wide-1-200-1-regular 2.2 ->
		// 0.5-0.9 s, http-1+60 1.1 -> 0.2-0.3 s, chain-300 1.1 -> 0.15 s.
		// A looping workflow then spins at full speed instead of once a
		// second; the interpreter's runs are bounded by
		// ContinueAsNewAfterEvents.
		"history.workflowIdReuseMinimalInterval": time.Duration(0),

		// The Web UI and the starter list workflows often; the stock 10
		// visibility calls per second per namespace throttles them.
		"frontend.namespaceRPS.visibility": 100,
	}
}

// dynamicConfigClient merges the fast defaults (unless plain) with the
// caller's overrides; overrides win.
func dynamicConfigClient(plain bool, overrides map[string]any) dynamicconfig.StaticClient {
	values := map[string]any{}
	if !plain {
		values = FastDynamicConfig()
	}
	maps.Copy(values, overrides)
	client := make(dynamicconfig.StaticClient, len(values))
	for k, v := range values {
		client[dynamicconfig.MakeKey(k)] = v
	}
	return client
}
