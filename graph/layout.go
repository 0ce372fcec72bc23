package graph

import (
	"slices"
)

// The layout is layered (Sugiyama-style), left to right:
//
//  1. rank the items topologically (definition order breaks ties) and
//     reverse the links that go against that order, so cycles cannot
//     stall the layout;
//  2. give each item the layer of its longest path from a source;
//  3. split links that span several layers with dummy nodes;
//  4. order each layer by the barycentre of its neighbours, sweeping down
//     and up a few times and keeping the order with the fewest crossings;
//  5. give each layer a column and each node a y that pulls it towards
//     its neighbours without overlapping the others.
//
// Every step is deterministic: ties keep definition order.

// Layout spacing, in SVG user units (pixels).
const (
	layerGap   = 56.0 // minimum horizontal gap between columns
	nodeGap    = 22.0 // vertical gap between boxes of a column
	labelPad   = 28.0 // horizontal room around an edge label
	sweepCount = 8    // barycentre sweeps (down and up alternately)
	alignCount = 6    // coordinate alignment rounds
)

type point struct{ x, y float64 }

type rect struct{ x, y, w, h float64 }

// link is an edge to lay out, between two item indexes.
type link struct {
	from, to int
	// labelW is the width of the edge label, 0 without one.
	labelW float64
}

// placement is the result of layoutLayered: boxes per item and routes per link,
// relative to the group's top-left corner.
type placement struct {
	boxes []rect
	// routes holds, per link, the points of its path from the source to the
	// target; nil for a self-link.
	routes [][]point
	// labels holds, per link, where its label ends (text-anchor end),
	// just above the last segment of its route.
	labels []point
	w, h   float64
}

// vnode is an item or a dummy node in the proper layered graph.
type vnode struct {
	item         int // -1 for a dummy
	layer, pos   int
	w, h         float64
	x, y         float64
	preds, succs []*vnode
	seq          int // creation order, for stable tie-breaking
}

func (v *vnode) cy() float64 { return v.y + v.h/2 }

// layoutLayered lays out items of the given sizes connected by links.
func layoutLayered(sizes []point, links []link) placement {
	n := len(sizes)
	rank := topoRank(n, links)
	// Orient every link from lower to higher rank.
	type oriented struct {
		a, b     int
		reversed bool
	}
	or := make([]oriented, len(links))
	for i, l := range links {
		if rank[l.from] <= rank[l.to] {
			or[i] = oriented{l.from, l.to, false}
		} else {
			or[i] = oriented{l.to, l.from, true}
		}
	}
	// Longest-path layering, visiting items in rank order.
	byRank := make([]int, n)
	for i, r := range rank {
		byRank[r] = i
	}
	lay := make([]int, n)
	for _, v := range byRank {
		for _, o := range or {
			if o.b == v && o.a != o.b && lay[o.a]+1 > lay[v] {
				lay[v] = lay[o.a] + 1
			}
		}
	}
	nLayers := 0
	for _, l := range lay {
		nLayers = max(nLayers, l+1)
	}
	// Proper graph: items, then dummy chains per link.
	var all []*vnode
	layers := make([][]*vnode, nLayers)
	add := func(v *vnode) {
		v.seq = len(all)
		all = append(all, v)
		v.pos = len(layers[v.layer])
		layers[v.layer] = append(layers[v.layer], v)
	}
	items := make([]*vnode, n)
	for i := range n {
		items[i] = &vnode{item: i, layer: lay[i], w: sizes[i].x, h: sizes[i].y}
		add(items[i])
	}
	chains := make([][]*vnode, len(links))
	gaps := make([]float64, nLayers)
	for l := range gaps {
		gaps[l] = layerGap
	}
	for i, o := range or {
		if o.a == o.b {
			continue
		}
		prev := items[o.a]
		for l := lay[o.a] + 1; l < lay[o.b]; l++ {
			d := &vnode{item: -1, layer: l}
			add(d)
			prev.succs = append(prev.succs, d)
			d.preds = append(d.preds, prev)
			chains[i] = append(chains[i], d)
			prev = d
		}
		prev.succs = append(prev.succs, items[o.b])
		items[o.b].preds = append(items[o.b].preds, prev)
		if w := links[i].labelW; w > 0 {
			// The label sits on the last segment, before the target.
			at := lay[o.b] - 1
			gaps[at] = max(gaps[at], w+labelPad)
		}
	}
	orderLayers(layers)
	columns := placeColumns(layers, gaps)
	height := placeRows(layers)

	p := placement{boxes: make([]rect, n), routes: make([][]point, len(links)), labels: make([]point, len(links))}
	for i, v := range items {
		p.boxes[i] = rect{v.x, v.y, v.w, v.h}
	}
	for i, o := range or {
		if o.a == o.b {
			continue
		}
		a, b := items[o.a], items[o.b]
		pts := []point{{a.x + a.w, a.cy()}}
		for _, d := range chains[i] {
			c := columns[d.layer]
			pts = append(pts, point{c.x, d.y}, point{c.x + c.w, d.y})
		}
		pts = append(pts, point{b.x, b.cy()})
		if o.reversed {
			slices.Reverse(pts)
		}
		p.routes[i] = pts
		p.labels[i] = labelAt(pts)
	}
	if nLayers > 0 {
		last := columns[nLayers-1]
		p.w = last.x + last.w
	}
	p.h = height
	return p
}

