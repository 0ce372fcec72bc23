package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stabilize-go/stabilize/graph"
	"github.com/stabilize-go/stabilize/model"
)

// snapshot is what the page shows at one moment: the fill colour of each
// stage node of the DAG, the execution's status badge and the control
// message.
type snapshot struct {
	Stages  map[string]string `json:"stages"`
	Status  string            `json:"status"`
	Message string            `json:"message"`
	Link    string            `json:"link"`
}

// readPage reads a snapshot from the DOM.
const readPage = `
const stages = {};
for (const g of document.querySelectorAll('#dag g.stage')) {
  const r = g.querySelector('rect');
  stages[g.dataset.ref] = r ? r.getAttribute('fill') : '';
}
const link = document.getElementById('exec-temporal');
return {
  stages: stages,
  status: document.getElementById('exec-status').textContent,
  message: document.getElementById('control-message').textContent,
  link: link.hidden ? '' : link.getAttribute('href'),
};`

// fill is the node colour of a status, as package graph draws it.
func fill(s model.WorkflowStatus) string {
	f, _ := graph.StatusColors(s)
	return f
}

// artifactDir is where screenshots go: $STABILIZE_ARTIFACTS, or the test's
// temporary directory.
func artifactDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("STABILIZE_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("artifact directory: %v", err)
		}
		return dir
	}
	return t.TempDir()
}

