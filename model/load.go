package model

import (
	"fmt"
	"io"
	"os"
	"reflect"
)

// Size limits of a definition (its bytes as read, and its JSON encoding
// once loaded). Temporal refuses workflow inputs much above 2 MiB, and
// large inputs slow every replay.
const (
	// MaxDefinitionSize is the size above which a definition is an error.
	MaxDefinitionSize = 2 << 20
	// WarnDefinitionSize is the size above which a definition draws a warning.
	WarnDefinitionSize = 256 << 10
)

// LoadFile reads a definition from path ("-" reads standard input) and
// loads it with Load.
func LoadFile(path string) (*Workflow, error) {
	data, err := readDefinition(path)
	if err != nil {
		return nil, err
	}
	return Load(path, data)
}

func readDefinition(path string) ([]byte, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read definition: %w", err)
		}
		defer f.Close()
		r = f
	}
	// Read one byte past the limit to tell "too large" from "exactly full".
	data, err := io.ReadAll(io.LimitReader(r, MaxDefinitionSize+1))
	if err != nil {
		return nil, fmt.Errorf("read definition %s: %w", path, err)
	}
	return data, nil
}

// Load decodes a definition (JSON or YAML, see DetectFormat) named name,
// strictly: unknown fields, values of the wrong type and runtime fields
// with other than their initial values are errors. Every problem found is
// reported, as a *ValidationError of *FieldErrors naming the file and the
// JSON path. On success the defaults of definition-format.md are applied
// (ApplyDefaults). Load does not check the graph or the stage semantics:
// use Validate, or LoadAndValidate for both.
func Load(name string, data []byte) (*Workflow, error) {
	probs := &problems{file: name}
	if len(data) > MaxDefinitionSize {
		probs.add("", nil, ErrTooLarge, "%d bytes: expected at most %d", len(data), MaxDefinitionSize)
		return nil, probs.err()
	}
	doc, err := parseDocument(DetectFormat(name, data), data)
	if err != nil {
		return nil, &ValidationError{Problems: []*FieldError{{File: name, Err: err}}}
	}
	w := decodeWorkflow(probs, "", doc)
	if err := probs.err(); err != nil {
		return nil, err
	}
	w.ApplyDefaults()
	return w, nil
}

// decodeWorkflow decodes a JSON value found at path into a Workflow,
// adding its problems to probs. It returns nil when it found any.
func decodeWorkflow(probs *problems, path string, doc any) *Workflow {
	before := len(probs.list)
	if _, ok := doc.(map[string]any); !ok {
		probs.add(path, doc, ErrType, "expected a workflow object")
		return nil
	}
	w := &Workflow{}
	d := &decoder{probs: probs}
	d.decode(path, doc, reflect.ValueOf(w).Elem())
	checkRuntimeFields(probs, path, w)
	if len(probs.list) > before {
		return nil
	}
	return w
}

// checkRuntimeFields accepts runtime fields only with their initial values
// (definition-format.md, "Runtime fields").
func checkRuntimeFields(probs *problems, base string, w *Workflow) {
	initial := func(path string, ok bool, got any, want string) {
		if !ok {
			probs.add(path, got, ErrRuntimeField, "set by the engine: expected %s or nothing", want)
		}
	}
	initial(joinPath(base, "status"), w.Status == StatusNotStarted, w.Status.String(), "NOT_STARTED")
	initial(joinPath(base, "start_time"), w.StartTime == nil, ptrValue(w.StartTime), "null")
	initial(joinPath(base, "end_time"), w.EndTime == nil, ptrValue(w.EndTime), "null")
	initial(joinPath(base, "is_canceled"), !w.IsCanceled, w.IsCanceled, "false")
	initial(joinPath(base, "canceled_by"), w.CanceledBy == "", w.CanceledBy, "null")
	initial(joinPath(base, "cancellation_reason"), w.CancellationReason == "", w.CancellationReason, "null")
	initial(joinPath(base, "paused"), w.Paused == nil, "{...}", "null")
	for i, s := range w.Stages {
		sp := indexPath(joinPath(base, "stages"), i)
		if s == nil {
			probs.add(sp, nil, ErrType, "expected a stage object, got null")
			continue
		}
		initial(joinPath(sp, "status"), s.Status == StatusNotStarted, s.Status.String(), "NOT_STARTED")
		initial(joinPath(sp, "outputs"), len(s.Outputs) == 0, s.Outputs, "{}")
		initial(joinPath(sp, "start_time"), s.StartTime == nil, ptrValue(s.StartTime), "null")
		initial(joinPath(sp, "end_time"), s.EndTime == nil, ptrValue(s.EndTime), "null")
		initial(joinPath(sp, "version"), s.Version == 0, s.Version, "0")
		initial(joinPath(sp, "run_count"), s.RunCount == 0, s.RunCount, "0")
		initial(joinPath(sp, "withdrawn"), !s.Withdrawn, s.Withdrawn, "false")
		for j, t := range s.Tasks {
			tp := indexPath(joinPath(sp, "tasks"), j)
			if t == nil {
				probs.add(tp, nil, ErrType, "expected a task object, got null")
				continue
			}
			initial(joinPath(tp, "status"), t.Status == StatusNotStarted, t.Status.String(), "NOT_STARTED")
			initial(joinPath(tp, "start_time"), t.StartTime == nil, ptrValue(t.StartTime), "null")
			initial(joinPath(tp, "end_time"), t.EndTime == nil, ptrValue(t.EndTime), "null")
			initial(joinPath(tp, "task_exception_details"), len(t.TaskExceptionDetails) == 0, t.TaskExceptionDetails, "{}")
			initial(joinPath(tp, "version"), t.Version == 0, t.Version, "0")
		}
	}
}

func ptrValue(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
