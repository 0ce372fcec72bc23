package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
)

// heartbeatEvery is how often a running task heartbeats when the activity
// has no heartbeat timeout. The SDK throttles the calls it sends anyway.
const heartbeatEvery = 10 * time.Second

// heartbeatInterval is a third of the activity's heartbeat timeout, at
// least 100 ms, or heartbeatEvery when there is no timeout.
func heartbeatInterval(ctx context.Context) time.Duration {
	if !activity.IsActivity(ctx) {
		return heartbeatEvery
	}
	hb := activity.GetInfo(ctx).HeartbeatTimeout
	if hb <= 0 {
		return heartbeatEvery
	}
	return max(hb/3, 100*time.Millisecond)
}

// startHeartbeats records a heartbeat now and then every interval until
// the returned stop function is called or ctx is done. Outside an activity
// (a task called directly, as in tests) it does nothing. details is called
// for each heartbeat and its result is recorded as the heartbeat details.
// Stop waits for the heartbeat goroutine to end.
func startHeartbeats(ctx context.Context, details func() any) (stop func()) {
	if !activity.IsActivity(ctx) {
		return func() {}
	}
	every := heartbeatInterval(ctx)
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			activity.RecordHeartbeat(ctx, details())
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}
