package activities

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection enforces style.md §2's table: activities may
// import model and the SDK's activity side, never the workflow shell, the
// config package or the server.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list unavailable: %v", err)
	}
	forbidden := []string{
		"github.com/stabilize-go/stabilize/interpreter",
		"github.com/stabilize-go/stabilize/config",
		"go.temporal.io/server",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			if dep == f || strings.HasPrefix(dep, f+"/") {
				t.Errorf("activities depends on %s (style.md §2 forbids %s)", dep, f)
			}
		}
	}
}
