// Package engine runs a Stabilize definition as a deterministic state
// machine: events in (Step), commands out. It imports no Temporal code,
// reads no clock and starts no goroutines; the interpreter package wraps it
// in a Temporal workflow. See ../../../shared/docs/style.md §1.
//
// Usage: e := New(def, opts); cmds := e.Step(Started{At: now}); carry out
// cmds and feed their completions back with Step until a Complete command
// appears. View returns a read-only copy for queries; State and Restore
// carry the engine across continue-as-new.
package engine
