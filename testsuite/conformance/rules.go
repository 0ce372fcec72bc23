package conformance

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Rule is one row of the semantics checklist (§12).
type Rule struct {
	ID, Text string
}

// Group is the rule id's prefix without its number, e.g. JOIN-AND for
// JOIN-AND-1.
func (r Rule) Group() string { return RuleGroup(r.ID) }

// RuleGroup returns the prefix of a rule id without its trailing number.
func RuleGroup(id string) string {
	if i := strings.LastIndex(id, "-"); i > 0 {
		return id[:i]
	}
	return id
}

// ruleID is the shape of a checklist id: upper-case words and a number.
var ruleID = regexp.MustCompile(`^[A-Z]+(-[A-Z]+)*-[0-9]+$`)

// ParseRules reads RULES.txt: one rule per line, "ID<TAB>text"; blank
// lines and lines starting with # are ignored.
func ParseRules(r io.Reader) ([]Rule, error) {
	var out []Rule
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, text, _ := strings.Cut(line, "\t")
		id = strings.TrimSpace(id)
		if !ruleID.MatchString(id) {
			return nil, fmt.Errorf("rules line %d: expected ID<TAB>text with an id like JOIN-AND-1, got %q", n, line)
		}
		if seen[id] {
			return nil, fmt.Errorf("rules line %d: duplicate id %s", n, id)
		}
		seen[id] = true
		out = append(out, Rule{ID: id, Text: strings.TrimSpace(text)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	return out, nil
}

// notApplicable matches a NOT_APPLICABLE.md entry: "- RULE-ID: reason".
var notApplicable = regexp.MustCompile(`^[-*]\s+` + "`?" + `([A-Z]+(?:-[A-Z]+)*-[0-9]+)` + "`?" + `\s*:\s*(.*)$`)

// ParseNotApplicable reads NOT_APPLICABLE.md: every list item
// "- RULE-ID: reason" exempts a rule from the one-scenario minimum; the
// reason must not be empty. Other lines are prose.
func ParseNotApplicable(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		m := notApplicable.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		if strings.TrimSpace(m[2]) == "" {
			return nil, fmt.Errorf("NOT_APPLICABLE line %d: %s needs a reason", n, m[1])
		}
		out[m[1]] = strings.TrimSpace(m[2])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read NOT_APPLICABLE: %w", err)
	}
	return out, nil
}

// Coverage returns the rule ids that have neither a scenario nor a
// not-applicable entry, and the scenario rule ids that are not in rules
// (typos), each as "id (scenario)".
func Coverage(rules []Rule, scenarios []*Scenario, na map[string]string) (uncovered, unknown []string) {
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	covered := map[string]bool{}
	for _, sc := range scenarios {
		for _, id := range sc.Rules {
			covered[id] = true
			if !known[id] {
				unknown = append(unknown, fmt.Sprintf("%s (%s)", id, sc.ID()))
			}
		}
	}
	for id := range na {
		if !known[id] {
			unknown = append(unknown, fmt.Sprintf("%s (NOT_APPLICABLE.md)", id))
		}
	}
	sort.Strings(unknown)
	for _, r := range rules {
		if !covered[r.ID] && na[r.ID] == "" {
			uncovered = append(uncovered, r.ID)
		}
	}
	return uncovered, unknown
}
