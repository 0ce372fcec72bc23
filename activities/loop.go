package activities

import (
	"context"
	"fmt"
	"strings"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/model/expr"
)

// Context keys of the loop tasks (semantics §8.10, LoopBuilder shapes).
const (
	keyLoopCondition     = "_loop_condition"
	keyLoopMaxIterations = "_loop_max_iterations"
	keyLoopIteration     = "_loop_iteration"
	keyLoopType          = "_loop_type"
	keyLoopTargetRefID   = "_loop_target_ref_id"
	keyLoopExit          = "_loop_exit"
)

// Loop types of _loop_type.
const (
	loopWhile       = "while"
	loopRepeatUntil = "repeat_until"
)

// defaultLoopMaxIterations is LoopBuilder's max_iterations default.
const defaultLoopMaxIterations = 100

// While-loop stage ref suffixes: the condition stage <prefix>_condition
// exits by a forward jump to <prefix>_loopback (semantics §8.10 shapes).
const (
	conditionSuffix = "_condition"
	loopbackSuffix  = "_loopback"
)

// LoopCondition is the built-in task "LoopConditionTask" of the
// LoopBuilder shapes (semantics §8.10, Go rule). It evaluates
// _loop_condition (an expression, §11.2, or a bool) against the stage
// context; _loop_iteration (default 0) counts iterations in the condition
// stage's own context, bounded by _loop_max_iterations (default 100).
//
// With _loop_type "while" (the default), the stage runs before the body:
//   - condition true and _loop_iteration < _loop_max_iterations: SUCCEEDED
//     with context {_loop_iteration: _loop_iteration + 1}; the body runs;
//   - otherwise: REDIRECT to <prefix>_loopback (this stage's ref_id with
//     its "_condition" suffix replaced) with context {_loop_exit: true,
//     _loop_iteration: 0}: a forward jump that skips the body.
//
// With _loop_type "repeat_until", the stage runs after the body:
//   - condition true: SUCCEEDED with context {_loop_iteration: 0} (exit);
//   - false and _loop_iteration + 1 < _loop_max_iterations: REDIRECT to
//     _loop_target_ref_id (the entry stage) with context
//     {_loop_iteration: _loop_iteration + 1};
//   - false at the limit: TERMINAL "loop iteration limit reached".
//
// Bad input (a missing or malformed condition, a non-integer counter, an
// unknown loop type, a while condition stage not named <prefix>_condition,
// an expression error) is TERMINAL naming the key. Each iteration is a
// jump, so the jump limit (_max_jumps, default 10, §8.2) applies first.
type LoopCondition struct{}

// Execute runs one evaluation of the loop condition.
func (LoopCondition) Execute(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	p := newParams(model.TaskLoopCondition, in.Context)
	loopType := p.str(keyLoopType, loopWhile)
	iteration := loopInt(p, keyLoopIteration, 0, 0)
	limit := loopInt(p, keyLoopMaxIterations, defaultLoopMaxIterations, 0)
	src := loopExpression(p)
	var exitTo, target string
	switch loopType {
	case loopWhile:
		if !strings.HasSuffix(in.StageRefID, conditionSuffix) {
			p.fail("ref_id", in.StageRefID, fmt.Sprintf("a while-loop condition stage named <prefix>%s (it exits to <prefix>%s)", conditionSuffix, loopbackSuffix))
		}
		exitTo = strings.TrimSuffix(in.StageRefID, conditionSuffix) + loopbackSuffix
	case loopRepeatUntil:
		target = p.requiredStr(keyLoopTargetRefID)
	default:
		p.fail(keyLoopType, loopType, fmt.Sprintf("%q or %q", loopWhile, loopRepeatUntil))
	}
	if p.err() != nil {
		return p.terminal(), nil
	}
	holds, err := expr.EvalBool(src, in.Context)
	if err != nil {
		return model.Terminal(fmt.Sprintf("%s: context.%s: %v", model.TaskLoopCondition, keyLoopCondition, err)), nil
	}
	if loopType == loopWhile {
		if holds && iteration < limit {
			return model.TaskResult{Status: model.StatusSucceeded,
				Context: map[string]any{keyLoopIteration: float64(iteration + 1)}}, nil
		}
		return model.TaskResult{Status: model.StatusRedirect, JumpTo: exitTo,
			Context: map[string]any{keyLoopExit: true, keyLoopIteration: float64(0)}}, nil
	}
	switch {
	case holds:
		return model.TaskResult{Status: model.StatusSucceeded,
			Context: map[string]any{keyLoopIteration: float64(0)}}, nil
	case iteration+1 < limit:
		return model.TaskResult{Status: model.StatusRedirect, JumpTo: target,
			Context: map[string]any{keyLoopIteration: float64(iteration + 1)}}, nil
	}
	return model.Terminal("loop iteration limit reached"), nil
}

// LoopBack is the built-in task "LoopBackTask" that closes a while loop
// (semantics §8.10, Go rule): with _loop_exit truthy it succeeds with
// context {_loop_exit: false}, so a later re-entry starts clean, and the
// stages after it run; otherwise it returns REDIRECT to
// _loop_target_ref_id (the condition stage), a backward jump that resets
// the condition, the body and this stage.
type LoopBack struct{}

// Execute exits the loop or jumps back to its condition.
func (LoopBack) Execute(_ context.Context, in model.TaskInput) (model.TaskResult, error) {
	if v, ok := in.Context[keyLoopExit]; ok && expr.Truthy(v) {
		return model.TaskResult{Status: model.StatusSucceeded, Context: map[string]any{keyLoopExit: false}}, nil
	}
	p := newParams(model.TaskLoopBack, in.Context)
	target := p.requiredStr(keyLoopTargetRefID)
	if p.err() != nil {
		return p.terminal(), nil
	}
	return model.TaskResult{Status: model.StatusRedirect, JumpTo: target}, nil
}

// loopExpression reads _loop_condition: an expression string, or a bool
// taken as "true" or "false".
func loopExpression(p *params) string {
	v, ok := p.get(keyLoopCondition)
	switch c := v.(type) {
	case string:
		if strings.TrimSpace(c) != "" {
			return c
		}
	case bool:
		if c {
			return "true"
		}
		return "false"
	}
	if !ok {
		v = nil
	}
	p.fail(keyLoopCondition, v, "an expression string or a boolean (required)")
	return "false"
}

// loopInt reads a whole number of at least low, or def when absent.
func loopInt(p *params, key string, def, low int) int {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	n, ok := toInt(v)
	if _, isString := v.(string); !ok || isString || n < low {
		p.fail(key, v, fmt.Sprintf("a whole number >= %d", low))
		return def
	}
	return n
}
