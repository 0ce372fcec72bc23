package interpreter

import (
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
)

// acquireLock answers an AcquireLock (mutexScope global). Locks across
// executions are not coordinated yet: the shell grants at once, so the
// global scope currently behaves like the execution scope, which the engine
// enforces by itself.
func (s *shell) acquireLock(c engine.AcquireLock) {
	s.log.Warn("global mutex not coordinated across executions; granting", "Key", c.Key, "Stage", c.Stage)
	s.push(item{ev: engine.LockGranted{At: workflow.Now(s.ctx), Key: c.Key, Stage: c.Stage}})
}

// releaseLock releases a global lock; nothing outside this run holds it.
func (s *shell) releaseLock(engine.ReleaseLock) {}
