package interpreter

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// registerQueries answers the status, stage and summary queries from the
// engine's read-only projections; they answer during and after the run.
func (s *shell) registerQueries() error {
	if err := workflow.SetQueryHandler(s.ctx, model.QueryStatus, func() (*model.Workflow, error) {
		return s.view(), nil
	}); err != nil {
		return err
	}
	if err := workflow.SetQueryHandler(s.ctx, model.QueryStage, func(refID string) (*model.StageExecution, error) {
		st, ok := s.eng.StageView(refID)
		if !ok {
			return nil, fmt.Errorf("query %s: unknown stage ref_id %q", model.QueryStage, refID)
		}
		return st, nil
	}); err != nil {
		return err
	}
	return workflow.SetQueryHandler(s.ctx, model.QuerySummary, func() (model.Summary, error) {
		return s.summary(), nil
	})
}
