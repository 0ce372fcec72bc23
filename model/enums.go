package model

import "fmt"

// enumText parses name against names, returning its index.
func enumText(kind, name string, names []string) (int, error) {
	for i, n := range names {
		if n == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q: expected one of %v", kind, name, names)
}

// WorkflowType is PIPELINE or ORCHESTRATION; both run with the same semantics.
type WorkflowType uint8

// Workflow types.
const (
	WorkflowTypePipeline WorkflowType = iota
	WorkflowTypeOrchestration
)

var workflowTypeNames = []string{"PIPELINE", "ORCHESTRATION"}

// String returns the type name.
func (t WorkflowType) String() string { return nameOf(workflowTypeNames, int(t)) }

// MarshalText encodes the type name.
func (t WorkflowType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText decodes a type name.
func (t *WorkflowType) UnmarshalText(b []byte) error {
	i, err := enumText("workflow type", string(b), workflowTypeNames)
	*t = WorkflowType(i)
	return err
}

// JoinType is how a stage with several upstream stages decides to start
// (semantics §2.2). The zero value is AND.
type JoinType uint8

// Join types.
const (
	JoinAnd JoinType = iota
	JoinOr
	JoinMultiMerge
	JoinDiscriminator
	JoinNOfM
)

var joinTypeNames = []string{"AND", "OR", "MULTI_MERGE", "DISCRIMINATOR", "N_OF_M"}

// JoinTypeNames lists the accepted join type names.
func JoinTypeNames() []string { return append([]string(nil), joinTypeNames...) }

// String returns the join type name.
func (t JoinType) String() string { return nameOf(joinTypeNames, int(t)) }

// MarshalText encodes the join type name.
func (t JoinType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText decodes a join type name.
func (t *JoinType) UnmarshalText(b []byte) error {
	i, err := enumText("join type", string(b), joinTypeNames)
	*t = JoinType(i)
	return err
}

// SplitType is how a completed stage activates its downstream stages
// (semantics §5). The zero value is AND.
type SplitType uint8

// Split types.
const (
	SplitAnd SplitType = iota
	SplitOr
)

var splitTypeNames = []string{"AND", "OR"}

// String returns the split type name.
func (t SplitType) String() string { return nameOf(splitTypeNames, int(t)) }

// MarshalText encodes the split type name.
func (t SplitType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText decodes a split type name.
func (t *SplitType) UnmarshalText(b []byte) error {
	i, err := enumText("split type", string(b), splitTypeNames)
	*t = SplitType(i)
	return err
}

// SyntheticStageOwner tells whether a synthetic stage runs before or after
// its parent's tasks. The zero value, OwnerNone, marks a top-level stage and
// is omitted from JSON.
type SyntheticStageOwner uint8

// Synthetic stage owners.
const (
	OwnerNone SyntheticStageOwner = iota
	OwnerStageBefore
	OwnerStageAfter
)

var ownerNames = []string{"", "STAGE_BEFORE", "STAGE_AFTER"}

// String returns the owner name ("" for OwnerNone).
func (o SyntheticStageOwner) String() string { return nameOf(ownerNames, int(o)) }

// MarshalText encodes the owner name.
func (o SyntheticStageOwner) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText decodes STAGE_BEFORE or STAGE_AFTER (or "" for none).
func (o *SyntheticStageOwner) UnmarshalText(b []byte) error {
	i, err := enumText("synthetic stage owner", string(b), ownerNames)
	*o = SyntheticStageOwner(i)
	return err
}

func nameOf(names []string, i int) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("invalid(%d)", i)
}
