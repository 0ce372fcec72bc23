package testsuite

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/model"
)

// scriptTaskName is the test-only task of the conformance worker that
// plays a script, for the rules no built-in can reach: a task that returns
// RUNNING (TASK-RES-2), REDIRECT without a target (TASK-RES-3), or raises
// a transient or permanent error (TASK-ERR-1/2/3).
const scriptTaskName = "conformance_script"

// Stage context keys read by the script task.
const (
	// scriptKey is the list of results; the n-th call (from 1) of the
	// stage's task plays entry n-1, and calls past the end replay the last.
	scriptKey = "script"
	// countCallsKey, instead of a script, names a stage ref of the same
	// execution: the task succeeds with outputs {calls: n}, the number of
	// calls that stage's script task has had so far.
	countCallsKey = "count_calls_of"
)

// scriptEntryKeys are the keys of one script entry:
//
//   - status: the result status (default SUCCEEDED); context, outputs,
//     error and jump_to: the result's fields;
//   - echo: context keys whose values (as this call sees them) are added
//     to the outputs as seen_<key>;
//   - raise: "transient" returns a retryable application error (retried
//     by the activity's retry policy), "permanent" a non-retryable one;
//     message and type name the error (defaults: "scripted <raise>
//     error", TransientError or PermanentError).
var scriptEntryKeys = []string{"context", "echo", "error", "jump_to", "message", "outputs", "raise", "status", "type"}

// scriptTask counts the calls per execution and stage in process memory:
// a scenario runs once on the shared worker, and replays run no activity.
type scriptTask struct {
	mu    sync.Mutex
	calls map[string]int
}

// conformanceScript is the one script task of this test binary's worker.
var conformanceScript = &scriptTask{calls: map[string]int{}}

// testRegistry returns the tasks of the shared worker: the built-ins with
// the default policy plus the script task.
func testRegistry() (*activities.Registry, error) {
	reg, err := activities.Builtins(activities.Policy{})
	if err != nil {
		return nil, err
	}
	if err := reg.Register(scriptTaskName, conformanceScript); err != nil {
		return nil, fmt.Errorf("register %s: %w", scriptTaskName, err)
	}
	return reg, nil
}

// Execute plays the entry of this call, or reports another stage's calls.
func (s *scriptTask) Execute(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	if ref, ok := in.Context[countCallsKey].(string); ok {
		s.mu.Lock()
		n := s.calls[in.ExecutionID+"/"+ref]
		s.mu.Unlock()
		return model.Success(map[string]any{"calls": float64(n)}), nil
	}
	script, ok := in.Context[scriptKey].([]any)
	if !ok || len(script) == 0 {
		return model.Terminal(fmt.Sprintf("%s: context.%s: expected a non-empty list of results, got %#v", scriptTaskName, scriptKey, in.Context[scriptKey])), nil
	}
	s.mu.Lock()
	key := in.ExecutionID + "/" + in.StageRefID
	s.calls[key]++
	n := s.calls[key]
	s.mu.Unlock()
	entry, ok := script[min(n, len(script))-1].(map[string]any)
	if !ok {
		return model.Terminal(fmt.Sprintf("%s: %s[%d]: expected an object", scriptTaskName, scriptKey, n-1)), nil
	}
	return playEntry(entry, in.Context)
}

// playEntry turns one script entry into a result or an error.
func playEntry(entry, ctx map[string]any) (model.TaskResult, error) {
	for k := range entry {
		if !slices.Contains(scriptEntryKeys, k) {
			return model.Terminal(fmt.Sprintf("%s: unknown script key %q: expected one of %v", scriptTaskName, k, scriptEntryKeys)), nil
		}
	}
	str := func(k, def string) string {
		if v, ok := entry[k].(string); ok && v != "" {
			return v
		}
		return def
	}
	switch raise := str("raise", ""); raise {
	case "":
	case "transient":
		return model.TaskResult{}, temporal.NewApplicationError(str("message", "scripted transient error"), str("type", "TransientError"))
	case "permanent":
		return model.TaskResult{}, temporal.NewNonRetryableApplicationError(str("message", "scripted permanent error"), str("type", "PermanentError"), nil)
	default:
		return model.Terminal(fmt.Sprintf("%s: raise: expected transient or permanent, got %q", scriptTaskName, raise)), nil
	}
	status, err := model.ParseStatus(str("status", model.StatusSucceeded.String()))
	if err != nil {
		return model.Terminal(fmt.Sprintf("%s: status: %v", scriptTaskName, err)), nil
	}
	res := model.TaskResult{Status: status, Error: str("error", ""), JumpTo: str("jump_to", "")}
	res.Context, _ = entry["context"].(map[string]any)
	res.Outputs, _ = entry["outputs"].(map[string]any)
	res.Outputs = model.CloneMap(res.Outputs)
	echo, _ := entry["echo"].([]any)
	for _, k := range echo {
		key := fmt.Sprint(k)
		if res.Outputs == nil {
			res.Outputs = map[string]any{}
		}
		res.Outputs["seen_"+key] = ctx[key]
	}
	if res.Error != "" {
		res.ExceptionDetails = map[string]any{"error": res.Error}
	}
	return res, nil
}
