package model

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An absent tasks list takes the stage type's task; an explicit empty list
// means a stage with no tasks (PLAN-1, DETSTAT-3), in YAML and JSON, and
// both survive a JSON round trip.
func TestDefaultTaskOnlyWhenTasksAbsent(t *testing.T) {
	cases := map[string]string{
		"defs.yaml": `
name: tasks
stages:
  - {ref_id: absent, type: noop}
  - {ref_id: empty, type: noop, tasks: []}
`,
		"defs.json": `{"name":"tasks","stages":[
  {"ref_id":"absent","type":"noop"},
  {"ref_id":"empty","type":"noop","tasks":[]}]}`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			wf, err := Load(name, []byte(src))
			require.NoError(t, err)
			check := func(wf *Workflow) {
				require.Len(t, wf.Stages, 2)
				require.Len(t, wf.Stages[0].Tasks, 1, "absent tasks take the stage type's task")
				assert.Equal(t, "noop", wf.Stages[0].Tasks[0].ImplementingClass)
				assert.Empty(t, wf.Stages[1].Tasks, "an explicit empty list means no tasks")
			}
			check(wf)
			raw, err := json.Marshal(wf)
			require.NoError(t, err)
			var back Workflow
			require.NoError(t, json.Unmarshal(raw, &back))
			back.ApplyDefaults()
			check(&back)
		})
	}
}
