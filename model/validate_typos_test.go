package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A context key one edit from an engine key is reported as a likely typo,
// unless a built-in task reads it (the router's max_jumps).
func TestContextTypoWarnings(t *testing.T) {
	wf, err := Load("typos.yaml", []byte(`
application: demo
name: typos
stages:
  - ref_id: r
    type: router
    context:
      max_jumps: 3
      routes: []
      stageTimeotMs: 5
`))
	require.NoError(t, err)
	warnings, err := Validate(wf, "typos.yaml", ValidateOptions{})
	require.NoError(t, err)
	require.Len(t, warnings, 1, "only the misspelt stageTimeoutMs: %v", warnings)
	assert.Contains(t, warnings[0], `did you mean "stageTimeoutMs"?`)
}
