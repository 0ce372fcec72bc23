package testsuite

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/proto"

	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// badFromScenario is the scenario whose history is altered into the
// deliberately incompatible bad-renamed-activity.json.
const badFromScenario = "diamond"

// TestRecord re-records testdata/histories from real-server runs. It is
// opt-in (-record) and refuses to overwrite a history whose replay fails
// today, since that failure is a determinism break to fix, not to paper
// over (-force overrides).
func TestRecord(t *testing.T) {
	if !*record {
		t.Skip("re-recording is opt-in: go test ./testsuite -run TestRecord -record [-force]")
	}
	h := server(t)
	if err := os.MkdirAll(historyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			path := filepath.Join(historyDir, sc.name+".json")
			if err := replayFile(path); err != nil && !errors.Is(err, fs.ErrNotExist) && !*force {
				t.Fatalf("refusing to overwrite %s: its replay fails today (%v); fix the break or pass -force", path, err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
			defer cancel()
			r := execute(t, ctx, h, sc)
			sc.check(t, r)
			if t.Failed() {
				t.Fatalf("not recording %s: the scenario failed", sc.name)
			}
			hist, err := h.History(ctx, r.run.GetID(), r.first)
			if err != nil {
				t.Fatal(err)
			}
			writeHistory(t, path, hist)
			if sc.name == badFromScenario {
				writeHistory(t, filepath.Join(historyDir, "bad-renamed-activity.json"), renameFirstActivity(hist))
			}
		})
	}
}

// renameFirstActivity returns a copy of hist whose first scheduled
// activity has another type: code that schedules the original type no
// longer matches it.
func renameFirstActivity(hist *historypb.History) *historypb.History {
	bad := proto.Clone(hist).(*historypb.History)
	for _, ev := range bad.Events {
		if a := ev.GetActivityTaskScheduledEventAttributes(); a != nil {
			a.ActivityType.Name += "_renamed"
			break
		}
	}
	return bad
}

// writeHistory writes hist as JSON to path and checks that it reads back.
func writeHistory(t *testing.T, path string, hist *historypb.History) {
	t.Helper()
	b, err := harness.HistoryJSON(hist)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
	t.Logf("recorded %s (%d events)", path, len(hist.Events))
}
