package model

import (
	"strings"
	"testing"
)

func TestValidateLoopCondition(t *testing.T) {
	load := func(cond string) error {
		t.Helper()
		wf, err := Load("loop.yaml", []byte(`application: a
name: n
stages:
  - ref_id: w_condition
    type: noop
    tasks: [{name: c, implementing_class: LoopConditionTask}]
    context: {_loop_condition: "`+cond+`"}
`))
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		_, err = Validate(wf, "loop.yaml", ValidateOptions{})
		return err
	}
	if err := load("x < 3"); err != nil {
		t.Errorf("semantics §8.10: a valid _loop_condition is refused: %v", err)
	}
	if err := load("x +"); err == nil || !strings.Contains(err.Error(), "_loop_condition") {
		t.Errorf("semantics §11.2: a _loop_condition that does not compile: err = %v, want one naming _loop_condition", err)
	}
}
