package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/graph"
	"github.com/stabilize-go/stabilize/model"
)

func TestGraph(t *testing.T) {
	const file = "../../examples/build-test-deploy.yaml"
	def, err := model.LoadFile(file)
	require.NoError(t, err)
	tests := []struct {
		name   string
		args   []string
		format graph.Format
	}{
		{"issue See the workflow: mermaid is the default", nil, graph.FormatMermaid},
		{"issue See the workflow: --format mermaid", []string{"--format", "mermaid"}, graph.FormatMermaid},
		{"issue See the workflow: --format dot", []string{"--format", "dot"}, graph.FormatDOT},
		{"issue See the workflow: --format svg", []string{"--format", "svg"}, graph.FormatSVG},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := execute(t, append([]string{"graph", file}, tc.args...)...)
			require.Equal(t, ExitOK, o.code, "%v", o)
			var want bytes.Buffer
			require.NoError(t, graph.Render(&want, def, tc.format))
			assert.Equal(t, want.String(), o.stdout)
			assert.Empty(t, o.stderr)
		})
	}
}

func TestGraphRefuses(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr []string
	}{
		{"exit 2: an invalid definition prints its problems as validate does",
			[]string{"graph", "testdata/invalid.yaml"},
			[]string{`testdata/invalid.yaml: stages[1].ref_id: duplicate`, `unknown ref_id`, "invalid definition"}},
		{"exit 2: a missing file", []string{"graph", "testdata/absent.yaml"}, []string{"testdata/absent.yaml"}},
		{"exit 2: an unknown format names the accepted ones",
			[]string{"graph", "testdata/hello.yaml", "--format", "png"}, []string{`"png"`, "[mermaid dot svg]"}},
		{"exit 2: FILE is required", []string{"graph"}, []string{"expected 1 argument"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := execute(t, tc.args...)
			assert.Equal(t, ExitUsage, o.code, "%v", o)
			assert.Empty(t, o.stdout, "no half graph on stdout")
			for _, want := range tc.wantStderr {
				assert.True(t, strings.Contains(o.stderr, want), "stderr lacks %q: %v", want, o)
			}
		})
	}
}
