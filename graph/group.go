package graph

// A group is what the layout places as one graph: the top-level stages,
// or a parent stage's own box together with its synthetic children. A
// stage with synthetic children appears in its enclosing group as a
// cluster block, sized by its inner group, so clusters never overlap
// other stages.

// Cluster and box spacing, in SVG user units.
const (
	clusterPad    = 12.0 // padding inside a cluster frame
	clusterTitleH = 22.0 // room for the cluster title above its group
	boxPadX       = 10.0 // horizontal padding inside a stage box
	boxPadY       = 7.0  // vertical padding inside a stage box
	titleSize     = 13.0 // font size of a stage title
	noteSize      = 11.0 // font size of the other lines
	titleLineH    = 17.0
	noteLineH     = 14.0
	minBoxW       = 96.0
)

// block is one item of a group: a stage box or a cluster.
type block struct {
	n *node
	// inner is the group inside a cluster; nil for a stage box.
	inner *group
	// abs is the block's absolute position in the image.
	abs rect
}

// group is a laid-out set of blocks with the edges between them.
type group struct {
	blocks []*block
	edges  []*edge
	place  placement
}

// layoutGroup lays out members (a stage with children becomes a cluster
// unless it is the group's own parent, listed first as a box) and the
// layered edges of d between them.
func layoutGroup(d *diagram, members []*node, parent *node) *group {
	g := &group{}
	index := make(map[*node]int, len(members))
	sizes := make([]point, len(members))
	for i, m := range members {
		b := &block{n: m}
		if m != parent && len(m.children) > 0 {
			b.inner = layoutGroup(d, append([]*node{m}, m.children...), m)
			sizes[i] = point{
				max(b.inner.place.w, textWidth(m.clusterTitle(), noteSize, true)) + 2*clusterPad,
				b.inner.place.h + clusterTitleH + clusterPad,
			}
		} else {
			sizes[i] = boxSize(m)
		}
		index[m] = i
		g.blocks = append(g.blocks, b)
	}
	var links []link
	for _, e := range d.edges {
		a, okA := index[e.from]
		b, okB := index[e.to]
		if !okA || !okB || !e.kind.layered() {
			continue
		}
		l := link{from: a, to: b}
		if e.label != "" {
			l.labelW = textWidth(e.label, noteSize, false)
		}
		links = append(links, l)
		g.edges = append(g.edges, e)
	}
	g.place = layoutLayered(sizes, links)
	return g
}

// setAbs gives every block of g and of its clusters an absolute position,
// g's top-left corner being at origin.
func (g *group) setAbs(origin point) {
	for i, b := range g.blocks {
		r := g.place.boxes[i]
		b.abs = rect{origin.x + r.x, origin.y + r.y, r.w, r.h}
		if b.inner != nil {
			inner := b.inner.place
			// Centre the inner group when the title is wider than it.
			dx := (b.abs.w - 2*clusterPad - inner.w) / 2
			b.inner.setAbs(point{b.abs.x + clusterPad + dx, b.abs.y + clusterTitleH})
		}
	}
}

// boxes returns the absolute box of every stage node in g and its
// clusters.
func (g *group) boxes(out map[*node]rect) {
	for _, b := range g.blocks {
		if b.inner != nil {
			b.inner.boxes(out)
			continue
		}
		out[b.n] = b.abs
	}
}

// boxSize is the size of a stage box: its lines plus padding.
func boxSize(n *node) point {
	lines := n.lines()
	w := textWidth(lines[0], titleSize, true)
	for _, l := range lines[1:] {
		w = max(w, textWidth(l, noteSize, false))
	}
	h := 2*boxPadY + titleLineH + noteLineH*float64(len(lines)-1)
	return point{max(minBoxW, w+2*boxPadX), h}
}

// textWidth estimates the width of s in a sans-serif font: no font metrics
// are available, so each rune counts as an average glyph.
func textWidth(s string, size float64, bold bool) float64 {
	per := 0.56
	if bold {
		per = 0.62
	}
	return float64(len([]rune(s))) * size * per
}
