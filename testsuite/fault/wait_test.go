package fault

import (
	"context"
	"testing"
	"time"
)

// pollEvery is how often waitFor re-checks its condition.
const pollEvery = 100 * time.Millisecond

// waitFor checks cond until it holds, failing the test with the last
// error once timeout has passed. Each check gets a context bounded by the
// remaining time.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func(context.Context) (bool, error)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var last error
	for {
		ok, err := cond(ctx)
		if ok {
			return
		}
		if err != nil {
			last = err
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waited %s for %s: gave up (last error: %v)", timeout, what, last)
		case <-tick.C:
		}
	}
}
