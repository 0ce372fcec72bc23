package graph

import (
	"fmt"
	"io"

	"github.com/stabilize-go/stabilize/model"
)

// Format names an output format of Render.
type Format string

// The formats Render writes.
const (
	// FormatMermaid is a Mermaid flowchart (left to right).
	FormatMermaid Format = "mermaid"
	// FormatDOT is a Graphviz digraph (rankdir=LR).
	FormatDOT Format = "dot"
	// FormatSVG is a standalone SVG image laid out by this package.
	FormatSVG Format = "svg"
)

// Formats lists every format Render accepts, in a stable order.
func Formats() []Format { return []Format{FormatMermaid, FormatDOT, FormatSVG} }

// ParseFormat returns the format with the given name.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == name {
			return f, nil
		}
	}
	return "", fmt.Errorf("unknown graph format %q: expected one of %v", name, Formats())
}

// Render writes wf as a graph in format f. The workflow is only read. A
// definition renders with every stage NOT_STARTED; a workflow returned by
// the status query renders with its stages coloured by status.
func Render(w io.Writer, wf *model.Workflow, f Format) error {
	if wf == nil {
		return fmt.Errorf("render graph: expected a workflow, got nil")
	}
	d := newDiagram(wf)
	var err error
	switch f {
	case FormatMermaid:
		err = writeMermaid(w, d)
	case FormatDOT:
		err = writeDOT(w, d)
	case FormatSVG:
		err = writeSVG(w, d)
	default:
		_, err = ParseFormat(string(f))
	}
	if err != nil {
		return fmt.Errorf("render graph as %s: %w", f, err)
	}
	return nil
}
