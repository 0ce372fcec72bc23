package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// validateInstance reports why an add_instance request would be refused
// (§9.4): an unknown stage, a stage without mi_config or allow_dynamic, or
// a parent whose instances' join has fired.
func (e *Engine) validateInstance(req model.AddInstanceRequest) error {
	if err := e.knownStage(req.StageRefID); err != nil {
		return err
	}
	p := e.byRef[req.StageRefID]
	if p.MIConfig == nil || !p.MIConfig.AllowDynamic {
		return fmt.Errorf("add instance to %s: expected a stage with mi_config.allow_dynamic, got none", p.RefID)
	}
	if j, ok := e.byRef[p.RefID+"_mi_join"]; ok && j.Status != model.StatusNotStarted {
		return &model.InvalidStateTransitionError{EntityType: "stage", EntityID: j.RefID,
			From: j.Status, To: model.StatusNotStarted}
	}
	return nil
}

// onInstanceAdded queues a dynamic instance until its parent expands.
func (e *Engine) onInstanceAdded(ev InstanceAdded) {
	if e.Validate(ev) != nil {
		return
	}
	e.st.PendingInstances = append(e.st.PendingInstances, ev.Req)
}

// onLockGranted answers a global mutex request; execution-scoped mutexes
// never ask, so a grant nobody waits for is ignored.
func (e *Engine) onLockGranted(LockGranted) {}

// wakeMerges starts queued MULTI_MERGE firings whose previous firing has
// drained (§2.2 Go rule); none are queued yet.
func (e *Engine) wakeMerges() bool { return false }
