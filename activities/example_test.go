package activities_test

import (
	"context"
	"fmt"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/model"
)

// A worker that refuses shell and adds a task of its own.
func ExampleBuiltins() {
	reg, err := activities.Builtins(activities.Policy{Disabled: []string{model.TaskShell}})
	if err != nil {
		panic(err)
	}
	greet := func(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
		return model.Success(map[string]any{"greeting": "hello " + in.StageRefID}), nil
	}
	if err := reg.Register("greet", activities.TaskFunc(greet)); err != nil {
		panic(err)
	}
	fmt.Println(reg.Names())
	fmt.Println(reg.Has(model.TaskShell), reg.Has(model.TaskWait))
	// A worker then calls reg.RegisterActivities(w).
	// Output:
	// [LoopBackTask LoopConditionTask fail greet http noop]
	// false true
}
