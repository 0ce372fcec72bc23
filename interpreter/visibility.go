package interpreter

import (
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// Typed search attribute keys the workflow keeps current. The server must
// have them registered as Keyword attributes.
var (
	saApplication = temporal.NewSearchAttributeKeyKeyword(model.SearchAttrApplication)
	saPipeline    = temporal.NewSearchAttributeKeyKeyword(model.SearchAttrPipeline)
	saStatus      = temporal.NewSearchAttributeKeyKeyword(model.SearchAttrStatus)
	saConfigID    = temporal.NewSearchAttributeKeyKeyword(model.SearchAttrConfigID)
)

// initVisibility prepares the search attributes of the run: the status
// and, when the starter did not set them, the application, pipeline and
// config id.
//
// Before semantics version 2 it upserts them at once, and the first
// status change (NOT_STARTED to RUNNING, one step later) upserts again. From
// version 2 they wait for the first syncVisibility, which writes them
// together with the status the first step produced, and leaves out values
// the starter already set (control.WorkflowOptions sets all four): each
// upsert is a history event and a visibility write on the server, and the
// Go SDK already adds one for the version marker.
func (s *shell) initVisibility() {
	wf := s.eng.View()
	have := workflow.GetTypedSearchAttributes(s.ctx)
	var ups []temporal.SearchAttributeUpdate
	for _, kv := range []struct {
		key   temporal.SearchAttributeKeyKeyword
		value string
	}{
		{saApplication, wf.Application},
		{saPipeline, wf.Name},
		{saConfigID, wf.PipelineConfigID},
	} {
		if _, ok := have.GetKeyword(kv.key); !ok && kv.value != "" {
			ups = append(ups, kv.key.ValueSet(kv.value))
		}
	}
	if s.semantics >= bundledVersion {
		s.pendingSA = ups
		if name, ok := have.GetKeyword(saStatus); ok {
			if st, err := model.ParseStatus(name); err == nil {
				s.status, s.statusSet = st, true
			}
		}
		return
	}
	s.status, s.statusSet = s.visibleStatus(), true
	ups = append(ups, saStatus.ValueSet(s.status.String()))
	s.upsert(ups...)
}

// syncVisibility upserts StabilizeStatus when the engine's status changed,
// together with any attributes initVisibility left pending.
func (s *shell) syncVisibility() {
	ups := s.pendingSA
	s.pendingSA = nil
	if st := s.visibleStatus(); st != s.status || !s.statusSet {
		s.status, s.statusSet = st, true
		ups = append(ups, saStatus.ValueSet(st.String()))
	}
	if len(ups) > 0 {
		s.upsert(ups...)
	}
}

// upsert writes search attributes; a local validation error is logged
// because visibility must never stop a run.
func (s *shell) upsert(ups ...temporal.SearchAttributeUpdate) {
	if err := workflow.UpsertTypedSearchAttributes(s.ctx, ups...); err != nil {
		s.log.Warn("upsert search attributes", "Error", err)
	}
}

// StartStatus is the StabilizeStatus a starter sets on the run it starts
// for def: BUFFERED when def waits for a concurrency slot (CONC-1), else
// RUNNING, the status the run's first step reports. A run at
// bundledVersion upserts no status its starter has set already.
func StartStatus(def *model.Workflow) model.WorkflowStatus {
	if concurrencyLimited(def) {
		return model.StatusBuffered
	}
	return model.StatusRunning
}
