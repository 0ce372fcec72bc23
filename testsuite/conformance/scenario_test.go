package conformance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

const goodScenario = `
rules: [JOIN-AND-1]
description: an AND join waits
definition:
  application: t
  name: n
  stages:
    - {ref_id: a, type: noop}
    - {ref_id: b, type: noop, requisite_stage_ref_ids: [a]}
options: {continue_as_new_after: 40}
actions:
  - when: {stage: a, status: SUSPENDED}
    do: approve
    stage: a
    data: {ticket: 7}
  - when: {after: previous}
    do: add_instance
    stage: b
    data: {item: x}
expect:
  status: SUCCEEDED
  stages: {a: SUCCEEDED}
  order: [[a, b]]
`

func TestParse(t *testing.T) {
	t.Run("a full scenario decodes, definition re-encodes as a loadable definition", func(t *testing.T) {
		sc, err := Parse("g/n.yaml", "g", "n", []byte(goodScenario))
		require.NoError(t, err)
		assert.Equal(t, "g/n", sc.ID())
		assert.Equal(t, []string{"JOIN-AND-1"}, sc.Rules)
		assert.Equal(t, 40, sc.Options.ContinueAsNewAfter)
		require.Len(t, sc.Actions, 2)
		assert.Equal(t, map[string]any{"ticket": 7}, sc.Actions[0].Data)
		assert.Equal(t, "approve a when stage a is SUSPENDED", sc.Actions[0].String())
		def, err := sc.DefinitionYAML()
		require.NoError(t, err)
		wf, err := model.Load("n.yaml", def)
		require.NoError(t, err)
		assert.Len(t, wf.Stages, 2)
	})
	bad := []struct{ name, text, want string }{
		{"unknown key is an error (typos do not pass silently)", strings.Replace(goodScenario, "order:", "ordre:", 1), "ordre"},
		{"rules are required", strings.Replace(goodScenario, "rules: [JOIN-AND-1]", "rules: []", 1), "rules"},
		{"status is required unless rejected", strings.Replace(goodScenario, "  status: SUCCEEDED\n", "", 1), "expect.status"},
		{"status names are checked", strings.Replace(goodScenario, "status: SUCCEEDED", "status: DONE", 1), "expect.status"},
		{"stage statuses are checked", strings.Replace(goodScenario, "{a: SUCCEEDED}", "{a: OK}", 1), "expect.stages.a"},
		{"unknown action", strings.Replace(goodScenario, "do: approve", "do: bless", 1), "do: expected one of"},
		{"stage actions need a stage", strings.Replace(goodScenario, "    stage: a\n", "", 1), "approve: expected a stage"},
		{"the first action has no previous", strings.Replace(goodScenario, "{stage: a, status: SUSPENDED}", "{after: previous}", 1), "no previous"},
		{"a stage trigger needs a status", strings.Replace(goodScenario, "{stage: a, status: SUSPENDED}", "{stage: a}", 1), "needs both"},
		{"order pairs have two stages", strings.Replace(goodScenario, "[[a, b]]", "[[a]]", 1), "expect.order[0]"},
		{"add_instance data is an object", strings.Replace(goodScenario, "data: {item: x}", "data: [x]", 1), "expected an object"},
		{"submit names a starter command", strings.Replace(goodScenario, "options:", "submit: launch\noptions:", 1), "submit: expected run or start"},
		{"empty file", "", "empty file"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("g/n.yaml", "g", "n", []byte(tc.text))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "g/n.yaml", "the error names the file")
		})
	}
	t.Run("submit: start is accepted", func(t *testing.T) {
		sc, err := Parse("g/n.yaml", "g", "n", []byte(strings.Replace(goodScenario, "options:", "submit: start\noptions:", 1)))
		require.NoError(t, err)
		assert.Equal(t, SubmitStart, sc.Submit)
	})
	t.Run("rejected scenarios need no status", func(t *testing.T) {
		text := strings.Replace(goodScenario, "  status: SUCCEEDED\n", "  rejected: cycle\n", 1)
		_, err := Parse("g/n.yaml", "g", "n", []byte(text))
		assert.NoError(t, err)
	})
}

func TestTriggerMatches(t *testing.T) {
	wf := &model.Workflow{Status: model.StatusRunning, Stages: []*model.StageExecution{
		{RefID: "a", Status: model.StatusSucceeded},
		{RefID: "mi", Status: model.StatusRunning},
		{RefID: "mi", Status: model.StatusSuspended},
	}}
	assert.True(t, Trigger{Stage: "a", Status: "SUCCEEDED"}.Matches(wf))
	assert.False(t, Trigger{Stage: "a", Status: "RUNNING"}.Matches(wf))
	assert.True(t, Trigger{Stage: "mi", Status: "SUSPENDED"}.Matches(wf), "any instance sharing the ref_id")
	assert.False(t, Trigger{Stage: "zz", Status: "RUNNING"}.Matches(wf))
	assert.True(t, Trigger{Workflow: "RUNNING"}.Matches(wf))
	assert.False(t, Trigger{Workflow: "PAUSED"}.Matches(wf))
	assert.True(t, Trigger{After: "previous"}.Matches(wf))
	assert.False(t, Trigger{Stage: "a", Status: "SUCCEEDED"}.Matches(nil))
}

func TestLoadDirExamples(t *testing.T) {
	scs, err := LoadDir("../testdata/conformance")
	require.NoError(t, err)
	require.NotEmpty(t, scs)
	for i := 1; i < len(scs); i++ {
		assert.Less(t, scs[i-1].ID(), scs[i].ID(), "sorted by group/name")
	}
}
