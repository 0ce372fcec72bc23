package fault

import "testing"

// check is one named assertion over the outcome of a fault scenario; its
// name cites the rule or document section it pins down.
type check struct {
	name string
	run  func(t *testing.T)
}

// runChecks runs each check as a subtest, so one failed property does not
// hide the others.
func runChecks(t *testing.T, checks []check) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, c.run)
	}
}
