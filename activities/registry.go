package activities

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/stabilize-go/stabilize/model"
)

// Registry errors, wrapped by Register.
var (
	// ErrEmptyName reports a registration without an implementing_class.
	ErrEmptyName = errors.New("task name is empty")
	// ErrDuplicateTask reports a second registration of one name.
	ErrDuplicateTask = errors.New("task already registered")
	// ErrWorkflowSideTask reports a name that the workflow implements
	// itself (wait, approval, router, sub_workflow), so that an activity
	// under that name would never run.
	ErrWorkflowSideTask = errors.New("task is implemented by the workflow")
	// ErrNilTask reports a nil Task.
	ErrNilTask = errors.New("task is nil")
)

// Registry maps implementing_class names to Task implementations. It is
// safe for concurrent use. The zero value is not usable: call NewRegistry
// or Builtins.
type Registry struct {
	mu    sync.RWMutex
	tasks map[string]Task
	// refused holds names that a worker policy turned off, with the reason,
	// so that the dynamic activity can explain why a task is missing.
	refused map[string]string
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{tasks: map[string]Task{}, refused: map[string]string{}}
}

// Register adds a task under its implementing_class name. An empty name, a
// nil task, a name registered before and a workflow-side built-in name
// (model.WorkflowSideTasks) are errors.
func (r *Registry) Register(name string, t Task) error {
	switch {
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("register task %q: %w", name, ErrEmptyName)
	case t == nil:
		return fmt.Errorf("register task %q: %w", name, ErrNilTask)
	case slices.Contains(model.WorkflowSideTasks(), name):
		return fmt.Errorf("register task %q: %w", name, ErrWorkflowSideTask)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.tasks[name]; dup {
		return fmt.Errorf("register task %q: %w", name, ErrDuplicateTask)
	}
	r.tasks[name] = t
	delete(r.refused, name)
	return nil
}

// Has reports whether a task of that name can run: registered here, or one
// of the built-ins that the workflow implements itself (wait, approval,
// router, sub_workflow).
func (r *Registry) Has(name string) bool {
	if slices.Contains(model.WorkflowSideTasks(), name) {
		return true
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, ok := r.tasks[name]
	return ok
}

// Lookup returns the task registered under name.
func (r *Registry) Lookup(name string) (Task, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	t, ok := r.tasks[name]
	return t, ok
}

// Names returns the registered task names (the activities this registry
// provides, without the workflow-side built-ins), sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Sorted(maps.Keys(r.tasks))
}

// refuse records that a worker policy turned a task off.
func (r *Registry) refuse(name, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refused[name] = reason
}

// missing returns the TERMINAL result for a task this worker cannot run
// (semantics §3.3 check 2, TASK-ERR-4): the message goes to the stage's
// context.exception.details.error, as the doc observes, besides the
// task's exception details and context.error.
func (r *Registry) missing(name string) model.TaskResult {
	msg := "No task found for type: " + name
	r.mu.RLock()
	reason, ok := r.refused[name]
	r.mu.RUnlock()
	if ok {
		msg += " (" + reason + ")"
	}
	return missingResult(msg)
}

// missingResult is the TERMINAL result of check 2 with message msg.
func missingResult(msg string) model.TaskResult {
	res := model.Terminal(msg)
	res.Context = map[string]any{"exception": map[string]any{"details": map[string]any{"error": msg}}}
	return res
}
