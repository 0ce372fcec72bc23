package testsuite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/testsuite/conformance"
	"github.com/stabilize-go/stabilize/testsuite/harness"
)

// Where the conformance scenarios and their recorded histories live.
const (
	conformanceDir        = "testdata/conformance"
	conformanceHistoryDir = "testdata/conformance-histories"
)

// conformanceParallel bounds the scenarios that run at once on the shared
// server.
const conformanceParallel = 8

// conformancePoll is how often the runner polls the status query to fire
// actions.
const conformancePoll = 30 * time.Millisecond

// TestConformance runs every scenario of testdata/conformance on the real
// server, through the CLI's client calls (package control), and checks its
// expectations. With -record it also writes each scenario's history to
// testdata/conformance-histories/<group>/<name>.json.
func TestConformance(t *testing.T) {
	scenarios, err := conformance.LoadDir(conformanceDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(scenarios) == 0 {
		t.Fatalf("no scenarios under %s", conformanceDir)
	}
	if testing.Short() {
		t.Skip("real-server conformance scenarios (-short)")
	}
	h := server(t)
	reg, err := testRegistry() // the worker's tasks: built-ins and conformance_script
	if err != nil {
		t.Fatal(err)
	}
	tally := newTally()
	sem := make(chan struct{}, conformanceParallel)
	t.Run("scenarios", func(t *testing.T) {
		for _, sc := range scenarios {
			t.Run(sc.ID(), func(t *testing.T) {
				t.Parallel()
				t.Cleanup(func() { tally.add(sc, t) })
				if sc.Skip != "" {
					t.Skipf("%s (rules %s): skipped: %s", sc.ID(), strings.Join(sc.Rules, ", "), sc.Skip)
				}
				sem <- struct{}{}
				defer func() { <-sem }()
				runConformance(t, h, reg.Has, sc)
			})
		}
	})
	t.Log(tally.String())
}

// runConformance runs one scenario and judges it.
func runConformance(t *testing.T, h *harness.Harness, knownTask func(string) bool, sc *conformance.Scenario) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s (rules %s): %s", sc.ID(), strings.Join(sc.Rules, ", "), fmt.Sprintf(format, args...))
	}
	var historyPath string
	if *record {
		historyPath = filepath.Join(conformanceHistoryDir, sc.Group, sc.Name+".json")
		if err := replayFile(historyPath); err != nil && !errors.Is(err, fs.ErrNotExist) && !*force {
			fail("refusing to overwrite %s: its replay fails today (%v); fix the break or pass -force", historyPath, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()

	// Load and validate exactly as `starter run` does with its embedded
	// worker, or as `starter start` does (no task-name check) when asked.
	if sc.Submit == conformance.SubmitStart {
		knownTask = nil
	}
	data, err := sc.DefinitionYAML()
	if err != nil {
		fail("%v", err)
	}
	file := sc.Name + ".yaml"
	def, loadErr := model.Load(file, data)
	if loadErr == nil {
		_, loadErr = model.Validate(def, file, model.ValidateOptions{KnownTask: knownTask})
	}
	if sc.Expect.Rejected != "" {
		if loadErr == nil {
			fail("definition accepted, want it refused with %q", sc.Expect.Rejected)
		}
		if !strings.Contains(loadErr.Error(), sc.Expect.Rejected) {
			fail("definition refused with %q, want an error containing %q", loadErr, sc.Expect.Rejected)
		}
		if def != nil {
			// Nothing may have started under the definition's id.
			_, err := h.Client.DescribeWorkflowExecution(ctx, def.ID, "")
			var nf *serviceerror.NotFound
			if !errors.As(err, &nf) {
				fail("a refused definition must never start, but describing workflow %s gave %v", def.ID, err)
			}
		}
		return
	}
	if loadErr != nil {
		fail("definition refused: %v", loadErr)
	}

	run, err := control.Start(ctx, h.Client, control.StartOptions{TaskQueue: h.TaskQueue, Run: interpreter.RunOptions{
		ContinueAsNewAfterEvents: sc.Options.ContinueAsNewAfter, MaxPendingTasks: sc.Options.MaxPendingTasks}}, def)
	if err != nil {
		fail("%v", err)
	}
	firstRun := run.GetRunID()
	done := make(chan result, 1)
	go func() {
		var wf *model.Workflow
		err := run.Get(ctx, &wf)
		if err != nil {
			wf = finalFromError(err)
		}
		done <- result{wf: wf, err: err}
	}()
	r, problems := driveActions(ctx, h.Client, run.GetID(), sc.Actions, done)
	if len(problems) > 0 {
		fail("%s", strings.Join(problems, "\n\t"))
	}
	if r.wf == nil {
		// No model in the outcome (e.g. terminated): ask the closed run.
		if wf, err := control.Status(ctx, h.Client, run.GetID(), ""); err == nil {
			r.wf = wf
		}
	}
	if mismatches := conformance.Check(sc.Expect, r.wf); len(mismatches) > 0 {
		fail("%s\n\t%s\n\tworkflow error: %v", strings.TrimSpace(sc.Description), strings.Join(mismatches, "\n\t"), r.err)
	}
	if historyPath != "" {
		hist, err := h.History(ctx, run.GetID(), firstRun)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(historyPath), 0o755); err != nil {
			t.Fatal(err)
		}
		writeHistory(t, historyPath, hist)
	}
}

// driveActions fires the actions in order as their triggers hold, polling
// the status query, until the run ends (its outcome arrives on done). It
// returns the outcome and a line per action that misbehaved or never fired.
func driveActions(ctx context.Context, c client.Client, id string, actions []conformance.Action,
	done <-chan result) (result, []string) {
	var problems []string
	next := 0
	tick := time.NewTicker(conformancePoll)
	defer tick.Stop()
	var last *model.Workflow
	for {
		for next < len(actions) {
			a := actions[next]
			if a.When.Stage != "" || a.When.Workflow != "" || len(a.Check) > 0 {
				wf, err := control.Status(ctx, c, id, "")
				if err != nil {
					break // not answering yet; retry on the next tick
				}
				last = wf
				if !a.When.Matches(wf) {
					break
				}
				for _, m := range conformance.CheckNow(a.Check, wf) {
					problems = append(problems, fmt.Sprintf("action %d (%s): check: %s", next, a, m))
				}
			}
			if p := fire(ctx, c, id, next, a); p != "" {
				problems = append(problems, p)
			}
			next++
		}
		select {
		case r := <-done:
			for i := next; i < len(actions); i++ {
				state := "no status seen"
				if last != nil {
					state = fmt.Sprintf("last seen: workflow %s, %s", last.Status, stagesOf(last))
				}
				problems = append(problems, fmt.Sprintf("action %d (%s) never fired before the run ended %s (%s)",
					i, actions[i], statusOf(r.wf), state))
			}
			return r, problems
		case <-tick.C:
		case <-ctx.Done():
			return result{err: ctx.Err()}, append(problems, fmt.Sprintf("run did not end within %s (%d of %d actions fired)",
				runTimeout, next, len(actions)))
		}
	}
}

// fire sends one action through package control and returns a problem,
// or "" when it behaved as the scenario expects.
func fire(ctx context.Context, c client.Client, id string, i int, a conformance.Action) string {
	var err error
	stage := model.StageRequest{StageRefID: a.Stage, User: a.User}
	ctl := model.ControlRequest{User: a.User, Reason: a.Reason}
	switch a.Do {
	case conformance.DoSignal:
		_, err = control.Signal(ctx, c, id, model.StageSignal{StageRefID: a.Stage, Name: a.Name, Data: a.Data, Persistent: a.Persistent})
	case conformance.DoApprove:
		_, err = control.Approve(ctx, c, id, model.ApprovalRequest{StageRefID: a.Stage, User: a.User, Data: a.Data})
	case conformance.DoReject:
		_, err = control.Reject(ctx, c, id, model.ApprovalRequest{StageRefID: a.Stage, User: a.User, Data: a.Data})
	case conformance.DoPause:
		_, err = control.Pause(ctx, c, id, ctl)
	case conformance.DoResume:
		_, err = control.Resume(ctx, c, id, ctl)
	case conformance.DoCancel:
		_, err = control.Cancel(ctx, c, id, ctl)
	case conformance.DoCancelStage:
		_, err = control.CancelStage(ctx, c, id, stage)
	case conformance.DoRestartStage:
		_, err = control.RestartStage(ctx, c, id, stage)
	case conformance.DoCancelRegion:
		_, err = control.CancelRegion(ctx, c, id, model.CancelRegionRequest{Region: a.Region, User: a.User})
	case conformance.DoAddInstance:
		ictx, _ := a.Data.(map[string]any)
		_, err = control.AddInstance(ctx, c, id, model.AddInstanceRequest{StageRefID: a.Stage, Context: ictx})
	case conformance.DoTerminate:
		err = c.TerminateWorkflow(ctx, id, "", a.Reason)
	default:
		return fmt.Sprintf("action %d: unknown do %q", i, a.Do)
	}
	switch {
	case a.AllowError:
		return ""
	case a.ExpectError == "" && err != nil:
		return fmt.Sprintf("action %d (%s) failed: %v", i, a, err)
	case a.ExpectError != "" && err == nil:
		return fmt.Sprintf("action %d (%s) succeeded, want an error containing %q", i, a, a.ExpectError)
	case a.ExpectError != "" && !strings.Contains(err.Error(), a.ExpectError):
		return fmt.Sprintf("action %d (%s) failed with %q, want an error containing %q", i, a, err, a.ExpectError)
	}
	return ""
}

func statusOf(wf *model.Workflow) string {
	if wf == nil {
		return "(no final model)"
	}
	return wf.Status.String()
}

func stagesOf(wf *model.Workflow) string {
	parts := make([]string, 0, len(wf.Stages))
	for _, st := range wf.Stages {
		parts = append(parts, st.RefID+"="+st.Status.String())
	}
	return strings.Join(parts, " ")
}

// tally counts scenario outcomes per group (directory) and the scenarios
// run per rule group (rule id prefix) for the summary.
type tally struct {
	mu     sync.Mutex
	counts map[string]*[3]int // passed, failed, skipped
	rules  map[string]int     // rule group -> scenarios run that cite it
}

func newTally() *tally { return &tally{counts: map[string]*[3]int{}, rules: map[string]int{}} }

func (ta *tally) add(sc *conformance.Scenario, t *testing.T) {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	c := ta.counts[sc.Group]
	if c == nil {
		c = &[3]int{}
		ta.counts[sc.Group] = c
	}
	switch {
	case t.Skipped():
		c[2]++
		return
	case t.Failed():
		c[1]++
	default:
		c[0]++
	}
	seen := map[string]bool{}
	for _, id := range sc.Rules {
		if g := conformance.RuleGroup(id); !seen[g] {
			seen[g] = true
			ta.rules[g]++
		}
	}
}

func (ta *tally) String() string {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	groups := make([]string, 0, len(ta.counts))
	for g := range ta.counts {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	var b strings.Builder
	var total [3]int
	b.WriteString("conformance scenarios per group (passed/failed/skipped):")
	for _, g := range groups {
		c := ta.counts[g]
		fmt.Fprintf(&b, "\n  %-10s %3d ran: %3d passed, %d failed, %d skipped", g, c[0]+c[1], c[0], c[1], c[2])
		for i := range total {
			total[i] += c[i]
		}
	}
	fmt.Fprintf(&b, "\n  %-10s %3d ran: %3d passed, %d failed, %d skipped", "total", total[0]+total[1], total[0], total[1], total[2])
	rules := make([]string, 0, len(ta.rules))
	for g := range ta.rules {
		rules = append(rules, g)
	}
	sort.Strings(rules)
	b.WriteString("\nscenarios run per rule group:")
	for i, g := range rules {
		if i%8 == 0 {
			b.WriteString("\n ")
		}
		fmt.Fprintf(&b, " %s %d", g, ta.rules[g])
	}
	return b.String()
}

// TestConformanceReplay replays every recorded conformance history with
// the worker replayer (no server) and fails on non-determinism.
func TestConformanceReplay(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(conformanceHistoryDir, "*", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no histories under %s; record them with: go test ./testsuite -run TestConformance -record", conformanceHistoryDir)
	}
	perGroup := map[string]int{}
	for _, path := range files {
		group := filepath.Base(filepath.Dir(path))
		perGroup[group]++
		t.Run(group+"/"+strings.TrimSuffix(filepath.Base(path), ".json"), func(t *testing.T) {
			if err := replayFile(path); err != nil {
				t.Fatalf("replay %s: %v", path, err)
			}
		})
	}
	t.Logf("replayed %d conformance histories: %v", len(files), perGroup)
}

// TestConformanceCoverage checks that every rule id of the semantics
// checklist (RULES.txt) has a scenario or a NOT_APPLICABLE.md entry with a
// reason, and that scenarios cite only known ids.
func TestConformanceCoverage(t *testing.T) {
	f, err := os.Open(filepath.Join(conformanceDir, "RULES.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rules, err := conformance.ParseRules(f)
	if err != nil {
		t.Fatal(err)
	}
	na := map[string]string{}
	if nf, err := os.Open(filepath.Join(conformanceDir, "NOT_APPLICABLE.md")); err == nil {
		defer nf.Close()
		if na, err = conformance.ParseNotApplicable(nf); err != nil {
			t.Fatal(err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	scenarios, err := conformance.LoadDir(conformanceDir)
	if err != nil {
		t.Fatal(err)
	}
	uncovered, unknown := conformance.Coverage(rules, scenarios, na)
	perGroup := map[string]int{}
	for _, sc := range scenarios {
		for _, id := range sc.Rules {
			perGroup[conformance.RuleGroup(id)]++
		}
	}
	t.Logf("%d rules, %d scenarios, %d not applicable; scenario citations per rule group: %v",
		len(rules), len(scenarios), len(na), perGroup)
	if len(unknown) > 0 {
		t.Errorf("scenarios or NOT_APPLICABLE.md cite rule ids that are not in RULES.txt: %s", strings.Join(unknown, ", "))
	}
	if len(uncovered) > 0 {
		t.Errorf("%d rule id(s) have no scenario and no NOT_APPLICABLE.md line: %s", len(uncovered), strings.Join(uncovered, " "))
	}
}
