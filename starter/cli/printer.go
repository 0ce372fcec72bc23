package cli

import (
	"encoding/json"
	"fmt"
	"io"
)

// printer writes data to stdout and progress to stderr. In JSON mode text
// prints do nothing and stdout receives exactly the JSON document.
type printer struct {
	stdout, stderr io.Writer
	json           bool
	tty            bool
}

// textf prints data for people (stdout, text mode only).
func (p *printer) textf(format string, args ...any) {
	if !p.json {
		fmt.Fprintf(p.stdout, format, args...)
	}
}

// progressf prints progress (stderr, text mode only).
func (p *printer) progressf(format string, args ...any) {
	if !p.json {
		fmt.Fprintf(p.stderr, format, args...)
	}
}

// warnf prints a warning on stderr in every mode.
func (p *printer) warnf(format string, args ...any) {
	fmt.Fprintf(p.stderr, "warning: "+format, args...)
}

// data prints v as indented JSON on stdout (JSON mode only).
func (p *printer) data(v any) error {
	if !p.json {
		return nil
	}
	enc := json.NewEncoder(p.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON output: %w", err)
	}
	return nil
}
