package graph

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func overlaps(a, b rect) bool {
	return a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
}

func contains(outer, inner rect) bool {
	return inner.x >= outer.x && inner.y >= outer.y &&
		inner.x+inner.w <= outer.x+outer.w && inner.y+inner.h <= outer.y+outer.h
}

// randomDAG returns n items of varied sizes and links that only go from a
// lower to a higher index, so the graph is acyclic.
func randomDAG(r *rand.Rand, n int) ([]point, []link) {
	sizes := make([]point, n)
	for i := range sizes {
		sizes[i] = point{80 + float64(r.IntN(120)), 30 + float64(r.IntN(40))}
	}
	var links []link
	for to := 1; to < n; to++ {
		for k := r.IntN(3); k >= 0; k-- {
			from := r.IntN(to)
			links = append(links, link{from: from, to: to, labelW: float64(r.IntN(2) * 60)})
		}
	}
	return sizes, links
}

// TestLayer pins the properties of the layered layout.
func TestLayer(t *testing.T) {
	t.Run("longest-path layering puts a stage right of all its requisites", func(t *testing.T) {
		// a -> b -> c and a -> c: c goes after b, not beside it.
		sizes := []point{{100, 40}, {100, 40}, {100, 40}}
		p := layoutLayered(sizes, []link{{from: 0, to: 1}, {from: 1, to: 2}, {from: 0, to: 2}})
		if !(p.boxes[0].x < p.boxes[1].x && p.boxes[1].x < p.boxes[2].x) {
			t.Errorf("x = %v, %v, %v: want increasing", p.boxes[0].x, p.boxes[1].x, p.boxes[2].x)
		}
		// The long edge a -> c is routed through the middle column.
		if got := len(p.routes[2]); got != 4 {
			t.Errorf("route of a->c has %d points, want 4 (through one dummy)", got)
		}
	})
	t.Run("barycentre ordering removes an avoidable crossing", func(t *testing.T) {
		// a, b in the first column; a -> d and b -> c with c before d in
		// definition order: the ordering swaps c and d.
		sizes := []point{{100, 40}, {100, 40}, {100, 40}, {100, 40}}
		p := layoutLayered(sizes, []link{{from: 0, to: 3}, {from: 1, to: 2}})
		aAbove := p.boxes[0].y < p.boxes[1].y
		dAbove := p.boxes[3].y < p.boxes[2].y
		if aAbove != dAbove {
			t.Errorf("edges cross: a.y=%v b.y=%v c.y=%v d.y=%v", p.boxes[0].y, p.boxes[1].y, p.boxes[2].y, p.boxes[3].y)
		}
	})
	t.Run("a cycle is laid out without hanging", func(t *testing.T) {
		sizes := []point{{100, 40}, {100, 40}, {100, 40}}
		p := layoutLayered(sizes, []link{{from: 0, to: 1}, {from: 1, to: 2}, {from: 2, to: 0}, {from: 1, to: 1}})
		if p.routes[3] != nil {
			t.Errorf("self-link routed: %v", p.routes[3])
		}
		for i, r := range p.routes[:3] {
			if len(r) < 2 {
				t.Errorf("link %d not routed", i)
			}
		}
	})
	t.Run("an edge label widens the gap before its target", func(t *testing.T) {
		sizes := []point{{100, 40}, {100, 40}}
		plain := layoutLayered(sizes, []link{{from: 0, to: 1}})
		labelled := layoutLayered(sizes, []link{{from: 0, to: 1, labelW: 200}})
		gap := labelled.boxes[1].x - (labelled.boxes[0].x + labelled.boxes[0].w)
		if gap < 200 || labelled.boxes[1].x <= plain.boxes[1].x {
			t.Errorf("gap = %v with a 200-wide label", gap)
		}
	})
	for seed := range uint64(20) {
		t.Run(fmt.Sprintf("random DAG %d: no overlap, edges left to right, routes end on the boxes", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			sizes, links := randomDAG(r, 5+r.IntN(40))
			p := layoutLayered(sizes, links)
			for i := range p.boxes {
				if p.boxes[i].w != sizes[i].x || p.boxes[i].h != sizes[i].y {
					t.Fatalf("box %d resized", i)
				}
				if p.boxes[i].x < 0 || p.boxes[i].y < 0 || p.boxes[i].x+p.boxes[i].w > p.w+0.01 || p.boxes[i].y+p.boxes[i].h > p.h+0.01 {
					t.Errorf("box %d %+v outside %vx%v", i, p.boxes[i], p.w, p.h)
				}
				for j := i + 1; j < len(p.boxes); j++ {
					if overlaps(p.boxes[i], p.boxes[j]) {
						t.Errorf("boxes %d %+v and %d %+v overlap", i, p.boxes[i], j, p.boxes[j])
					}
				}
			}
			for k, l := range links {
				a, b := p.boxes[l.from], p.boxes[l.to]
				if b.x < a.x+a.w+layerGap-0.01 {
					t.Errorf("link %d->%d goes left: %v then %v", l.from, l.to, a, b)
				}
				route := p.routes[k]
				if first, last := route[0], route[len(route)-1]; first.x != a.x+a.w || last.x != b.x {
					t.Errorf("route %d->%d = %v does not join the boxes", l.from, l.to, route)
				}
			}
		})
	}
}

