package engine

import "github.com/stabilize-go/stabilize/model"

// Global mutex states of a stage (stageRT.Lock), for mutexScope "global"
// (definition-format.md): the lock also excludes other executions, so the
// shell arbitrates it with AcquireLock / LockGranted / ReleaseLock.
const (
	lockPending = "pending"
	lockHeld    = "held"
)

// globalLockReady reports whether s may pass gate 3 as far as the global
// lock is concerned, asking the shell for it the first time.
func (e *Engine) globalLockReady(s *model.StageExecution) bool {
	if s.MutexKey == "" || s.Context[model.KeyMutexScope] != "global" {
		return true
	}
	r := e.rt(s)
	switch r.Lock {
	case lockHeld:
		return true
	case lockPending:
		return false
	}
	e.setLock(r, lockPending)
	e.emit(AcquireLock{Key: s.MutexKey, Stage: s.RefID})
	return false
}

// onLockGranted records a granted global lock and evaluates the stage
// again; a grant for a stage that no longer waits is handed back at once.
func (e *Engine) onLockGranted(ev LockGranted) {
	s := e.stage(ev.Stage)
	r := e.rt(s)
	if r.Lock != lockPending {
		return
	}
	if s.Status != model.StatusNotStarted || e.st.Finished {
		e.setLock(r, "")
		e.emit(ReleaseLock{Key: ev.Key, Stage: s.RefID})
		return
	}
	e.setLock(r, lockHeld)
	e.push(action{kind: actStart, stage: s})
}

// releaseGlobalLock hands a held global lock back when its stage
// completes.
func (e *Engine) releaseGlobalLock(s *model.StageExecution) {
	if r := e.rt(s); r.Lock == lockHeld {
		e.setLock(r, "")
		e.emit(ReleaseLock{Key: s.MutexKey, Stage: s.RefID})
	}
}
