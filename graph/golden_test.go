package graph

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// definitions returns the definitions the golden tests render: every
// examples/*.yaml, then every testdata/defs/*.yaml.
func definitions(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, pattern := range []string{"../examples/*.yaml", "testdata/defs/*.yaml"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatalf("glob %s: %v", pattern, err)
		}
		paths = append(paths, m...)
	}
	if len(paths) == 0 {
		t.Fatal("no definitions found")
	}
	return paths
}

func load(t *testing.T, path string) *model.Workflow {
	t.Helper()
	wf, err := model.LoadFile(path)
	if err != nil {
		t.Fatalf("load %s: %v", path, err)
	}
	return wf
}

// TestRenderGolden pins the output of every format for every definition
// (definition-format.md: stages, requisites, joins, splits, synthetic
// stages, mutex keys, deferred choice, cancel regions, milestones).
// Run with -update to rewrite the golden files, then review the diff.
func TestRenderGolden(t *testing.T) {
	for _, path := range definitions(t) {
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		for _, f := range Formats() {
			t.Run(base+"/"+string(f), func(t *testing.T) {
				var buf bytes.Buffer
				if err := Render(&buf, load(t, path), f); err != nil {
					t.Fatalf("Render: %v", err)
				}
				golden := filepath.Join("testdata", base+"."+string(f)+".golden")
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
					t.Errorf("%s differs from %s (run with -update and review the diff):\n%s", f, golden, buf.String())
				}
			})
		}
	}
}

// TestRenderDeterministic renders each definition twice, loading it
// afresh (new generated ids), and expects the same bytes.
func TestRenderDeterministic(t *testing.T) {
	for _, path := range definitions(t) {
		for _, f := range Formats() {
			t.Run(filepath.Base(path)+"/"+string(f), func(t *testing.T) {
				var a, b bytes.Buffer
				if err := Render(&a, load(t, path), f); err != nil {
					t.Fatal(err)
				}
				if err := Render(&b, load(t, path), f); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(a.Bytes(), b.Bytes()) {
					t.Errorf("two renderings differ")
				}
			})
		}
	}
}
