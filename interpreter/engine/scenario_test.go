package engine

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

var rewrite = flag.Bool("rewrite", false, "rewrite the want sections of testdata/scenarios/*.txt")

// TestScenarios runs the scenario files of testdata/scenarios (style.md
// §4): a YAML definition loaded with model.Load, a script of task results,
// events sent after the run settles, and the golden command log with the
// final outcome. Run with -rewrite to regenerate the golden sections, then
// review the diff.
//
// File layout, sections introduced by "---- name" lines:
//
//	# comments citing the rule ids
//	<definition YAML>
//	---- script        one result per line: "REF[/TASK] STATUS [json outputs]",
//	                   STATUS may be HOLD (leave in flight) or REDIRECT>target
//	---- events        pause | resume | cancel | approve REF | reject REF |
//	                   signal REF NAME | finish REF STATUS | region NAME |
//	                   restart REF | cancel-stage REF | add-instance REF
//	---- want          the command log and the outcome line
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenario files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := scenarioSections(string(raw))
			def, err := model.Load(file+".yaml", []byte(sec["def"]))
			if err != nil {
				t.Fatalf("load definition: %v", err)
			}
			script, err := parseScript(sec["script"])
			if err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, def, results(script))
			h.do(Started{At: t0})
			for _, line := range nonEmptyLines(sec["events"]) {
				h.do(scenarioEvent(t, h, line))
			}
			got := strings.Join(append(h.log, "outcome "+h.statuses()), "\n") + "\n"
			if *rewrite {
				out := strings.TrimRight(raw2want(string(raw)), "\n") + "\n---- want\n" + got
				if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := sec["want"]; got != want {
				t.Errorf("golden mismatch (run with -rewrite to update)\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// scenarioSections splits a scenario file into def, script, events, want.
func scenarioSections(s string) map[string]string {
	out := map[string]string{}
	name := "def"
	for _, line := range strings.SplitAfter(s, "\n") {
		if rest, ok := strings.CutPrefix(line, "---- "); ok {
			name = strings.TrimSpace(rest)
			continue
		}
		out[name] += line
	}
	return out
}

// raw2want drops the want section of a scenario file.
func raw2want(s string) string {
	if i := strings.Index(s, "---- want\n"); i >= 0 {
		return s[:i]
	}
	return s
}

func nonEmptyLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// parseScript reads "REF STATUS [json]" lines into a results script.
func parseScript(s string) (map[string][]model.TaskResult, error) {
	script := map[string][]model.TaskResult{}
	for _, line := range nonEmptyLines(s) {
		f := strings.SplitN(line, " ", 3)
		if len(f) < 2 {
			return nil, fmt.Errorf("script line %q: expected REF STATUS [json]", line)
		}
		res, err := parseResult(f[1])
		if err != nil {
			return nil, fmt.Errorf("script line %q: %w", line, err)
		}
		if len(f) == 3 {
			if err := json.Unmarshal([]byte(f[2]), &res.Outputs); err != nil {
				return nil, fmt.Errorf("script line %q: outputs: %w", line, err)
			}
		}
		script[f[0]] = append(script[f[0]], res)
	}
	return script, nil
}

func parseResult(word string) (model.TaskResult, error) {
	if word == "HOLD" {
		return hold, nil
	}
	if target, ok := strings.CutPrefix(word, "REDIRECT>"); ok {
		return jumpTo(target, nil), nil
	}
	st, err := model.ParseStatus(word)
	if err != nil {
		return model.TaskResult{}, err
	}
	res := model.TaskResult{Status: st}
	if st == model.StatusTerminal || st == model.StatusFailedContinue {
		res.Error = "scripted " + strings.ToLower(word)
	}
	return res, nil
}

// scenarioEvent turns an events line into an engine event; "finish"
// answers a held task and returns a no-op event.
func scenarioEvent(t *testing.T, h *harness, line string) Event {
	t.Helper()
	f := strings.Fields(line)
	arg := func(i int) string {
		if i >= len(f) {
			t.Fatalf("event %q: missing argument %d", line, i)
		}
		return f[i]
	}
	at := h.now
	switch f[0] {
	case "pause":
		return PauseRequested{At: at, Req: model.ControlRequest{User: "ops"}}
	case "resume":
		return ResumeRequested{At: at, Req: model.ControlRequest{User: "ops"}}
	case "cancel":
		return CancelRequested{At: at, Req: model.ControlRequest{User: "ops", Reason: "scenario"}}
	case "approve", "reject":
		return ApprovalDecided{At: at, Approved: f[0] == "approve", Req: model.ApprovalRequest{StageRefID: arg(1)}}
	case "signal":
		return StageSignaled{At: at, Signal: model.StageSignal{StageRefID: arg(1), Name: arg(2)}}
	case "region":
		return RegionCanceled{At: at, Req: model.CancelRegionRequest{Region: arg(1)}}
	case "restart":
		return StageRestartRequested{At: at, Req: model.StageRequest{StageRefID: arg(1)}}
	case "cancel-stage":
		return StageCancelRequested{At: at, Req: model.StageRequest{StageRefID: arg(1)}}
	case "add-instance":
		return InstanceAdded{At: at, Req: model.AddInstanceRequest{StageRefID: arg(1)}}
	case "finish":
		res, err := parseResult(arg(2))
		if err != nil {
			t.Fatalf("event %q: %v", line, err)
		}
		for i, rt := range h.held {
			if rt.Task.Stage == arg(1) {
				h.held = append(h.held[:i], h.held[i+1:]...)
				return TaskFinished{At: at, Task: rt.Task, Result: res}
			}
		}
		t.Fatalf("event %q: no held task for %s", line, arg(1))
	}
	t.Fatalf("unknown event %q", line)
	return nil
}
