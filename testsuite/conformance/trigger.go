package conformance

import (
	"errors"
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Trigger says when an action fires. Exactly one of the forms is used:
// {stage, status}, {workflow} or {after: previous}; an empty trigger fires
// as soon as the run has started.
type Trigger struct {
	Stage    string `yaml:"stage"`
	Status   string `yaml:"status"`
	Workflow string `yaml:"workflow"`
	After    string `yaml:"after"`
}

// String describes the trigger.
func (tr Trigger) String() string {
	switch {
	case tr.Stage != "":
		return fmt.Sprintf("stage %s is %s", tr.Stage, tr.Status)
	case tr.Workflow != "":
		return "workflow is " + tr.Workflow
	case tr.After != "":
		return "after the previous action"
	default:
		return "started"
	}
}

func (tr Trigger) validate(i int) error {
	forms := 0
	if tr.Stage != "" || tr.Status != "" {
		forms++
		if tr.Stage == "" || tr.Status == "" {
			return errors.New("when: a stage trigger needs both stage and status")
		}
		if _, err := model.ParseStatus(tr.Status); err != nil {
			return fmt.Errorf("when.status: %w", err)
		}
	}
	if tr.Workflow != "" {
		forms++
		if _, err := model.ParseStatus(tr.Workflow); err != nil {
			return fmt.Errorf("when.workflow: %w", err)
		}
	}
	if tr.After != "" {
		forms++
		if tr.After != "previous" {
			return fmt.Errorf("when.after: expected previous, got %q", tr.After)
		}
		if i == 0 {
			return errors.New("when.after: the first action has no previous one")
		}
	}
	if forms > 1 {
		return errors.New("when: expected one of {stage, status}, {workflow} or {after: previous}")
	}
	return nil
}

// Matches reports whether the trigger holds for the model wf from the
// status query. Stage triggers match any stage with that ref_id (every
// instance of a multi-instance stage shares it).
func (tr Trigger) Matches(wf *model.Workflow) bool {
	switch {
	case tr.Stage != "":
		if wf == nil {
			return false
		}
		for _, st := range wf.Stages {
			if st.RefID == tr.Stage && st.Status.String() == tr.Status {
				return true
			}
		}
		return false
	case tr.Workflow != "":
		return wf != nil && wf.Status.String() == tr.Workflow
	default:
		return true
	}
}
