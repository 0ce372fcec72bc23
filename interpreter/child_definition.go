package interpreter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"

	"github.com/stabilize-go/stabilize/model"
)

// childDefinition decodes a _sub_workflow_config into the child's
// definition and fills in what the starter's loader fills for a top-level
// run: defaults, and ids derived from the child's workflow id (never random:
// this runs inside a workflow). The recursion depth, its bound and the
// parent's id go into the workflow context and every top-level stage
// context (semantics §11.1, Go rule).
func childDefinition(cfg any, childID, parentID string, depth, maxDepth int) (*model.Workflow, error) {
	if cfg == nil {
		return nil, fmt.Errorf("sub_workflow: %s: expected a workflow definition, got nothing", keySubWorkflowConfig)
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("sub_workflow: %s: %w", keySubWorkflowConfig, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var def model.Workflow
	if err := dec.Decode(&def); err != nil {
		return nil, fmt.Errorf("sub_workflow: decode %s: %w", keySubWorkflowConfig, err)
	}
	if len(def.Stages) == 0 {
		return nil, fmt.Errorf("sub_workflow: %s.stages: expected at least one stage, got none", keySubWorkflowConfig)
	}
	def.ID = childID
	if def.Application == "" {
		def.Application = "stabilize"
	}
	if def.Name == "" {
		def.Name = "sub-workflow-depth-" + strconv.Itoa(depth)
	}
	if def.Trigger.Type == "" && def.Trigger.User == "" {
		def.Trigger = model.DefaultTrigger()
	}
	if def.Origin == "" {
		def.Origin = model.DefaultOrigin
	}
	recursion := map[string]any{
		keyRecursionDepth:    float64(depth),
		keyMaxRecursionDepth: float64(maxDepth),
		keyParentWorkflowID:  parentID,
	}
	def.Context = withKeys(def.Context, recursion)
	for i, st := range def.Stages {
		if st == nil {
			return nil, fmt.Errorf("sub_workflow: %s.stages[%d]: expected a stage, got null", keySubWorkflowConfig, i)
		}
		fillStage(st, childID)
		if !st.IsSynthetic() {
			st.Context = withKeys(st.Context, recursion)
		}
	}
	return &def, nil
}

// fillStage applies the stage and task defaults of definition-format.md
// with ids derived from the child's id and the stage's ref_id.
func fillStage(st *model.StageExecution, childID string) {
	if st.ID == "" {
		st.ID = childID + "/" + st.RefID
	}
	if st.Name == "" {
		st.Name = st.RefID
	}
	if st.Context == nil {
		st.Context = map[string]any{}
	}
	if st.Outputs == nil {
		st.Outputs = map[string]any{}
	}
	if st.RequisiteStageRefIDs == nil {
		st.RequisiteStageRefIDs = []string{}
	}
	if len(st.Tasks) == 0 {
		st.Tasks = []*model.TaskExecution{{ImplementingClass: st.Type}}
	}
	for i, t := range st.Tasks {
		if t.ID == "" {
			t.ID = st.ID + "/" + strconv.Itoa(i)
		}
		if t.Name == "" {
			t.Name = t.ImplementingClass
		}
	}
	st.Tasks[0].StageStart = true
	st.Tasks[len(st.Tasks)-1].StageEnd = true
}

// withKeys returns m (allocated when nil) with the given keys set.
func withKeys(m, keys map[string]any) map[string]any {
	if m == nil {
		m = map[string]any{}
	}
	maps.Copy(m, keys)
	return m
}
