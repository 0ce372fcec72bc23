package main

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

func TestGreet(t *testing.T) {
	tests := []struct {
		name string
		ctx  map[string]any
		want model.TaskResult
	}{
		{"a name is greeted", map[string]any{"name": "Ada"}, model.Success(map[string]any{"greeting": "hello, Ada"})},
		{"a missing name is TERMINAL bad input", nil, model.Terminal("greet: context.name: expected a non-empty string, got <nil>")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := greet(context.Background(), model.TaskInput{Context: tc.ctx})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestGreetYAMLRuns loads greet.yaml, checks its task names against the
// worker's registry, and runs it through the real workflow and activities.
func TestGreetYAMLRuns(t *testing.T) {
	reg, err := activities.Builtins(activities.Policy{})
	require.NoError(t, err)

	data, err := os.ReadFile("greet.yaml")
	require.NoError(t, err)
	_, _, err = model.LoadAndValidate("greet.yaml", data, model.ValidateOptions{KnownTask: reg.Has})
	require.Error(t, err, "without the custom task, greet is unknown")
	assert.True(t, errors.Is(err, model.ErrUnknownTask), "got %v", err)

	require.NoError(t, reg.Register("greet", activities.TaskFunc(greet)))
	def, _, err := model.LoadAndValidate("greet.yaml", data, model.ValidateOptions{KnownTask: reg.Has})
	require.NoError(t, err)

	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	interpreter.Register(env)
	reg.RegisterActivities(env)
	env.ExecuteWorkflow(model.WorkflowName, interpreter.Input{Definition: def})
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var out model.Workflow
	require.NoError(t, env.GetWorkflowResult(&out))
	assert.Equal(t, model.StatusSucceeded, out.Status)
	said := map[string]any{}
	for _, st := range out.Stages {
		said[st.RefID] = st.Outputs["stdout"]
	}
	assert.Equal(t, "hello, Ada", said["say"], "shell saw the custom task's output through {greeting}")
}
