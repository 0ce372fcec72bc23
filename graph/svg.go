package graph

import (
	"fmt"
	"io"
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// Image spacing, in SVG user units.
const (
	margin     = 16.0
	headerH    = 30.0 // the title line
	arcDrop    = 18.0 // how far below the boxes dotted edges reach
	arcRoom    = 40.0 // extra height when dotted edges are drawn
	legendH    = 28.0
	legendStep = 118.0
)

// Colours of the drawing itself (status colours are in colors.go).
const (
	edgeColor    = "#64748b"
	dottedColor  = "#8b5cf6"
	clusterFill  = "#f8fafc"
	clusterLine  = "#94a3b8"
	textColor    = "#111827"
	subtextColor = "#4b5563"
)

// writeSVG lays d out and writes it as a standalone SVG image.
func writeSVG(w io.Writer, d *diagram) error {
	top := layoutGroup(d, d.roots, nil)
	top.setAbs(point{margin, margin + headerH})
	boxes := make(map[*node]rect, len(d.nodes))
	top.boxes(boxes)

	var dotted []*edge
	for _, e := range d.edges {
		if !e.kind.layered() {
			dotted = append(dotted, e)
		}
	}
	statuses := d.usedStatuses()
	width := max(top.place.w, textWidth(svgTitle(d), 15, true)) + 2*margin
	bodyBottom := margin + headerH + top.place.h
	height := bodyBottom + margin
	if len(dotted) > 0 {
		height += arcRoom
	}
	legendY := height
	if len(statuses) > 0 {
		height += legendH
		width = max(width, 2*margin+legendStep*float64(len(statuses)))
	}

	s := &svgWriter{w: w}
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="%s">`+"\n",
		num(width), num(height), num(width), num(height), esc("workflow graph of "+svgTitle(d)))
	s.printf(`<defs>` +
		`<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="` + edgeColor + `"/></marker>` +
		`<marker id="arrow-dotted" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="` + dottedColor + `"/></marker>` +
		`</defs>` + "\n")
	s.printf(`<rect width="100%%" height="100%%" fill="#ffffff"/>` + "\n")
	s.printf(`<text class="title" x="%s" y="%s" font-size="15" font-weight="bold" fill="%s">%s</text>`+"\n",
		num(margin), num(margin+16), textColor, esc(svgTitle(d)))
	// Dotted edges go first: the opaque boxes drawn over them hide the
	// parts that pass behind a stage, and their labels go last.
	for _, e := range dotted {
		s.dottedEdge(e, boxes[e.from], boxes[e.to], bodyBottom)
	}
	s.group(top)
	for _, e := range dotted {
		s.dottedLabel(e, boxes[e.from], boxes[e.to], bodyBottom)
	}
	for i, st := range statuses {
		s.legendItem(st, margin+legendStep*float64(i), legendY)
	}
	s.printf("</svg>\n")
	return s.err
}

func svgTitle(d *diagram) string { return d.wf.Application + " / " + d.wf.Name }

// svgWriter writes SVG elements, keeping the first error.
type svgWriter struct {
	w   io.Writer
	err error
}

func (s *svgWriter) printf(format string, args ...any) {
	if s.err != nil {
		return
	}
	_, s.err = fmt.Fprintf(s.w, format, args...)
}

// group draws a group's clusters and boxes, then its edges on top.
func (s *svgWriter) group(g *group) {
	for _, b := range g.blocks {
		if b.inner != nil {
			s.cluster(b)
		} else {
			s.stage(b.n, b.abs)
		}
	}
	// Labels go last so that no later edge is drawn across them.
	for i, e := range g.edges {
		s.edge(e, g.place.routes[i], g.blocks[0].abs, g.place.boxes[0])
	}
	for i, e := range g.edges {
		if e.label != "" && len(g.place.routes[i]) >= 2 {
			at := g.place.labels[i]
			s.edgeLabel(e.label, point{at.x + g.blocks[0].abs.x - g.place.boxes[0].x, at.y + g.blocks[0].abs.y - g.place.boxes[0].y}, "end")
		}
	}
}

// cluster draws the frame of a parent stage's cluster and its contents.
func (s *svgWriter) cluster(b *block) {
	r := b.abs
	s.printf(`<g class="cluster" data-ref="%s">`+"\n", esc(b.n.stage.RefID))
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="%s" stroke="%s" stroke-dasharray="6 4"/>`+"\n",
		num(r.x), num(r.y), num(r.w), num(r.h), clusterFill, clusterLine)
	s.printf(`<text x="%s" y="%s" font-size="%s" font-weight="bold" fill="%s">%s</text>`+"\n",
		num(r.x+clusterPad), num(r.y+15), num(noteSize), subtextColor, esc(b.n.clusterTitle()))
	s.group(b.inner)
	s.printf("</g>\n")
}

