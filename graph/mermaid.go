package graph

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// writeMermaid writes d as a Mermaid flowchart.
func writeMermaid(w io.Writer, d *diagram) error {
	p := &printer{w: w}
	p.linef("---")
	p.linef("title: %s", strconv.Quote(mermaidTitle(d)))
	p.linef("---")
	p.linef("flowchart LR")
	for _, n := range d.roots {
		mermaidNode(p, n, "  ")
	}
	for _, e := range d.edges {
		p.linef("  %s %s %s", e.from.id, mermaidArrow(e), e.to.id)
	}
	for _, s := range d.usedStatuses() {
		fill, stroke := StatusColors(s)
		p.linef("  classDef %s fill:%s,stroke:%s", strings.ToLower(s.String()), fill, stroke)
	}
	if d.hasWithdrawn() {
		p.linef("  classDef withdrawn stroke-dasharray:5 5,opacity:0.6")
	}
	for _, n := range d.nodes {
		var classes []string
		if n.stage.Status != 0 {
			classes = append(classes, strings.ToLower(n.stage.Status.String()))
		}
		if n.stage.Withdrawn {
			classes = append(classes, "withdrawn")
		}
		if len(classes) > 0 {
			p.linef("  class %s %s", n.id, strings.Join(classes, ","))
		}
	}
	return p.err
}

// mermaidTitle is the front-matter title: application / name.
func mermaidTitle(d *diagram) string {
	t := d.wf.Application + " / " + d.wf.Name
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(t)
}

// mermaidNode writes n, or the subgraph of n and its synthetic children.
func mermaidNode(p *printer, n *node, indent string) {
	if len(n.children) == 0 {
		p.linef("%s%s[\"%s\"]", indent, n.id, mermaidLabel(n))
		return
	}
	p.linef("%ssubgraph %s [\"%s\"]", indent, n.clusterID(), mermaidText(n.clusterTitle()))
	p.linef("%s  direction LR", indent)
	p.linef("%s  %s[\"%s\"]", indent, n.id, mermaidLabel(n))
	for _, c := range n.children {
		mermaidNode(p, c, indent+"  ")
	}
	p.linef("%send", indent)
}

// mermaidLabel is a node label: bold title, then the other lines.
func mermaidLabel(n *node) string {
	lines := n.lines()
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = mermaidText(l)
	}
	parts[0] = "<b>" + parts[0] + "</b>"
	return strings.Join(parts, "<br/>")
}

// mermaidArrow is the arrow of e, with its label.
func mermaidArrow(e *edge) string {
	arrow := "-->"
	if !e.kind.layered() || e.kind == edgeBefore || e.kind == edgeAfter {
		arrow = "-.->"
	}
	if e.label == "" {
		return arrow
	}
	return fmt.Sprintf("%s|\"%s\"|", arrow, mermaidText(e.label))
}

// mermaidText escapes text for a quoted Mermaid label with entity codes.
var mermaidText = strings.NewReplacer(
	"#", "#35;", "&", "#amp;", "\"", "#quot;", "<", "#lt;", ">", "#gt;",
	"\n", " ", "\r", " ", "|", "#124;", "`", "#96;",
).Replace

// printer writes lines, keeping the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) linef(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
}
