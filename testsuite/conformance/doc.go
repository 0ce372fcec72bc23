// Package conformance reads the data-driven conformance scenarios of
// testsuite/testdata/conformance and judges their outcome. A scenario is
// a definition, scripted actions (when a stage or the workflow reaches a
// status: signal, approve, pause, ...) and the expected final model, each
// tied to rule ids of the semantics checklist (stabilize-semantics.md §12).
//
// The package runs nothing: testsuite/conformance_test.go starts each
// scenario on the real in-process server through package control (the
// CLI's client calls), fires the actions with Trigger.Matches and judges
// the final model with Check. The format is described in
// testsuite/README.md.
package conformance