// TestLayerDeterministic lays the same graph out twice.
func TestLayerDeterministic(t *testing.T) {
	sizes, links := randomDAG(rand.New(rand.NewPCG(1, 2)), 60)
	a, b := layoutLayered(sizes, links), layoutLayered(sizes, links)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("two layouts of one graph differ")
	}
}

// randomWorkflow builds a workflow of n top-level stages with random
// requisites, some of them with before/after synthetic stages (semantics
// §7.1), nested once.
func randomWorkflow(r *rand.Rand, n int) *model.Workflow {
	var stages []*model.StageExecution
	for i := range n {
		var reqs []string
		for k := r.IntN(3); k > 0 && i > 0; k-- {
			reqs = append(reqs, fmt.Sprintf("st%d", r.IntN(i)))
		}
		s := model.NewStage("noop", fmt.Sprintf("stage number %d", i), fmt.Sprintf("st%d", i), nil, reqs)
		stages = append(stages, s)
		if r.IntN(5) == 0 {
			before := model.NewSyntheticStage("noop", "before", s, model.OwnerStageBefore, nil)
			after := model.NewSyntheticStage("wait", "after", s, model.OwnerStageAfter, nil)
			nested := model.NewSyntheticStage("noop", "nested", after, model.OwnerStageBefore, nil)
			stages = append(stages, before, after, nested)
		}
	}
	return model.New("random", "dag", stages)
}

// TestSVGLayoutOfRandomWorkflows checks the whole-image geometry: no two
// stage boxes overlap, and every cluster holds its stages' boxes
// (semantics §7.1: synthetic stages grouped with their parent).
func TestSVGLayoutOfRandomWorkflows(t *testing.T) {
	for seed := range uint64(10) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			d := newDiagram(randomWorkflow(rand.New(rand.NewPCG(seed, 3)), 30))
			top := layoutGroup(d, d.roots, nil)
			top.setAbs(point{0, 0})
			boxes := map[*node]rect{}
			top.boxes(boxes)
			if len(boxes) != len(d.nodes) {
				t.Fatalf("%d boxes for %d stages", len(boxes), len(d.nodes))
			}
			for i, a := range d.nodes {
				for _, b := range d.nodes[i+1:] {
					if overlaps(boxes[a], boxes[b]) {
						t.Errorf("%s %+v overlaps %s %+v", a.stage.Name, boxes[a], b.stage.Name, boxes[b])
					}
				}
			}
			var check func(g *group)
			check = func(g *group) {
				for _, b := range g.blocks {
					if b.inner == nil {
						continue
					}
					inner := map[*node]rect{}
					b.inner.boxes(inner)
					for _, n := range append([]*node{b.n}, b.n.children...) {
						if !contains(b.abs, inner[n]) {
							t.Errorf("cluster of %s %+v does not hold %s %+v", b.n.stage.Name, b.abs, n.stage.Name, inner[n])
						}
					}
					check(b.inner)
				}
			}
			check(top)
		})
	}
}

// BenchmarkRenderSVG measures a 200-stage workflow.
func BenchmarkRenderSVG(b *testing.B) {
	wf := randomWorkflow(rand.New(rand.NewPCG(9, 9)), 200)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, wf, FormatSVG); err != nil {
			b.Fatal(err)
		}
	}
}