// stage draws one stage box, coloured by status.
func (s *svgWriter) stage(n *node, r rect) {
	st := n.stage
	fill, stroke := StatusColors(st.Status)
	dash := ""
	if st.Withdrawn {
		dash = ` stroke-dasharray="5 4" opacity="0.6"`
	} else if st.Status == model.StatusSkipped {
		dash = ` stroke-dasharray="3 3"`
	}
	s.printf(`<g class="stage" id="stage-%s" data-ref="%s" data-status="%s">`+"\n", n.id, esc(st.RefID), st.Status)
	s.printf(`<title>%s</title>`+"\n", esc(st.RefID+" ("+st.Type+"): "+st.Status.String()))
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s" stroke-width="1.5"%s/>`+"\n",
		num(r.x), num(r.y), num(r.w), num(r.h), fill, stroke, dash)
	lines := n.lines()
	y := r.y + boxPadY + 13
	s.printf(`<text x="%s" y="%s" font-size="%s" font-weight="bold" fill="%s" text-anchor="middle">%s</text>`+"\n",
		num(r.x+r.w/2), num(y), num(titleSize), textColor, esc(lines[0]))
	y += titleLineH
	for _, l := range lines[1:] {
		s.printf(`<text x="%s" y="%s" font-size="%s" fill="%s" text-anchor="middle">%s</text>`+"\n",
			num(r.x+r.w/2), num(y-3), num(noteSize), subtextColor, esc(l))
		y += noteLineH
	}
	s.printf("</g>\n")
}

// edge draws a layered edge along its route. Routes are relative to the
// group; origin (the first block's absolute box) and first (its relative
// box) translate them.
func (s *svgWriter) edge(e *edge, route []point, origin, first rect) {
	if len(route) < 2 {
		return
	}
	dx, dy := origin.x-first.x, origin.y-first.y
	pts := make([]point, len(route))
	for i, p := range route {
		pts[i] = point{p.x + dx, p.y + dy}
	}
	dash := ""
	if e.kind == edgeBefore || e.kind == edgeAfter {
		dash = ` stroke-dasharray="5 4"`
	}
	s.printf(`<path class="edge" d="%s" fill="none" stroke="%s" stroke-width="1.4"%s marker-end="url(#arrow)"/>`+"\n",
		curve(pts), edgeColor, dash)
}

// dottedEdge draws a milestone or jump edge as a dotted arc from the
// bottom of one box to the bottom of the other, whose lowest point lies
// arcDrop below every box.
func (s *svgWriter) dottedEdge(e *edge, from, to rect, bottom float64) {
	a, b, c := arc(from, to, bottom)
	s.printf(`<path class="edge %s" d="M%s,%s C%s,%s %s,%s %s,%s" fill="none" stroke="%s" stroke-width="1.3" stroke-dasharray="2 3" marker-end="url(#arrow-dotted)"/>`+"\n",
		e.kindName(), num(a.x), num(a.y), num(a.x), num(c), num(b.x), num(c), num(b.x), num(b.y), dottedColor)
}

// dottedLabel labels a dotted edge under the lowest point of its arc.
func (s *svgWriter) dottedLabel(e *edge, from, to rect, bottom float64) {
	a, b, _ := arc(from, to, bottom)
	s.edgeLabel(e.label, point{(a.x + b.x) / 2, bottom + arcDrop + 14}, "middle")
}

// arc returns the ends of a dotted arc and the y of its control points.
// A cubic whose inner control points share y = c reaches its lowest point
// at t = 1/2, at (a.y + b.y)/8 + 3c/4; c is chosen to put it at
// bottom + arcDrop.
func arc(from, to rect, bottom float64) (a, b point, c float64) {
	a = point{from.x + from.w/2, from.y + from.h}
	b = point{to.x + to.w/2, to.y + to.h}
	c = (bottom + arcDrop - (a.y+b.y)/8) * 4 / 3
	return a, b, c
}

// kindName names a dotted edge's kind for CSS.
func (e *edge) kindName() string {
	if e.kind == edgeJump {
		return "jump"
	}
	return "milestone"
}

// edgeLabel draws a label on a white halo so that it stays readable.
func (s *svgWriter) edgeLabel(text string, at point, anchor string) {
	s.printf(`<text class="edge-label" x="%s" y="%s" font-size="%s" fill="%s" text-anchor="%s" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`+"\n",
		num(at.x), num(at.y), num(noteSize), subtextColor, anchor, esc(text))
}

// legendItem draws one status swatch of the legend.
func (s *svgWriter) legendItem(st model.WorkflowStatus, x, y float64) {
	fill, stroke := StatusColors(st)
	s.printf(`<rect x="%s" y="%s" width="14" height="14" rx="3" fill="%s" stroke="%s"/>`+"\n", num(x), num(y), fill, stroke)
	s.printf(`<text x="%s" y="%s" font-size="%s" fill="%s">%s</text>`+"\n", num(x+19), num(y+11), num(noteSize), subtextColor, st)
}

// curve is an SVG path through pts: straight where a segment is level,
// an S-shaped cubic where it is not.
func curve(pts []point) string {
	var b strings.Builder
	fmt.Fprintf(&b, "M%s,%s", num(pts[0].x), num(pts[0].y))
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		if p.y == q.y {
			fmt.Fprintf(&b, " L%s,%s", num(q.x), num(q.y))
			continue
		}
		mx := (p.x + q.x) / 2
		fmt.Fprintf(&b, " C%s,%s %s,%s %s,%s", num(mx), num(p.y), num(mx), num(q.y), num(q.x), num(q.y))
	}
	return b.String()
}

// num formats a coordinate with at most one decimal, for stable output.
func num(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// esc escapes text for SVG character data and attribute values.
var esc = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&#39;").Replace
