package activities

import (
	"context"

	"github.com/stabilize-go/stabilize/model"
)

// Noop is the built-in task "noop": it succeeds at once and publishes the
// stage context's "outputs" object, when there is one, as the stage's
// outputs (definition-format.md, built-in tasks).
type Noop struct{}

// Execute returns SUCCEEDED with context.outputs as outputs.
func (Noop) Execute(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	v, ok := in.Context["outputs"]
	if !ok || v == nil {
		return model.Success(nil), nil
	}
	outputs, ok := v.(map[string]any)
	if !ok {
		return model.Terminal((&InputError{Task: model.TaskNoop, Key: "outputs", Got: v, Want: "an object"}).Error()), nil
	}
	return model.Success(outputs), nil
}
