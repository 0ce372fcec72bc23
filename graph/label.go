package graph

import (
	"fmt"
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// title is the first line of a node: the stage name.
func (n *node) title() string {
	if n.stage.Name != "" {
		return n.stage.Name
	}
	return n.stage.RefID
}

// subtitle is the second line of a node: the stage type, and the ref_id
// when the name differs from it.
func (n *node) subtitle() string {
	if n.stage.Name != "" && n.stage.Name != n.stage.RefID {
		return n.stage.Type + " · " + n.stage.RefID
	}
	return n.stage.Type
}

// notes are the further lines of a node: the control-flow features of the
// stage in a fixed order, then runtime facts (status, runs, withdrawn).
func (n *node) notes() []string {
	s := n.stage
	var out []string
	switch s.SyntheticStageOwner {
	case model.OwnerStageBefore:
		out = append(out, "before stage")
	case model.OwnerStageAfter:
		out = append(out, "after stage")
	}
	if j := joinNote(s); j != "" {
		out = append(out, j)
	}
	if s.SplitType == model.SplitOr {
		if len(s.SplitConditions) == 0 {
			out = append(out, "split: OR (no conditions: as AND)") // semantics §5.1
		} else {
			out = append(out, "split: OR")
		}
	}
	if s.MutexKey != "" {
		out = append(out, "mutex: "+s.MutexKey)
	}
	if s.DeferredChoiceGroup != "" {
		out = append(out, "choice: "+s.DeferredChoiceGroup)
	}
	if s.CancelRegion != "" {
		out = append(out, "region: "+s.CancelRegion)
	}
	if s.MilestoneRefID != "" {
		out = append(out, fmt.Sprintf("milestone: %s = %s", s.MilestoneRefID, s.MilestoneStatus))
	}
	if m := miNote(s.MIConfig); m != "" {
		out = append(out, m)
	}
	if s.Status != model.StatusNotStarted {
		out = append(out, s.Status.String())
	}
	if s.RunCount > 1 {
		out = append(out, fmt.Sprintf("runs: %d", s.RunCount))
	}
	if s.Withdrawn {
		out = append(out, "withdrawn")
	}
	return out
}

// joinNote describes a join other than AND (semantics §2.2).
func joinNote(s *model.StageExecution) string {
	switch s.JoinType {
	case model.JoinAnd:
		return ""
	case model.JoinNOfM:
		if s.JoinThreshold <= 0 {
			return "join: N_OF_M (no threshold: as AND)"
		}
		return fmt.Sprintf("join: N_OF_M (%d of %d)", s.JoinThreshold, len(s.RequisiteStageRefIDs))
	}
	return "join: " + s.JoinType.String()
}

// miNote describes a multi-instance configuration (semantics §9).
func miNote(c *model.MultiInstanceConfig) string {
	if c == nil {
		return ""
	}
	var parts []string
	switch {
	case c.CollectionFromContext != "":
		parts = append(parts, "each of "+c.CollectionFromContext)
	case c.CountFromContext != "":
		parts = append(parts, "count from "+c.CountFromContext)
	default:
		parts = append(parts, fmt.Sprintf("count %d", c.Count))
	}
	if c.JoinThreshold > 0 {
		parts = append(parts, fmt.Sprintf("join %d", c.JoinThreshold))
	}
	if c.CancelRemaining {
		parts = append(parts, "cancel remaining")
	}
	if c.AllowDynamic {
		parts = append(parts, "dynamic")
	}
	if !c.SyncOnComplete {
		parts = append(parts, "no sync")
	}
	return "multi-instance: " + strings.Join(parts, ", ")
}

// lines returns every text line of a node.
func (n *node) lines() []string {
	return append([]string{n.title(), n.subtitle()}, n.notes()...)
}

// clusterTitle labels the cluster of a parent stage and its synthetic
// children.
func (n *node) clusterTitle() string { return n.title() + " (synthetic stages)" }
