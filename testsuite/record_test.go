package testsuite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	commonpb "go.temporal.io/api/common/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"google.golang.org/protobuf/proto"

	"github.com/stabilize-go/stabilize/interpreter"

	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// badFromScenario is the scenario whose history is altered into the
// deliberately incompatible bad-renamed-activity.json.
const badFromScenario = "diamond"

// TestRecord re-records testdata/histories from real-server runs. It is
// opt-in (-record) and refuses to overwrite a history whose replay fails
// today, since that failure is a determinism break to fix, not to paper
// over (-force overrides). A history of an older engine-semantics version
// is kept (recordPath): it is what proves that runs of that version still
// replay.
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
			path, err := recordPath(sc.name)
			if err != nil {
				t.Fatal(err)
			}
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

// recordPath is the file TestRecord writes scenario name's history to:
// <name>.json, unless that file holds a run of an older engine-semantics
// version than interpreter.SemanticsVersion. That history stays, as the
// replay test of its version, and the new one goes to <name>.v<N>.json.
func recordPath(name string) (string, error) {
	path := filepath.Join(historyDir, name+".json")
	v, err := recordedSemantics(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil
	}
	if err != nil {
		return "", err
	}
	if v > 0 && v < interpreter.SemanticsVersion {
		return filepath.Join(historyDir, fmt.Sprintf("%s.v%d.json", name, interpreter.SemanticsVersion)), nil
	}
	return path, nil
}

// recordedSemantics returns the engine-semantics version recorded in the
// history file at path (0 when it has no such marker: a coordinator's
// history, say).
func recordedSemantics(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	hist, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	for _, ev := range hist.GetEvents() {
		m := ev.GetMarkerRecordedEventAttributes()
		if m.GetMarkerName() != "Version" {
			continue
		}
		var id string
		var v int
		if err := decodeMarker(m.GetDetails()["change-id"], &id); err != nil || id != interpreter.SemanticsChangeID {
			continue
		}
		if err := decodeMarker(m.GetDetails()["version"], &v); err != nil {
			return 0, fmt.Errorf("%s: %s marker: %w", path, id, err)
		}
		return v, nil
	}
	return 0, nil
}

// decodeMarker decodes the first payload of a marker detail.
func decodeMarker(p *commonpb.Payloads, into any) error {
	return converter.GetDefaultDataConverter().FromPayloads(p, into)
}

func TestRecordPathKeepsOlderSemantics(t *testing.T) {
	v, err := recordedSemantics(filepath.Join(historyDir, "diamond.json"))
	if err != nil || v != 1 {
		t.Fatalf("recorded engine-semantics of diamond.json = %d, %v; want 1", v, err)
	}
	got, err := recordPath("diamond")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(historyDir, fmt.Sprintf("diamond.v%d.json", interpreter.SemanticsVersion)); interpreter.SemanticsVersion > 1 && got != want {
		t.Errorf("recordPath(diamond) = %s, want %s: the version-1 history must stay", got, want)
	}
	if got, _ := recordPath("no-such-scenario"); got != filepath.Join(historyDir, "no-such-scenario.json") {
		t.Errorf("recordPath(new scenario) = %s, want its own file", got)
	}
}