// topoRank returns each item's position in a topological order of the
// links, earliest item first among those ready; items on a cycle follow in
// item order.
func topoRank(n int, links []link) []int {
	pending := make([]int, n)
	for _, l := range links {
		if l.from != l.to {
			pending[l.to]++
		}
	}
	rank := make([]int, n)
	done := make([]bool, n)
	next := 0
	for next < n {
		picked := -1
		for i := range n {
			if !done[i] && pending[i] == 0 {
				picked = i
				break
			}
		}
		if picked < 0 { // a cycle: take the first item left
			for i := range n {
				if !done[i] {
					picked = i
					break
				}
			}
		}
		done[picked] = true
		rank[picked] = next
		next++
		for _, l := range links {
			if l.from == picked && l.from != l.to && !done[l.to] {
				pending[l.to]--
			}
		}
	}
	return rank
}

// orderLayers reduces crossings with barycentre sweeps, keeping the best
// order seen.
func orderLayers(layers [][]*vnode) {
	best := snapshot(layers)
	bestC := crossings(layers)
	for it := 0; it < sweepCount && bestC > 0; it++ {
		if it%2 == 0 {
			for l := 1; l < len(layers); l++ {
				sortByBarycentre(layers[l], func(v *vnode) []*vnode { return v.preds })
			}
		} else {
			for l := len(layers) - 2; l >= 0; l-- {
				sortByBarycentre(layers[l], func(v *vnode) []*vnode { return v.succs })
			}
		}
		if c := crossings(layers); c < bestC {
			best, bestC = snapshot(layers), c
		}
	}
	for l := range layers {
		layers[l] = best[l]
		for i, v := range layers[l] {
			v.pos = i
		}
	}
}

func snapshot(layers [][]*vnode) [][]*vnode {
	out := make([][]*vnode, len(layers))
	for l := range layers {
		out[l] = slices.Clone(layers[l])
	}
	return out
}

