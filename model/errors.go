package model

import (
	"errors"
	"fmt"
	"strings"
)

// Kinds of definition problems. Each *FieldError wraps one of them, so a
// caller can branch with errors.Is.
var (
	// ErrSyntax: the document is not valid JSON or YAML.
	ErrSyntax = errors.New("syntax error")
	// ErrUnknownField: a field the format does not define (strict decoding).
	ErrUnknownField = errors.New("unknown field")
	// ErrType: a value of the wrong JSON type.
	ErrType = errors.New("wrong type")
	// ErrRequired: a required field is missing or empty.
	ErrRequired = errors.New("required field is missing")
	// ErrInvalid: a value outside what the field accepts.
	ErrInvalid = errors.New("invalid value")
	// ErrRuntimeField: a runtime field given a value other than its initial one.
	ErrRuntimeField = errors.New("runtime field")
	// ErrDuplicate: a ref_id or id used twice.
	ErrDuplicate = errors.New("duplicate")
	// ErrSelfEdge: a stage that lists itself as a requisite.
	ErrSelfEdge = errors.New("self-edge")
	// ErrUnknownRef: a reference to a stage that does not exist.
	ErrUnknownRef = errors.New("unknown ref_id")
	// ErrCycle: requisites that form a cycle.
	ErrCycle = errors.New("cycle")
	// ErrExpression: an expression that does not compile.
	ErrExpression = errors.New("invalid expression")
	// ErrUnknownTask: an implementing_class the task registry does not know.
	ErrUnknownTask = errors.New("unknown task")
	// ErrTooLarge: a definition over MaxDefinitionSize.
	ErrTooLarge = errors.New("definition too large")
)

// FieldError is one problem in a definition: the file, the JSON path of
// the offending field (e.g. stages[3].join_type), the value found there and
// what is wrong with it.
type FieldError struct {
	// File names the definition; empty when unknown.
	File string
	// Path is the JSON path of the field; empty for the whole document.
	Path string
	// Value is the offending value; nil shows no value.
	Value any
	// Err says what is wrong and what was expected; it wraps one of the
	// Err* kinds above.
	Err error
}

// Error formats the problem as "file: path: message (got value)", leaving
// out the parts that are empty.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	if e.Value != nil {
		fmt.Fprintf(&b, " (got %s)", renderValue(e.Value))
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FieldError) Unwrap() error { return e.Err }

// ValidationError holds every problem found in a definition.
type ValidationError struct {
	Problems []*FieldError
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so errors.Is and errors.As see each one.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// problems collects FieldErrors for one file.
type problems struct {
	file string
	list []*FieldError
}

// add records a problem at path with value; the message is built from
// kind and an optional detail, as "kind: detail".
func (p *problems) add(path string, value any, kind error, format string, args ...any) {
	err := kind
	if format != "" {
		err = fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, args...))
	}
	p.list = append(p.list, &FieldError{File: p.file, Path: path, Value: value, Err: err})
}

// err returns a *ValidationError for the problems, or nil when there are none.
func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &ValidationError{Problems: p.list}
}

// joinPath appends a field name to a JSON path, in dotted form for plain
// identifiers and bracketed form otherwise (stages[0].context["a b"]).
func joinPath(base, key string) string {
	if isIdent(key) {
		if base == "" {
			return key
		}
		return base + "." + key
	}
	return fmt.Sprintf("%s[%q]", base, key)
}

// indexPath appends a list index to a JSON path.
func indexPath(base string, i int) string { return fmt.Sprintf("%s[%d]", base, i) }

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return true
}
