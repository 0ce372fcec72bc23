package graph

import (
	"io"
	"strconv"
	"strings"
)

// writeDOT writes d as a Graphviz digraph.
func writeDOT(w io.Writer, d *diagram) error {
	p := &printer{w: w}
	p.linef("digraph %s {", dotQuote(d.wf.Application+" / "+d.wf.Name))
	p.linef("  label=%s;", dotQuote(d.wf.Application+" / "+d.wf.Name))
	p.linef("  labelloc=t;")
	p.linef("  rankdir=LR;")
	p.linef("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];")
	p.linef("  edge [fontname=\"Helvetica\", fontsize=10];")
	for _, n := range d.roots {
		dotNode(p, n, "  ")
	}
	for _, e := range d.edges {
		var attrs []string
		if e.label != "" {
			attrs = append(attrs, "label="+dotQuote(e.label))
		}
		switch e.kind {
		case edgeBefore, edgeAfter:
			attrs = append(attrs, "style=dashed")
		case edgeMilestone, edgeJump:
			attrs = append(attrs, "style=dotted", "constraint=false")
		}
		line := "  " + e.from.id + " -> " + e.to.id
		if len(attrs) > 0 {
			line += " [" + strings.Join(attrs, ", ") + "]"
		}
		p.linef("%s;", line)
	}
	p.linef("}")
	return p.err
}

// dotNode writes n, or the cluster of n and its synthetic children.
func dotNode(p *printer, n *node, indent string) {
	if len(n.children) == 0 {
		p.linef("%s%s;", indent, dotNodeDecl(n))
		return
	}
	p.linef("%ssubgraph cluster_%s {", indent, n.clusterID())
	p.linef("%s  label=%s;", indent, dotQuote(n.clusterTitle()))
	p.linef("%s  style=dashed;", indent)
	p.linef("%s  %s;", indent, dotNodeDecl(n))
	for _, c := range n.children {
		dotNode(p, c, indent+"  ")
	}
	p.linef("%s}", indent)
}

// dotNodeDecl declares n with its label and colours.
func dotNodeDecl(n *node) string {
	fill, stroke := StatusColors(n.stage.Status)
	attrs := []string{
		"label=" + dotQuote(strings.Join(n.lines(), "\n")),
		"fillcolor=" + strconv.Quote(fill),
		"color=" + strconv.Quote(stroke),
	}
	if n.stage.Withdrawn {
		attrs = append(attrs, "style=\"rounded,filled,dashed\"")
	}
	return n.id + " [" + strings.Join(attrs, ", ") + "]"
}

// dotQuote quotes s as a DOT string; newlines become centred line breaks.
func dotQuote(s string) string {
	s = strings.NewReplacer("\\", "\\\\", "\"", "\\\"", "\r", "", "\n", "\\n").Replace(s)
	return "\"" + s + "\""
}