// sortByBarycentre orders a layer by the mean position of each node's
// neighbours; a node without neighbours keeps its current position.
func sortByBarycentre(layer []*vnode, neighbours func(*vnode) []*vnode) {
	key := make(map[*vnode]float64, len(layer))
	for _, v := range layer {
		ns := neighbours(v)
		if len(ns) == 0 {
			key[v] = float64(v.pos)
			continue
		}
		sum := 0.0
		for _, u := range ns {
			sum += float64(u.pos)
		}
		key[v] = sum / float64(len(ns))
	}
	slices.SortStableFunc(layer, func(a, b *vnode) int {
		switch ka, kb := key[a], key[b]; {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return a.pos - b.pos
	})
	for i, v := range layer {
		v.pos = i
	}
}

// crossings counts pairs of edges that cross between adjacent layers.
func crossings(layers [][]*vnode) int {
	total := 0
	for l := 0; l+1 < len(layers); l++ {
		var es [][2]int
		for _, v := range layers[l] {
			for _, s := range v.succs {
				es = append(es, [2]int{v.pos, s.pos})
			}
		}
		for i := range es {
			for j := i + 1; j < len(es); j++ {
				if (es[i][0]-es[j][0])*(es[i][1]-es[j][1]) < 0 {
					total++
				}
			}
		}
	}
	return total
}

// placeColumns gives each layer a column (x and width) and centres each
// node in its column.
func placeColumns(layers [][]*vnode, gaps []float64) []rect {
	cols := make([]rect, len(layers))
	x := 0.0
	for l, vs := range layers {
		w := 0.0
		for _, v := range vs {
			w = max(w, v.w)
		}
		cols[l] = rect{x: x, w: w}
		for _, v := range vs {
			v.x = x + (w-v.w)/2
		}
		x += w + gaps[l]
	}
	return cols
}

// placeRows sets each node's y and returns the height of the layout. It
// stacks every column, then pulls nodes towards the mean centre of their
// neighbours, alternating downward (predecessors) and upward (successors)
// rounds. Each round packs a column twice, from the top and from the
// bottom, and takes the mean of both, which keeps order and spacing.
func placeRows(layers [][]*vnode) float64 {
	for _, vs := range layers {
		y := 0.0
		for _, v := range vs {
			v.y = y
			y += v.h + nodeGap
		}
	}
	for round := range alignCount {
		if round%2 == 0 {
			for l := 1; l < len(layers); l++ {
				align(layers[l], func(v *vnode) []*vnode { return v.preds })
			}
		} else {
			for l := len(layers) - 2; l >= 0; l-- {
				align(layers[l], func(v *vnode) []*vnode { return v.succs })
			}
		}
	}
	top, bottom := 0.0, 0.0
	first := true
	for _, vs := range layers {
		for _, v := range vs {
			if first || v.y < top {
				top = v.y
			}
			if first || v.y+v.h > bottom {
				bottom = v.y + v.h
			}
			first = false
		}
	}
	for _, vs := range layers {
		for _, v := range vs {
			v.y -= top
		}
	}
	return bottom - top
}

// align moves the nodes of one column towards their neighbours' centres.
func align(col []*vnode, neighbours func(*vnode) []*vnode) {
	if len(col) == 0 {
		return
	}
	want := make([]float64, len(col))
	for i, v := range col {
		ns := neighbours(v)
		if len(ns) == 0 {
			want[i] = v.y
			continue
		}
		sum := 0.0
		for _, u := range ns {
			sum += u.cy()
		}
		want[i] = sum/float64(len(ns)) - v.h/2
	}
	down := make([]float64, len(col))
	for i := range col {
		down[i] = want[i]
		if i > 0 {
			down[i] = max(down[i], down[i-1]+col[i-1].h+nodeGap)
		}
	}
	up := make([]float64, len(col))
	for i := len(col) - 1; i >= 0; i-- {
		up[i] = want[i]
		if i < len(col)-1 {
			up[i] = min(up[i], up[i+1]-nodeGap-col[i].h)
		}
	}
	for i, v := range col {
		v.y = (down[i] + up[i]) / 2
	}
}

// labelAt is where an edge label ends: above the last segment, just short
// of the arrowhead, where the curve has levelled out towards the target.
func labelAt(pts []point) point {
	p, q := pts[len(pts)-2], pts[len(pts)-1]
	if q.x > p.x {
		return point{q.x - 12, q.y - 6}
	}
	return point{(p.x + q.x) / 2, (p.y+q.y)/2 - 6}
}
