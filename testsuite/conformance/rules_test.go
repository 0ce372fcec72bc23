package conformance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRules(t *testing.T) {
	rules, err := ParseRules(strings.NewReader("# header\nJOIN-AND-1\tAND waits\n\nSTATUS-2\ttable\n"))
	require.NoError(t, err)
	assert.Equal(t, []Rule{{"JOIN-AND-1", "AND waits"}, {"STATUS-2", "table"}}, rules)
	assert.Equal(t, "JOIN-AND", rules[0].Group())
	_, err = ParseRules(strings.NewReader("join-and-1\tx\n"))
	assert.ErrorContains(t, err, "line 1")
	_, err = ParseRules(strings.NewReader("A-1\tx\nA-1\ty\n"))
	assert.ErrorContains(t, err, "duplicate id A-1")
}

func TestParseNotApplicable(t *testing.T) {
	na, err := ParseNotApplicable(strings.NewReader("# Not applicable\n\nprose\n- STATUS-2: a table; interpreter/engine x_test.go\n* `STATUS-3`: same\n"))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"STATUS-2": "a table; interpreter/engine x_test.go", "STATUS-3": "same"}, na)
	_, err = ParseNotApplicable(strings.NewReader("- STATUS-2:\n"))
	assert.ErrorContains(t, err, "needs a reason")
}

func TestCoverage(t *testing.T) {
	rules := []Rule{{ID: "A-1"}, {ID: "A-2"}, {ID: "B-1"}}
	scs := []*Scenario{{Group: "a", Name: "x", Rules: []string{"A-1", "Z-9"}}}
	uncovered, unknown := Coverage(rules, scs, map[string]string{"B-1": "pure table", "Q-1": "typo"})
	assert.Equal(t, []string{"A-2"}, uncovered)
	assert.Equal(t, []string{"Q-1 (NOT_APPLICABLE.md)", "Z-9 (a/x)"}, unknown)
}
