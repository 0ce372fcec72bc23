package expr_test

import (
	"errors"
	"fmt"

	"github.com/stabilize-go/stabilize/model/expr"
)

// The stageEnabled and split_conditions use: compile once (cached), then
// evaluate the truthiness against the JSON-decoded context.
func ExampleEvalBool() {
	vars := map[string]any{
		"build": map[string]any{"version": "2"},
		"env":   "prod",
	}
	ok, err := expr.EvalBool(`build.version == "2" and env in ["prod", "stage"]`, vars)
	fmt.Println(ok, err)

	// A missing key is null, never an error.
	ok, err = expr.EvalBool("missing_key == None", vars)
	fmt.Println(ok, err)
	// Output:
	// true <nil>
	// true <nil>
}

// Every error is an *Error with the source and a byte position.
func ExampleCompile() {
	_, err := expr.Compile("retries + 1 > 3")
	var e *expr.Error
	if errors.As(err, &e) {
		fmt.Println(e.Pos)
	}
	fmt.Println(err)
	// Output:
	// 8
	// expression "retries + 1 > 3": position 8: unsupported expression: operator '+' (arithmetic and bitwise operators are not part of the expression language)
}

// Runtime errors are *Error too: and/or do not short-circuit, and ordering
// against null fails (EXPR-5).
func ExampleProgram_Eval() {
	p, _ := expr.Compile("x is not None and x > 5")
	_, err := p.Eval(map[string]any{})
	fmt.Println(err)
	v, _ := p.Eval(map[string]any{"x": 7.0})
	fmt.Println(v)
	// Output:
	// expression "x is not None and x > 5": position 20: '>' cannot order null and int (got null > 5)
	// true
}
