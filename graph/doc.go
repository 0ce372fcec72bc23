// Package graph draws a Stabilize workflow as a graph: stages are nodes
// (name and type), requisites are edges, and the definition's control-flow
// features are marked on them. Non-AND join types, OR splits, mutex keys,
// deferred-choice groups, cancel regions, milestones and multi-instance
// configurations are notes on a node; OR split conditions label their
// edges; synthetic before/after stages are drawn in a cluster with their
// parent; milestones and router jumps are dotted edges.
//
// Render writes one of three formats: Mermaid and Graphviz DOT text for
// documents and other tools, and SVG laid out in pure Go (a layered,
// Sugiyama-style layout), so nothing has to be installed to look at a
// workflow. Stage statuses colour the nodes, so the same call draws a
// definition (every stage NOT_STARTED) or a running workflow's status
// query result:
//
//	wf, err := model.LoadFile("examples/diamond.yaml")
//	if err != nil { ... }
//	err = graph.Render(os.Stdout, wf, graph.FormatSVG)
//
// Output is deterministic: nodes, edges and notes come in definition order
// and no map is iterated unsorted. Node identifiers are positional
// ("s0", "s1", ...), never the stages' generated ids, so rendering the same
// definition twice gives the same bytes.
package graph