// TestApproveInChromium drives the live page in headless Chromium against
// a real server: the run shows up in the list, stage nodes change colour
// as stages finish, a refused control (Resume of a running run) shows the
// workflow's reason, a click on the suspended approval stage shows the
// Approve button, and clicking it lets the workflow run to SUCCEEDED
// (issue "See the workflow").
func TestApproveInChromium(t *testing.T) {
	chromium, driver := browserBinaries(t)
	st := startStack(t)
	wd := startWebDriver(t, driver, chromium)
	artifacts := artifactDir(t)
	shoot := func(name string) {
		png, err := wd.screenshot()
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		path := filepath.Join(artifacts, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Errorf("save screenshot: %v", err)
			return
		}
		t.Logf("screenshot: %s (%d bytes)", path, len(png))
	}
	t.Cleanup(func() {
		if t.Failed() {
			shoot("page-failure.png")
		}
	})

	// Every distinct fill each node showed, in order.
	seen := map[string][]string{}
	var last snapshot
	observe := func() snapshot {
		var s snapshot
		if err := wd.script(&s, readPage); err != nil {
			t.Fatalf("read the page: %v", err)
		}
		for ref, f := range s.Stages {
			if h := seen[ref]; len(h) == 0 || h[len(h)-1] != f {
				seen[ref] = append(h, f)
			}
		}
		last = s
		return s
	}
	until := func(what string, timeout time.Duration, cond func(snapshot) bool) {
		t.Helper()
		deadline := time.Now().Add(timeout)
		for !cond(observe()) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %v; page shows %+v; fills seen %v", what, timeout, last, seen)
			}
			time.Sleep(100 * time.Millisecond) // polling the DOM, with a deadline
		}
	}

	// The page is open before the run starts, as a user would have it:
	// the run shows up in the list, and a click on its row draws its DAG.
	if err := wd.navigate(st.page.URL + "/"); err != nil {
		t.Fatal(err)
	}
	noRuns, err := wd.find("#no-executions")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the page lists no executions yet", 30*time.Second, func() bool {
		shown, err := wd.displayed(noRuns)
		return err == nil && shown
	})
	id := st.start(t, "testdata/release.yaml")
	var row string
	eventually(t, "the run shows up in the list", 30*time.Second, func() bool {
		row, err = wd.find(fmt.Sprintf("#executions tr[data-id=%q]", id))
		return err == nil
	})
	if err := wd.click(row); err != nil {
		t.Fatalf("click the run's row: %v", err)
	}

	until("the approval stage is drawn SUSPENDED", 90*time.Second, func(s snapshot) bool {
		return s.Stages["approve"] == fill(model.StatusSuspended)
	})
	shoot("page-suspended.png")
	t.Run("issue See the workflow: nodes change colour as stages finish", func(t *testing.T) {
		for _, ref := range []string{"build", "unit", "lint"} {
			h := seen[ref]
			if len(h) == 0 || h[len(h)-1] != fill(model.StatusSucceeded) {
				t.Errorf("stage %s: expected to end SUCCEEDED (%s), fills seen %v", ref, fill(model.StatusSucceeded), h)
			}
		}
		// unit waits 20 s (ample on a loaded machine), the list shows the run within seconds and the DAG
		// refreshes every second: unit was seen running before it finished.
		if h := seen["unit"]; len(h) < 2 || !contains(h, fill(model.StatusRunning)) {
			t.Errorf("stage unit: expected RUNNING (%s) then SUCCEEDED, fills seen %v", fill(model.StatusRunning), h)
		}
		if got := seen["deploy"]; len(got) != 1 || got[0] != fill(model.StatusNotStarted) {
			t.Errorf("stage deploy: expected NOT_STARTED (%s) only while approval waits, fills seen %v", fill(model.StatusNotStarted), got)
		}
	})
	t.Run("issue See the workflow: the execution links to the Temporal Web UI", func(t *testing.T) {
		if want := st.temporalUI + "/workflows/" + id; last.Link != want {
			t.Errorf("Temporal link: expected %q, got %q", want, last.Link)
		}
	})

	resume, err := wd.find(`button[data-action="resume"]`)
	if err != nil {
		t.Fatal(err)
	}
	if err := wd.click(resume); err != nil {
		t.Fatalf("click Resume: %v", err)
	}
	until("the page shows that resume was refused", 30*time.Second, func(s snapshot) bool {
		return strings.HasPrefix(s.Message, "resume refused: ")
	})
	t.Run("issue See the workflow: a refused control shows the workflow's reason", func(t *testing.T) {
		if !strings.Contains(last.Message, "invalid state transition") {
			t.Errorf("refusal: expected the workflow's reason, got %q", last.Message)
		}
	})

	node, err := wd.find(`#dag g.stage[data-ref="approve"]`)
	if err != nil {
		t.Fatal(err)
	}
	if err := wd.click(node); err != nil {
		t.Fatalf("click the approval stage: %v", err)
	}
	approve, err := wd.find("#btn-approve")
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the Approve button shows for the suspended approval stage", 10*time.Second, func() bool {
		shown, err := wd.displayed(approve)
		return err == nil && shown
	})
	if err := wd.click(approve); err != nil {
		t.Fatalf("click Approve: %v", err)
	}

	until("the workflow completes SUCCEEDED on the page", 60*time.Second, func(s snapshot) bool {
		return s.Status == model.StatusSucceeded.String() && s.Stages["deploy"] == fill(model.StatusSucceeded)
	})
	shoot("page-succeeded.png")
	t.Run("issue See the workflow: the approve control was accepted", func(t *testing.T) {
		if want := "approve approve: done"; last.Message != want {
			t.Errorf("control message: expected %q, got %q", want, last.Message)
		}
		if h := seen["approve"]; !contains(h, fill(model.StatusSuspended)) || h[len(h)-1] != fill(model.StatusSucceeded) {
			t.Errorf("stage approve: expected SUSPENDED then SUCCEEDED, fills seen %v", h)
		}
	})
	t.Run("the workflow itself completed SUCCEEDED", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var wf model.Workflow
		if err := st.client.GetWorkflow(ctx, id, "").Get(ctx, &wf); err != nil {
			t.Fatalf("workflow result: %v", err)
		}
		if wf.Status != model.StatusSucceeded {
			t.Errorf("workflow status: expected SUCCEEDED, got %s", wf.Status)
		}
		if out := fmt.Sprint(wf.Stages[len(wf.Stages)-1].Outputs["stdout"]); !strings.Contains(out, "deploying with lint=clean") {
			t.Errorf("deploy stdout: expected the lint output substituted, got %q", out)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
