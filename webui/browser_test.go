package webui

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestPageInHeadlessChromium loads the page in Debian's chromium, when it
// is installed, with an execution selected, and checks that the list and
// the DAG (stage names from the SVG) made it into the DOM. It is skipped
// without chromium; nothing is installed for it.
func TestPageInHeadlessChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed")
	}
	srv := httptest.NewServer(Handler(fixture(), temporalUI))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--virtual-time-budget=5000", "--dump-dom",
		srv.URL+"/#exec-running")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	for _, want := range []string{
		"deploy",           // the list row
		"Build", "Ship it", // stage names drawn by the SVG
		`data-ref="approve"`,                   // a clickable stage group
		temporalUI + "/workflows/exec-running", // the Temporal link
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("DOM:\n%s", dom)
	}
}
