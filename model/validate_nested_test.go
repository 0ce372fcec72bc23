package model

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSubWorkflowDepthLimit: nested _sub_workflow_config definitions are
// followed down to maxSubWorkflowDepth levels, then reported.
func TestSubWorkflowDepthLimit(t *testing.T) {
	nest := func(levels int) []byte {
		var def map[string]any = map[string]any{"stages": []any{map[string]any{"ref_id": "leaf", "type": "noop"}}}
		for range levels {
			def = map[string]any{"application": "a", "name": "n", "stages": []any{map[string]any{
				"ref_id": "sub", "type": "sub_workflow", "context": map[string]any{KeySubWorkflow: def}}}}
		}
		b, err := json.Marshal(def)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if _, _, err := LoadAndValidate("ok.json", nest(maxSubWorkflowDepth), ValidateOptions{}); err != nil {
		t.Fatalf("%d levels must validate: %v", maxSubWorkflowDepth, err)
	}
	_, _, err := LoadAndValidate("deep.json", nest(maxSubWorkflowDepth+1), ValidateOptions{})
	if err == nil || !strings.Contains(err.Error(), "sub-workflows nested deeper than 10") {
		t.Fatalf("err = %v", err)
	}
}
