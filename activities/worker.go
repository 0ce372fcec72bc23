package activities

import (
	"context"
	"maps"
	"slices"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/model"
)

// RegisterActivities registers every task of the registry on w as an
// activity whose type is exactly its implementing_class, taking one
// model.TaskInput and returning one model.TaskResult (the wire contract of
// docs/wire-contract.md). It also registers a dynamic activity that answers
// any other activity type with the TERMINAL result "No task found for type:
// <name>" (semantics §3.3 check 2, TASK-ERR-4), so that a task missing on
// this worker fails the stage at once instead of being retried forever.
//
// Tasks registered after this call are not seen by w. The worker should set
// worker.Options.DisableRegistrationAliasing, since activities are only
// ever called by name.
func (r *Registry) RegisterActivities(w worker.ActivityRegistry) {
	for _, name := range r.Names() {
		t, _ := r.Lookup(name)
		w.RegisterActivityWithOptions(t.Execute, activity.RegisterOptions{Name: name})
	}
	// A refused built-in gets a typed stand-in rather than the dynamic
	// activity, so that it answers the same when the workflow runs it as a
	// local activity (noop and fail do by default), where the SDK passes
	// the TaskInput itself and the dynamic activity's signature cannot take it.
	for _, name := range r.refusedNames() {
		w.RegisterActivityWithOptions(func(context.Context, model.TaskInput) (model.TaskResult, error) {
			return r.missing(name), nil
		}, activity.RegisterOptions{Name: name})
	}
	w.RegisterDynamicActivity(r.executeUnknown, activity.DynamicRegisterOptions{})
}

// refusedNames returns the names a worker policy turned off, sorted.
func (r *Registry) refusedNames() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Sorted(maps.Keys(r.refused))
}

// executeUnknown is the dynamic activity: the activity type is a task this
// worker does not have. The input is not decoded, since it is not needed.
func (r *Registry) executeUnknown(ctx context.Context, _ converter.EncodedValues) (model.TaskResult, error) {
	return r.missing(activity.GetInfo(ctx).ActivityType.Name), nil
}
