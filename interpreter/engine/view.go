package engine

import "github.com/stabilize-go/stabilize/model"

// View returns a deep copy of the workflow model for the status query:
// stages in definition order (dynamic instances appended), each with its
// run_count and withdrawn flag. A query cannot change the engine.
func (e *Engine) View() *model.Workflow { return e.wf.Clone() }

// StageView returns a deep copy of the stage with the given ref_id.
func (e *Engine) StageView(refID string) (*model.StageExecution, bool) {
	s, ok := e.byRef[refID]
	if !ok {
		return nil, false
	}
	return s.Clone(), true
}

// Summary counts stages (synthetic and dynamic ones included) by status
// name.
func (e *Engine) Summary() model.Summary {
	sum := model.Summary{Status: e.wf.Status, Counts: map[string]int{}, Total: len(e.wf.Stages)}
	for _, s := range e.wf.Stages {
		sum.Counts[s.Status.String()]++
	}
	return sum
}
