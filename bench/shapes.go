package bench

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// Kind is the DAG form of a Shape.
type Kind uint8

// The shape kinds. Each names the definition Definition generates and the
// loop TwinWorkflow runs.
const (
	// KindChain is Size noop stages, each requiring the previous one.
	KindChain Kind = iota + 1
	// KindFan is one noop root, Size parallel noop stages requiring it, and
	// one noop sink requiring them all.
	KindFan
	// KindHTTPFan is one noop root and Size parallel http stages requiring
	// it, each a GET of the harness's local HTTP target (Stabilize's own
	// overhead benchmark).
	KindHTTPFan
	// KindLoop is a noop body stage and a router stage after it that jumps
	// back to the body until the body has run Size times (workflow context
	// _max_jumps set above Size).
	KindLoop
)

var kindNames = [...]string{KindChain: "chain", KindFan: "fan", KindHTTPFan: "http-fan", KindLoop: "loop"}

// String returns the kind's name, e.g. "chain".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Shape is one benchmark workload, run by the interpreter from Definition
// and by TwinWorkflow from TwinInput.
type Shape struct {
	// Name identifies the shape in reports and on the command line.
	Name string
	// Kind is the DAG form.
	Kind Kind
	// Size is the chain length, fan width or loop iteration count.
	Size int
	// RunOptions tune the interpreter's run. Optional: the zero value uses
	// the interpreter's defaults.
	RunOptions interpreter.RunOptions
	// Regular runs every noop stage as a regular activity
	// (task_options.local false) instead of the interpreter's default for
	// the pure built-ins, a local activity. Optional: false keeps the
	// default.
	Regular bool
}

// StandardShapes returns the four shapes of the performance issue, in
// report order: a 100-stage chain, 1 -> 100 -> 1, 1 + 32 local HTTP calls,
// and a 1,000-iteration router loop.
func StandardShapes() []Shape {
	return []Shape{
		{Name: "chain-100", Kind: KindChain, Size: 100},
		{Name: "fan-1-100-1", Kind: KindFan, Size: 100},
		{Name: "http-1+32", Kind: KindHTTPFan, Size: 32},
		{Name: "loop-1000", Kind: KindLoop, Size: 1000},
	}
}

// shapeFormats name the shapes of each kind by size, as StandardShapes do.
var shapeFormats = []struct {
	format string
	kind   Kind
}{{"chain-%d", KindChain}, {"fan-1-%d-1", KindFan}, {"http-1+%d", KindHTTPFan}, {"loop-%d", KindLoop}}

// ShapeByName returns the shape called name: a standard shape, or one of
// their kinds at another size ("chain-1000", "fan-1-10-1", "http-1+8",
// "loop-50"), which separates what a run costs from what a task costs.
func ShapeByName(name string) (Shape, error) {
	for _, s := range StandardShapes() {
		if s.Name == name {
			return s, nil
		}
	}
	for _, f := range shapeFormats {
		var n int
		if _, err := fmt.Sscanf(name, f.format, &n); err == nil && n > 0 && fmt.Sprintf(f.format, n) == name {
			return Shape{Name: name, Kind: f.kind, Size: n}, nil
		}
	}
	var formats []string
	for _, f := range shapeFormats {
		formats = append(formats, strings.ReplaceAll(f.format, "%d", "N"))
	}
	return Shape{}, fmt.Errorf("unknown shape %q: expected one of %s with N > 0", name, strings.Join(formats, ", "))
}

// Tasks returns how many activity tasks one run of the shape executes: the
// divisor of events per task. The loop's router evaluations run inside
// the workflow and are not counted.
func (s Shape) Tasks() int {
	switch s.Kind {
	case KindFan:
		return s.Size + 2
	case KindHTTPFan:
		return s.Size + 1
	default:
		return s.Size
	}
}

// Definition generates the shape's Stabilize definition, with url as the
// target of http stages, and loads it with model.Load (fresh ids every
// call).
func (s Shape) Definition(url string) (*model.Workflow, error) {
	if s.Size < 1 {
		return nil, fmt.Errorf("shape %s: size must be at least 1, got %d", s.Name, s.Size)
	}
	def := map[string]any{"application": "bench", "name": s.Name}
	var stages []map[string]any
	var noopCtx map[string]any // the context of every noop stage
	if s.Regular {
		noopCtx = map[string]any{model.TaskOptionsKey: map[string]any{"local": false}}
	}
	switch s.Kind {
	case KindChain:
		stages = append(stages, stage("S0", model.TaskNoop, noopCtx))
		for i := 1; i < s.Size; i++ {
			stages = append(stages, stage(fmt.Sprintf("S%d", i), model.TaskNoop, noopCtx, fmt.Sprintf("S%d", i-1)))
		}
	case KindFan, KindHTTPFan:
		task, ctx, prefix := model.TaskNoop, noopCtx, "M"
		if s.Kind == KindHTTPFan {
			task, ctx, prefix = model.TaskHTTP, map[string]any{"url": url}, "H"
		}
		stages = append(stages, stage("root", model.TaskNoop, noopCtx))
		mids := make([]string, 0, s.Size)
		for i := range s.Size {
			ref := fmt.Sprintf("%s%d", prefix, i)
			mids = append(mids, ref)
			stages = append(stages, stage(ref, task, ctx, "root"))
		}
		if s.Kind == KindFan {
			stages = append(stages, stage("sink", model.TaskNoop, noopCtx, mids...))
		}
	case KindLoop:
		// The router runs after the k-th body run with _jump_count k-1
		// (absent at first); it jumps while k < Size, so the body runs
		// Size times. "and"/"or" do not short-circuit, hence the if-else.
		when := fmt.Sprintf("(_jump_count if _jump_count is not None else 0) < %d", s.Size-1)
		def["context"] = map[string]any{"_max_jumps": s.Size + 10}
		stages = append(stages,
			stage("body", model.TaskNoop, noopCtx),
			stage("route", model.TaskRouter, map[string]any{
				"routes": []any{map[string]any{"when": when, "jump_to": "body"}},
			}, "body"))
	default:
		return nil, fmt.Errorf("shape %s: unknown kind %v", s.Name, s.Kind)
	}
	def["stages"] = stages
	data, err := json.Marshal(def)
	if err != nil {
		return nil, fmt.Errorf("shape %s: encode definition: %w", s.Name, err)
	}
	w, err := model.Load(s.Name+".json", data)
	if err != nil {
		return nil, fmt.Errorf("shape %s: load generated definition: %w", s.Name, err)
	}
	return w, nil
}

// stage builds one stage of a generated definition.
func stage(ref, typ string, ctx map[string]any, requisites ...string) map[string]any {
	st := map[string]any{"ref_id": ref, "type": typ}
	if ctx != nil {
		st["context"] = ctx
	}
	if len(requisites) > 0 {
		st["requisite_stage_ref_ids"] = requisites
	}
	return st
}
