package testsuite

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/testsuite/harness"
)

var (
	record = flag.Bool("record", false, "TestRecord: re-record testdata/histories from real-server runs")
	force  = flag.Bool("force", false, "TestRecord: overwrite a history even if its replay currently fails")
)

// shared is the one server, client and worker of this test binary, started
// by the first test that needs it and stopped by TestMain.
var shared struct {
	once sync.Once
	h    *harness.Harness
	err  error
}

// server returns the shared harness, starting it on first use.
func server(t *testing.T) *harness.Harness {
	t.Helper()
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		reg, err := testRegistry()
		if err != nil {
			shared.err = err
			return
		}
		shared.h, shared.err = harness.Start(ctx, harness.Options{RegisterActivities: reg.RegisterActivities})
	})
	if shared.err != nil {
		t.Fatalf("start harness: %v", shared.err)
	}
	return shared.h
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if shared.h != nil {
		if err := shared.h.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stop harness:", err)
		}
	}
	os.Exit(code)
}
