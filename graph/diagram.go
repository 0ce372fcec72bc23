package graph

import (
	"fmt"
	"slices"

	"github.com/stabilize-go/stabilize/model"
)

// diagram is a workflow as a graph, shared by every output format.
type diagram struct {
	wf *model.Workflow
	// nodes holds one node per stage, in definition order.
	nodes []*node
	// roots are the top-level nodes, in definition order.
	roots []*node
	// edges are the requisite and phase edges, then the milestone and jump
	// edges, each group in definition order.
	edges []*edge
}

// node is one stage.
type node struct {
	id    string // positional: "s0", "s1", ...
	stage *model.StageExecution
	// parent is the synthetic parent, nil for a top-level stage.
	parent *node
	// children are the synthetic children, in definition order.
	children []*node
}

// clusterID names the cluster drawn around n and its synthetic children.
func (n *node) clusterID() string { return "c" + n.id[1:] }

// edgeKind tells what an edge stands for.
type edgeKind uint8

const (
	// edgeRequisite is a requisite_stage_ref_ids entry: upstream to stage.
	edgeRequisite edgeKind = iota
	// edgeBefore runs from a last before-stage to its parent (semantics §7.2).
	edgeBefore
	// edgeAfter runs from a parent to a first after-stage (semantics §7.2).
	edgeAfter
	// edgeMilestone runs from a milestone stage to the stage it gates
	// (semantics §2.7). It plays no part in the layout's layering.
	edgeMilestone
	// edgeJump runs from a router to a jump_to target (semantics §8). It
	// plays no part in the layout's layering.
	edgeJump
)

// layered reports whether the edge takes part in layering.
func (k edgeKind) layered() bool { return k <= edgeAfter }

// edge is one arrow of the diagram.
type edge struct {
	from, to *node
	kind     edgeKind
	label    string
}

// newDiagram builds the graph of wf.
func newDiagram(wf *model.Workflow) *diagram {
	d := &diagram{wf: wf}
	// Stages are looked up by id and by ref_id (the first stage wins, as
	// in model.Workflow.StageByID and StageByRefID); nil stages are left
	// out rather than dereferenced.
	byID := map[string]*node{}
	byRef := map[string]*node{}
	for i, s := range wf.Stages {
		if s == nil {
			continue
		}
		n := &node{id: fmt.Sprintf("s%d", i), stage: s}
		d.nodes = append(d.nodes, n)
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = n
		}
		if _, dup := byRef[s.RefID]; !dup {
			byRef[s.RefID] = n
		}
	}
	for _, n := range d.nodes {
		if p := byID[n.stage.ParentStageID]; n.stage.IsSynthetic() && p != nil && p != n && !p.descendsFrom(n) {
			n.parent = p
			p.children = append(p.children, n)
		}
	}
	for _, n := range d.nodes {
		if n.parent == nil {
			d.roots = append(d.roots, n)
		}
	}
	d.addRequisiteEdges()
	d.addPhaseEdges()
	d.addMilestoneEdges(byRef)
	d.addJumpEdges(byRef)
	return d
}

// descendsFrom reports whether a is n or one of its synthetic
// descendants, so that a parent cycle in a broken definition cannot nest
// a stage inside itself.
func (n *node) descendsFrom(a *node) bool {
	for p := n; p != nil; p = p.parent {
		if p == a {
			return true
		}
	}
	return false
}

// siblings returns the nodes that share n's parent, in definition order.
func (d *diagram) siblings(n *node) []*node {
	if n.parent == nil {
		return d.roots
	}
	return n.parent.children
}

// sibling returns the sibling of n with the given ref_id, or nil.
func (d *diagram) sibling(n *node, ref string) *node {
	for _, o := range d.siblings(n) {
		if o.stage.RefID == ref {
			return o
		}
	}
	return nil
}

// addRequisiteEdges adds one edge per requisite, labelled with the
// upstream's OR split condition for this stage (semantics §5.2).
func (d *diagram) addRequisiteEdges() {
	for _, n := range d.nodes {
		var seen []string
		for _, ref := range n.stage.RequisiteStageRefIDs {
			up := d.sibling(n, ref)
			if up == nil || up == n || slices.Contains(seen, ref) {
				continue
			}
			seen = append(seen, ref)
			e := &edge{from: up, to: n, kind: edgeRequisite}
			if up.stage.SplitType == model.SplitOr && len(up.stage.SplitConditions) > 0 {
				// A downstream without a condition is always activated
				// (semantics §5.2).
				e.label = up.stage.SplitConditions[n.stage.RefID]
				if e.label == "" {
					e.label = "always"
				}
			}
			d.edges = append(d.edges, e)
		}
	}
}

// addPhaseEdges links each parent's phases: the last before-stages lead
// to the parent, and the parent leads to the first after-stages.
func (d *diagram) addPhaseEdges() {
	for _, p := range d.nodes {
		for _, c := range p.children {
			if c.stage.SyntheticStageOwner == model.OwnerStageBefore && !d.hasDownstreamInPhase(c) {
				d.edges = append(d.edges, &edge{from: c, to: p, kind: edgeBefore})
			}
		}
		for _, c := range p.children {
			if c.stage.SyntheticStageOwner == model.OwnerStageAfter && !d.hasUpstreamInPhase(c) {
				d.edges = append(d.edges, &edge{from: p, to: c, kind: edgeAfter})
			}
		}
	}
}

func (d *diagram) hasDownstreamInPhase(n *node) bool {
	for _, o := range d.siblings(n) {
		if o != n && o.stage.SyntheticStageOwner == n.stage.SyntheticStageOwner &&
			slices.Contains(o.stage.RequisiteStageRefIDs, n.stage.RefID) {
			return true
		}
	}
	return false
}

func (d *diagram) hasUpstreamInPhase(n *node) bool {
	for _, ref := range n.stage.RequisiteStageRefIDs {
		if o := d.sibling(n, ref); o != nil && o != n && o.stage.SyntheticStageOwner == n.stage.SyntheticStageOwner {
			return true
		}
	}
	return false
}

// addMilestoneEdges adds a dotted edge from each milestone stage to the
// stage it gates, labelled with the required status.
func (d *diagram) addMilestoneEdges(byRef map[string]*node) {
	for _, n := range d.nodes {
		if n.stage.MilestoneRefID == "" {
			continue
		}
		m := byRef[n.stage.MilestoneRefID]
		if m == nil || m == n {
			continue
		}
		d.edges = append(d.edges, &edge{from: m, to: n, kind: edgeMilestone,
			label: "milestone " + n.stage.MilestoneStatus})
	}
}

// addJumpEdges adds a dotted edge from a router stage to each jump_to
// target of its routes, labelled with the route's condition.
func (d *diagram) addJumpEdges(byRef map[string]*node) {
	for _, n := range d.nodes {
		routes, _ := n.stage.Context["routes"].([]any)
		for _, r := range routes {
			route, _ := r.(map[string]any)
			target, _ := route["jump_to"].(string)
			if target == "" {
				continue
			}
			to := d.sibling(n, target)
			if to == nil {
				to = byRef[target]
			}
			if to == nil {
				continue
			}
			label := "jump"
			if when, _ := route["when"].(string); when != "" {
				label = "jump if " + when
			}
			d.edges = append(d.edges, &edge{from: n, to: to, kind: edgeJump, label: label})
		}
	}
}
