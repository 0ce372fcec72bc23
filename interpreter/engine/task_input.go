package engine

import "github.com/stabilize-go/stabilize/model"

// TaskInputDroppedKeys are the engine's bookkeeping keys left out of
// RunTask.Input.Context (docs/wire-contract.md, "What the context leaves
// out"). They stay in the stage context, in State and in the status query
// (semantics §8.7 puts them there); only the copy a task receives omits
// them, for every task the shell runs: activities (built-in and user
// tasks, any language) and sub_workflow children.
//
//   - _jump_history grows by one entry per jump, and every entry would
//     ride in each later task input and come back in history: a
//     1,000-iteration router loop shipped O(n²) bytes (42 MB against
//     0.8 MB for the hand-written twin). No built-in task reads it
//     (definition-format.md, "Built-in tasks"); the router, which does
//     read the stage context, runs inside the engine on the full context.
//
// _jump_count (one number, read by router conditions and users' tasks) and
// _jump_outputs (the jump's own data for the target) are still sent.
var TaskInputDroppedKeys = []string{KeyJumpHistory}

// taskContext is the context a task execution of s receives: a deep copy
// of the stage context without TaskInputDroppedKeys.
func taskContext(s *model.StageExecution) map[string]any {
	if s.Context == nil {
		return nil
	}
	out := make(map[string]any, len(s.Context))
	for k, v := range s.Context {
		if isDroppedKey(k) {
			continue
		}
		out[k] = model.CloneValue(v)
	}
	return out
}

func isDroppedKey(k string) bool {
	for _, d := range TaskInputDroppedKeys {
		if k == d {
			return true
		}
	}
	return false
}
