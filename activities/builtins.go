package activities

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Builtins returns a registry holding the built-in activity tasks noop,
// fail, shell, http and the loop tasks LoopConditionTask and LoopBackTask,
// minus those the policy refuses. A refused task is answered by the
// dynamic activity with TERMINAL "No task found for type: <name> (disabled
// by worker policy)". The workflow-side built-ins (wait, approval, router,
// sub_workflow) need no registration; Has reports them.
//
// An invalid policy (an unknown task name, a negative size, a malformed
// allowed host) is an error listing every problem.
func Builtins(p Policy) (*Registry, error) {
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("built-in tasks: invalid worker policy: %w", err)
	}
	tasks := map[string]Task{
		model.TaskNoop:  Noop{},
		model.TaskFail:  Fail{},
		model.TaskShell: &Shell{ShellPath: p.ShellPath, MaxOutputBytes: p.maxOutput()},
		model.TaskHTTP:  NewHTTP(p),
		// The loop tasks of semantics §8.10 (activities/loop.go).
		model.TaskLoopCondition: LoopCondition{},
		model.TaskLoopBack:      LoopBack{},
	}
	reg := NewRegistry()
	for _, name := range builtinNames {
		if reason, off := p.refuses(name); off {
			reg.refuse(name, reason)
			continue
		}
		if err := reg.Register(name, tasks[name]); err != nil {
			return nil, fmt.Errorf("built-in tasks: %w", err)
		}
	}
	return reg, nil
}
