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

// initVisibility writes the status and, when the starter did not set them,
// the application, pipeline and config id.
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
	s.status = s.visibleStatus()
	ups = append(ups, saStatus.ValueSet(s.status.String()))
	s.upsert(ups...)
}

// syncVisibility upserts StabilizeStatus when the engine's status changed.
func (s *shell) syncVisibility() {
	if st := s.visibleStatus(); st != s.status {
		s.status = st
		s.upsert(saStatus.ValueSet(st.String()))
	}
}

// upsert writes search attributes; a local validation error is logged
// because visibility must never stop a run.
func (s *shell) upsert(ups ...temporal.SearchAttributeUpdate) {
	if err := workflow.UpsertTypedSearchAttributes(s.ctx, ups...); err != nil {
		s.log.Warn("upsert search attributes", "Error", err)
	}
}
