package graph

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// stageState is the runtime state given to one stage of a fixture.
type stageState struct {
	status    model.WorkflowStatus
	runs      int
	withdrawn bool
}

// runningFixtures are status-query-like workflows: a definition with
// stage statuses set, as the engine would report them mid-run.
var runningFixtures = []struct {
	name, def string
	states    map[string]stageState
}{
	{
		// Semantics §2.9 (Go rule): the deferred-choice loser is withdrawn.
		name: "deferred-choice-running", def: "../examples/deferred-choice-escalation.yaml",
		states: map[string]stageState{
			"open":       {status: model.StatusSucceeded},
			"oncall_ack": {status: model.StatusSucceeded},
			"timer":      {status: model.StatusRunning},
			"handle":     {status: model.StatusRunning},
			"escalate":   {status: model.StatusCanceled, withdrawn: true},
		},
	},
	{
		// Semantics §8: a loop shows how often a stage ran.
		name: "router-loop-running", def: "../examples/router-retry-loop.yaml",
		states: map[string]stageState{
			"attempt": {status: model.StatusSucceeded, runs: 3},
			"check":   {status: model.StatusRedirect, runs: 2},
		},
	},
	{
		// Semantics §7.4: a failed after-stage fails its parent.
		name: "synthetic-failed", def: "testdata/defs/synthetic-deploy.yaml",
		states: map[string]stageState{
			"build": {status: model.StatusSucceeded}, "snapshot": {status: model.StatusSucceeded},
			"drain": {status: model.StatusSkipped}, "deploy": {status: model.StatusTerminal},
			"smoke": {status: model.StatusTerminal}, "verify": {status: model.StatusSuspended},
			"warmup": {status: model.StatusSucceeded},
		},
	},
}

func withStates(t *testing.T, def string, states map[string]stageState) *model.Workflow {
	t.Helper()
	wf := load(t, def)
	wf.Status = model.StatusRunning
	for _, s := range wf.Stages {
		if st, ok := states[s.RefID]; ok {
			s.Status, s.RunCount, s.Withdrawn = st.status, st.runs, st.withdrawn
		}
	}
	return wf
}

// TestRenderStatusGolden pins how every format colours a running
// workflow's stages by status (issue "See the workflow": the same renderer
// colours a running workflow's View).
func TestRenderStatusGolden(t *testing.T) {
	for _, fx := range runningFixtures {
		for _, f := range Formats() {
			t.Run(fx.name+"/"+string(f), func(t *testing.T) {
				var buf bytes.Buffer
				if err := Render(&buf, withStates(t, fx.def, fx.states), f); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", fx.name+"."+string(f)+".golden")
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("read golden (run with -update to create it): %v", err)
				}
				if !bytes.Equal(buf.Bytes(), want) {
					t.Errorf("%s differs from %s:\n%s", f, golden, buf.String())
				}
			})
		}
	}
}

// TestStatusColours checks that each stage of a running workflow is drawn
// in its status colours in every format, and that withdrawn stages are
// marked (semantics §2.9).
func TestStatusColours(t *testing.T) {
	fx := runningFixtures[0]
	render := func(f Format) string {
		var buf bytes.Buffer
		if err := Render(&buf, withStates(t, fx.def, fx.states), f); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	svg, dot, mermaid := render(FormatSVG), render(FormatDOT), render(FormatMermaid)
	for _, ref := range []string{"open", "timer", "escalate", "close"} {
		st := fx.states[ref].status
		fill, stroke := StatusColors(st)
		t.Run("svg/"+ref+"="+st.String(), func(t *testing.T) {
			i := strings.Index(svg, `data-ref="`+ref+`" data-status="`+st.String()+`"`)
			if i < 0 {
				t.Fatalf("no group for %s", ref)
			}
			g := svg[i : i+strings.Index(svg[i:], "</g>")]
			if !strings.Contains(g, `fill="`+fill+`" stroke="`+stroke+`"`) {
				t.Errorf("group not coloured %s/%s: %s", fill, stroke, g)
			}
			if withdrawn := strings.Contains(g, "withdrawn"); withdrawn != fx.states[ref].withdrawn {
				t.Errorf("withdrawn mark = %v, want %v", withdrawn, fx.states[ref].withdrawn)
			}
		})
		t.Run("dot/"+ref+"="+st.String(), func(t *testing.T) {
			if !strings.Contains(dot, `fillcolor="`+fill+`", color="`+stroke+`"`) {
				t.Errorf("no node coloured %s/%s", fill, stroke)
			}
		})
		if st != model.StatusNotStarted {
			t.Run("mermaid/"+ref+"="+st.String(), func(t *testing.T) {
				class := strings.ToLower(st.String())
				if !strings.Contains(mermaid, "classDef "+class+" fill:"+fill+",stroke:"+stroke) {
					t.Errorf("no classDef for %s", class)
				}
			})
		}
	}
	t.Run("svg legend lists the statuses in use", func(t *testing.T) {
		for _, st := range []string{"RUNNING", "SUCCEEDED", "CANCELED"} {
			if !strings.Contains(svg, ">"+st+"</text>") {
				t.Errorf("legend lacks %s", st)
			}
		}
	})
}

func TestStatusColorsUnknownStatus(t *testing.T) {
	fill, stroke := StatusColors(model.WorkflowStatus(200))
	wantFill, wantStroke := StatusColors(model.StatusNotStarted)
	if fill != wantFill || stroke != wantStroke {
		t.Errorf("unknown status colours = %s/%s, want NOT_STARTED's %s/%s", fill, stroke, wantFill, wantStroke)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			got, err := ParseFormat(string(f))
			if err != nil || got != f {
				t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
			}
		})
	}
	t.Run("unknown format names the choices", func(t *testing.T) {
		_, err := ParseFormat("png")
		if err == nil || !strings.Contains(err.Error(), `"png"`) || !strings.Contains(err.Error(), "mermaid") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("Render refuses an unknown format", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Render(&buf, load(t, "../examples/hello.yaml"), "png"); err == nil {
			t.Error("no error")
		}
	})
	t.Run("Render refuses a nil workflow", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Render(&buf, nil, FormatSVG); err == nil {
			t.Error("no error")
		}
	})
}
