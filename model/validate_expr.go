package model

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model/expr"
)

// expression compiles src, found at path, reporting a syntax error with
// the expression and the position (semantics §11.2).
func (v *validator) expression(path, src string) {
	if _, err := expr.Compile(src); err != nil {
		v.probs.list = append(v.probs.list, &FieldError{
			File: v.probs.file, Path: path, Err: fmt.Errorf("%w: %w", ErrExpression, err),
		})
	}
}
