package engine

import (
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// expandInstances expands a completed multi-instance parent (§9.1 Go
// rule): the count or collection is read from the parent's context merged
// with its own outputs; the instances (and the join) are appended to the
// workflow, followed by the add_instance requests queued before the
// expansion. The instances are downstream of the parent, so its normal
// completion starts them.
func (e *Engine) expandInstances(p *model.StageExecution) error {
	if p.MIConfig == nil || e.rt(p).Expanded || p.IsSynthetic() {
		return nil
	}
	merged := model.CloneMap(p.Context)
	if merged == nil {
		merged = map[string]any{}
	}
	for k, v := range p.Outputs {
		merged[k] = model.CloneValue(v)
	}
	created, err := ExpandMultiInstance(p, merged, e.opts.MaxInstances)
	if err != nil {
		return err
	}
	e.rt(p).Expanded = true
	e.addStages(created...)
	var rest []model.AddInstanceRequest
	for _, req := range e.st.PendingInstances {
		if req.StageRefID != p.RefID {
			rest = append(rest, req)
			continue
		}
		inst, err := AddInstance(p, e.wf.Stages, req.Context)
		if err != nil {
			return err
		}
		e.addStages(inst)
	}
	e.st.PendingInstances = rest
	e.delCtx(p, keyMIPending)
	e.countInstances(p)
	return nil
}

// Context keys the engine writes on a multi-instance parent (§4.8).
const (
	// keyMIInstanceCount is the number of instances the parent has.
	keyMIInstanceCount = "_mi_instance_count"
	// keyMIPending lists the contexts of add_instance requests queued
	// until the parent expands, so the status query shows them (§9.4).
	keyMIPending = "_mi_pending_instances"
)

// countInstances records _mi_instance_count on a parent.
func (e *Engine) countInstances(p *model.StageExecution) {
	n := 0
	for _, s := range e.wf.Stages {
		if s.Context[KeyMIParentRefID] == p.RefID && s.RefID != MIJoinRef(p.RefID) {
			n++
		}
	}
	e.setCtx(p, keyMIInstanceCount, float64(n))
}

// addStages appends stages created at run time and indexes them.
func (e *Engine) addStages(stages ...*model.StageExecution) {
	for _, s := range stages {
		e.wf.Stages = append(e.wf.Stages, s)
		e.st.Stages[s.RefID] = newStageRT(s)
	}
	e.reindex()
}

// validateInstance reports why an add_instance request would be refused
// (§9.4): an unknown stage, a stage without mi_config or allow_dynamic, or
// a parent whose instances' join has fired.
func (e *Engine) validateInstance(req model.AddInstanceRequest) error {
	if err := e.knownStage(req.StageRefID); err != nil {
		return err
	}
	return CanAddInstance(e.byRef[req.StageRefID], e.wf.Stages)
}

// onInstanceAdded adds a dynamic instance (§9.4 Go rules): queued until
// its parent expands, materialized at once afterwards (and started, since
// its parent is complete); a join that has not fired waits for it.
func (e *Engine) onInstanceAdded(ev InstanceAdded) {
	if e.Validate(ev) != nil {
		return
	}
	p := e.byRef[ev.Req.StageRefID]
	if !e.rt(p).Expanded {
		e.st.PendingInstances = append(e.st.PendingInstances, ev.Req)
		pending, _ := p.Context[keyMIPending].([]any)
		ctx := model.CloneMap(ev.Req.Context)
		if ctx == nil {
			ctx = map[string]any{}
		}
		e.setCtx(p, keyMIPending, append(model.CloneValue(pending).([]any), ctx))
		return
	}
	inst, err := AddInstance(p, e.wf.Stages, ev.Req.Context)
	if err != nil {
		return
	}
	e.addStages(inst)
	e.countInstances(p)
	e.push(action{kind: actStart, stage: inst})
}

// maybeCancelRemaining implements cancel_remaining (§9.3 Go rule): when a
// parent's threshold join fires, every instance of that parent that is not
// COMPLETE is canceled and withdrawn from the final status.
func (e *Engine) maybeCancelRemaining(join *model.StageExecution) {
	ref, isJoin := strings.CutSuffix(join.RefID, MIJoinRef(""))
	if !isJoin {
		return
	}
	p, ok := e.byRef[ref]
	if !ok || p.MIConfig == nil || !p.MIConfig.CancelRemaining || join.JoinType != model.JoinNOfM {
		return
	}
	for _, s := range e.wf.Stages {
		if s != join && s.Context[KeyMIParentRefID] == p.RefID && !s.Status.IsComplete() {
			e.cancelStage(s, true)
		}
	}
}
