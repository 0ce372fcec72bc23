package model

import (
	"encoding/json"
	"fmt"
)

// ValidateOptions configures Validate.
type ValidateOptions struct {
	// KnownTask reports whether a task name (implementing_class) is
	// registered. Optional: nil accepts every name.
	KnownTask func(name string) bool
}

// maxSubWorkflowDepth bounds the nesting of _sub_workflow_config
// definitions that Validate follows.
const maxSubWorkflowDepth = 10

// Validate checks a loaded definition before anything runs and reports
// every problem at once: the graph rules of semantics §1.9 (duplicate
// ref_id, self-edge, unknown requisite, cycle), synthetic stage links,
// join thresholds, split conditions, milestones, mi_config, reducers,
// context flags (JSON booleans only, §4.8), every expression (compiled
// now), task names against opts.KnownTask, the built-in tasks' keys, nested
// sub-workflow definitions, and the size. The error is a *ValidationError
// whose problems name file and path; warnings are advice that does not
// stop a run, one line each. Validate does not modify w.
func Validate(w *Workflow, file string, opts ValidateOptions) (warnings []string, err error) {
	v := &validator{probs: &problems{file: file}, opts: opts, warnings: &warnings}
	if w == nil {
		v.probs.add("", nil, ErrRequired, "no workflow to validate")
		return warnings, v.probs.err()
	}
	v.checkSize(w)
	v.workflow("", w, 0)
	return warnings, v.probs.err()
}

// LoadAndValidate loads a definition (Load) and validates it (Validate).
// On any problem it returns a nil workflow and a *ValidationError.
func LoadAndValidate(file string, data []byte, opts ValidateOptions) (*Workflow, []string, error) {
	w, err := Load(file, data)
	if err != nil {
		return nil, nil, err
	}
	warnings, err := Validate(w, file, opts)
	if err != nil {
		return nil, warnings, err
	}
	return w, warnings, nil
}

// validator walks one definition and the definitions nested in it.
type validator struct {
	probs    *problems
	opts     ValidateOptions
	warnings *[]string
}

func (v *validator) warn(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	if v.probs.file != "" {
		msg = v.probs.file + ": " + msg
	}
	*v.warnings = append(*v.warnings, msg)
}

func (v *validator) checkSize(w *Workflow) {
	b, err := json.Marshal(w)
	if err != nil {
		v.probs.add("", nil, ErrInvalid, "cannot encode the definition as JSON: %s", err.Error())
		return
	}
	switch {
	case len(b) > MaxDefinitionSize:
		v.probs.add("", nil, ErrTooLarge, "%d bytes as JSON: expected at most %d", len(b), MaxDefinitionSize)
	case len(b) > WarnDefinitionSize:
		v.warn("", "definition is %d bytes as JSON, over %d: large inputs slow every replay", len(b), WarnDefinitionSize)
	}
}

// workflow validates w found at base (empty for the document itself).
func (v *validator) workflow(base string, w *Workflow, depth int) {
	// A nested _sub_workflow_config may leave application and name out: the
	// interpreter fills them in for the child (semantics §11.1).
	if w.Application == "" && depth == 0 {
		v.probs.add(joinPath(base, "application"), nil, ErrRequired, "expected a non-empty string")
	}
	if w.Name == "" && depth == 0 {
		v.probs.add(joinPath(base, "name"), nil, ErrRequired, "expected a non-empty string")
	}
	if len(w.Stages) == 0 {
		v.probs.add(joinPath(base, "stages"), nil, ErrRequired, "expected at least one stage")
		return
	}
	for i, s := range w.Stages {
		if s == nil {
			v.probs.add(indexPath(joinPath(base, "stages"), i), nil, ErrRequired, "expected a stage, got null")
			return
		}
		for j, t := range s.Tasks {
			if t == nil {
				v.probs.add(indexPath(joinPath(indexPath(joinPath(base, "stages"), i), "tasks"), j), nil, ErrRequired, "expected a task, got null")
				return
			}
		}
	}
	v.maxJumps(joinPath(joinPath(base, "context"), KeyMaxJumps), w.Context)
	g := newGraph(w)
	v.graph(base, w, g)
	for i := range w.Stages {
		v.stage(indexPath(joinPath(base, "stages"), i), i, g, depth)
	}
	v.choiceGroups(base, w)
}

// choiceGroups warns about a deferred_choice_group with a single member,
// which then has nothing to choose between (semantics §2.9).
func (v *validator) choiceGroups(base string, w *Workflow) {
	members := map[string][]int{}
	for i, s := range w.Stages {
		if s.DeferredChoiceGroup != "" {
			members[s.DeferredChoiceGroup] = append(members[s.DeferredChoiceGroup], i)
		}
	}
	for _, group := range sortedKeys(members) {
		if m := members[group]; len(m) == 1 {
			v.warn(joinPath(indexPath(joinPath(base, "stages"), m[0]), "deferred_choice_group"),
				"group %q has one member: a deferred choice needs at least two", group)
		}
	}
}
