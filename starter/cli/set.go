package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// setHelp documents --set for run and start.
const setHelp = `--set key=value sets a value before the run is submitted (repeatable):
  trigger.parameters.NAME=V   a trigger parameter (dots nest: trigger.parameters.a.b=1)
  trigger.user=U, trigger.type=T
  NAME=V                      a top-level workflow context key (dots nest: a.b=1)
V is parsed as JSON when it is valid JSON (1, true, {"a":1}, "quoted"), else kept as a string.
The engine never copies trigger or workflow context into stages (semantics §4.5): they are
recorded with the run and visible in the status query.`

// applySets applies --set assignments to the definition.
func applySets(wf *model.Workflow, sets []string) error {
	for _, s := range sets {
		key, raw, ok := strings.Cut(s, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return usageErrorf("--set %q: expected key=value", s)
		}
		val := parseValue(raw)
		switch {
		case key == "trigger.user" || key == "trigger.type":
			str, isStr := val.(string)
			if !isStr {
				str = raw
			}
			if key == "trigger.user" {
				wf.Trigger.User = str
			} else {
				wf.Trigger.Type = str
			}
		case strings.HasPrefix(key, "trigger.parameters."):
			if wf.Trigger.Parameters == nil {
				wf.Trigger.Parameters = map[string]any{}
			}
			if err := setPath(wf.Trigger.Parameters, strings.TrimPrefix(key, "trigger.parameters."), val); err != nil {
				return usageErrorf("--set %q: %w", s, err)
			}
		case strings.HasPrefix(key, "trigger."):
			return usageErrorf("--set %q: expected trigger.parameters.NAME, trigger.user or trigger.type", s)
		default:
			if wf.Context == nil {
				wf.Context = map[string]any{}
			}
			if err := setPath(wf.Context, key, val); err != nil {
				return usageErrorf("--set %q: %w", s, err)
			}
		}
	}
	return nil
}

// parseValue decodes JSON when raw is valid JSON, else returns raw.
func parseValue(raw string) any {
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err == nil {
		return v
	}
	return raw
}

// setPath sets a dotted path in m, creating nested maps.
func setPath(m map[string]any, path string, val any) error {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if p == "" {
			return fmt.Errorf("empty segment in key %q", path)
		}
		if i == len(parts)-1 {
			m[p] = val
			return nil
		}
		next, ok := m[p].(map[string]any)
		if !ok {
			if _, exists := m[p]; exists {
				return fmt.Errorf("%s is not an object", strings.Join(parts[:i+1], "."))
			}
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	return nil
}
