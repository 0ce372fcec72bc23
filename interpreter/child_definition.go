package interpreter

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"

	"github.com/stabilize-go/stabilize/model"
)

// childDefinition turns a _sub_workflow_config into the child's loaded and
// validated definition. It goes through the same strict loader as a
// top-level definition (model.Load, model.Validate), after giving every
// workflow, stage and task that lacks an id one derived from the child's
// workflow id: the loader would draw random ULIDs, and this runs inside a
// workflow. The application defaults to "stabilize" and the name to
// "sub-workflow-depth-<depth>"; the recursion depth, its bound and the
// parent's id go into the workflow context and every top-level stage
// context (semantics §11.1, Go rule).
func childDefinition(cfg any, childID, parentID string, depth, maxDepth int) (*model.Workflow, error) {
	doc, ok := cfg.(map[string]any)
	if !ok || len(doc) == 0 {
		return nil, fmt.Errorf("sub_workflow: %s: expected a workflow definition object, got %#v", keySubWorkflowConfig, cfg)
	}
	doc = deriveIDs(maps.Clone(doc), childID, depth)
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("sub_workflow: %s: %w", keySubWorkflowConfig, err)
	}
	name := keySubWorkflowConfig
	def, err := model.Load(name+".json", data)
	if err != nil {
		return nil, fmt.Errorf("sub_workflow: %w", err)
	}
	if _, err := model.Validate(def, name, model.ValidateOptions{}); err != nil {
		return nil, fmt.Errorf("sub_workflow: %w", err)
	}
	recursion := map[string]any{
		keyRecursionDepth:    float64(depth),
		keyMaxRecursionDepth: float64(maxDepth),
		keyParentWorkflowID:  parentID,
	}
	maps.Copy(def.Context, recursion)
	for _, st := range def.Stages {
		if !st.IsSynthetic() {
			maps.Copy(st.Context, recursion)
		}
	}
	return def, nil
}

// deriveIDs fills the workflow id (always the child's id), the defaults
// §11.1 gives a child, and every missing stage and task id, on a shallow
// copy of the decoded document. A stage without tasks gets its default task
// here, so that the loader has no id left to draw.
func deriveIDs(doc map[string]any, childID string, depth int) map[string]any {
	doc["id"] = childID
	if s, _ := doc["application"].(string); s == "" {
		doc["application"] = "stabilize"
	}
	if s, _ := doc["name"].(string); s == "" {
		doc["name"] = "sub-workflow-depth-" + strconv.Itoa(depth)
	}
	stages, _ := doc["stages"].([]any)
	out := make([]any, len(stages))
	for i, raw := range stages {
		st, ok := raw.(map[string]any)
		if !ok {
			out[i] = raw // the loader reports it with its path
			continue
		}
		st = maps.Clone(st)
		ref, _ := st["ref_id"].(string)
		if id, _ := st["id"].(string); id == "" {
			st["id"] = childID + "/" + ref
		}
		stageID, _ := st["id"].(string)
		tasks, hasTasks := st["tasks"].([]any)
		if !hasTasks && st["tasks"] == nil {
			tasks = []any{map[string]any{"implementing_class": st["type"]}}
		}
		filled := make([]any, len(tasks))
		for j, rawTask := range tasks {
			task, ok := rawTask.(map[string]any)
			if !ok {
				filled[j] = rawTask
				continue
			}
			task = maps.Clone(task)
			if id, _ := task["id"].(string); id == "" {
				task["id"] = stageID + "/" + strconv.Itoa(j)
			}
			filled[j] = task
		}
		if hasTasks || st["tasks"] == nil {
			st["tasks"] = filled
		}
		out[i] = st
	}
	if stages != nil {
		doc["stages"] = out
	}
	return doc
}
