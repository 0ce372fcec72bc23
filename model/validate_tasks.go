package model

import (
	"fmt"
	"slices"
	"strings"
)

// tasks checks task names against the registry, then the keys of the
// built-in tasks the stage runs.
func (v *validator) tasks(path string, s *StageExecution, g *graph, depth int) {
	classes := map[string]bool{}
	for j, t := range s.Tasks {
		tp := indexPath(joinPath(path, "tasks"), j)
		cp := joinPath(tp, "implementing_class")
		if t.ImplementingClass == "" {
			v.probs.add(cp, nil, ErrRequired, "expected a registered task name")
			continue
		}
		classes[t.ImplementingClass] = true
		if v.opts.KnownTask == nil || v.opts.KnownTask(t.ImplementingClass) {
			continue
		}
		// A default task comes from the stage type: point at what was written.
		if len(s.Tasks) == 1 && t.ImplementingClass == s.Type && t.Name == s.Type {
			v.probs.add(joinPath(path, "type"), s.Type, ErrUnknownTask,
				"a stage without tasks runs the task named by its type: expected a registered task name")
			continue
		}
		v.probs.add(cp, t.ImplementingClass, ErrUnknownTask, "expected a registered task name")
	}
	v.builtinKeys(joinPath(path, "context"), s, classes, g, depth)
}

// builtinKeys checks the context keys read by the built-in tasks among
// classes (definition-format.md, "Built-in tasks").
func (v *validator) builtinKeys(ctx string, s *StageExecution, classes map[string]bool, g *graph, depth int) {
	if classes[TaskRouter] {
		v.routes(joinPath(ctx, "routes"), s.Context["routes"], g)
		v.count(joinPath(ctx, "max_jumps"), s.Context["max_jumps"])
	}
	if classes[TaskHTTP] {
		if until, ok := s.Context["until"]; ok && until != nil {
			if src, isStr := until.(string); isStr {
				v.expression(joinPath(ctx, "until"), src)
			} else {
				v.probs.add(joinPath(ctx, "until"), until, ErrType, "expected an expression string")
			}
		}
	}
	if classes[TaskWait] {
		if val, ok := s.Context[KeyWaitTime]; ok {
			v.nonNegative(joinPath(ctx, KeyWaitTime), val, "a wait in seconds")
		}
	}
	if classes[TaskFail] {
		if val, ok := s.Context["status"]; ok && val != nil && !slices.Contains(failStatuses, fmt.Sprint(val)) {
			v.probs.add(joinPath(ctx, "status"), val, ErrInvalid, "expected one of %s", strings.Join(failStatuses, ", "))
		}
	}
	if classes[TaskLoopCondition] {
		if src, isStr := s.Context["_loop_condition"].(string); isStr {
			v.expression(joinPath(ctx, "_loop_condition"), src)
		}
	}
	if classes[TaskSubWorkflow] {
		v.subWorkflow(joinPath(ctx, KeySubWorkflow), s.Context[KeySubWorkflow], depth)
	}
}

// failStatuses are the statuses the fail task may return.
var failStatuses = []string{"TERMINAL", "FAILED_CONTINUE", "STOPPED", "CANCELED"}

var routeKeys = []string{"when", "jump_to", "context"}

// routes checks a router's routes: a list of {when, jump_to, context}.
func (v *validator) routes(path string, val any, g *graph) {
	if val == nil {
		v.probs.add(path, nil, ErrRequired, "a router needs a list of {when, jump_to, context}")
		return
	}
	list, ok := val.([]any)
	if !ok {
		v.probs.add(path, val, ErrType, "expected a list of {when, jump_to, context}")
		return
	}
	for i, r := range list {
		rp := indexPath(path, i)
		m, ok := r.(map[string]any)
		if !ok {
			v.probs.add(rp, r, ErrType, "expected a route object {when, jump_to, context}")
			continue
		}
		for _, k := range sortedKeys(m) {
			if !slices.Contains(routeKeys, k) {
				v.probs.add(joinPath(rp, k), m[k], ErrUnknownField, "expected one of when, jump_to, context")
			}
		}
		switch when := m["when"].(type) {
		case string:
			v.expression(joinPath(rp, "when"), when)
		case bool:
		default:
			v.probs.add(joinPath(rp, "when"), m["when"], ErrRequired, "expected an expression string or a boolean")
		}
		if to, ok := m["jump_to"].(string); !ok || to == "" {
			v.probs.add(joinPath(rp, "jump_to"), m["jump_to"], ErrRequired, "expected the ref_id to jump to")
		} else if _, found := g.firstRef[to]; !found {
			// Not an error: semantics §8.3 defines the run-time outcome.
			v.warn(joinPath(rp, "jump_to"), "no stage has ref_id %q: taking this route makes the router stage TERMINAL", to)
		}
		if c, ok := m["context"]; ok && c != nil {
			if _, isMap := c.(map[string]any); !isMap {
				v.probs.add(joinPath(rp, "context"), c, ErrType, "expected an object")
			}
		}
	}
}

// subWorkflow decodes and validates a nested definition in place.
func (v *validator) subWorkflow(path string, val any, depth int) {
	if val == nil {
		v.probs.add(path, nil, ErrRequired, "a sub_workflow task runs the definition given here")
		return
	}
	if depth >= maxSubWorkflowDepth {
		v.probs.add(path, nil, ErrInvalid, "sub-workflows nested deeper than %d", maxSubWorkflowDepth)
		return
	}
	child := decodeWorkflow(v.probs, path, val)
	if child == nil {
		return
	}
	child.ApplyDefaults()
	v.workflow(path, child, depth+1)
}
