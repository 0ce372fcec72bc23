package model

import (
	"math"
	"slices"
	"strings"
)

// stageContext checks the stage context keys the engine reads
// (semantics §4.8): flags are JSON booleans, continuePipeline is a typo,
// stageEnabled is a boolean or an expression object, _max_jumps a count,
// mutexScope execution or global.
func (v *validator) stageContext(path string, s *StageExecution) {
	for _, k := range FlagKeys() {
		val, ok := s.Context[k]
		if _, isBool := val.(bool); ok && !isBool && val != nil {
			v.probs.add(joinPath(path, k), val, ErrType, "expected a JSON boolean (true or false)")
		}
	}
	if val, ok := s.Context["continuePipeline"]; ok {
		v.probs.add(joinPath(path, "continuePipeline"), val, ErrUnknownField,
			"not a Stabilize key: did you mean %q?", KeyContinuePipelineOnFailure)
	}
	v.stageEnabled(joinPath(path, KeyStageEnabled), s.Context[KeyStageEnabled])
	v.maxJumps(joinPath(path, KeyMaxJumps), s.Context)
	if val, ok := s.Context[KeyMutexScope]; ok && val != nil && val != "execution" && val != "global" {
		v.probs.add(joinPath(path, KeyMutexScope), val, ErrInvalid, "expected \"execution\" or \"global\"")
	}
	if val, ok := s.Context[KeyStageTimeoutMs]; ok {
		v.nonNegative(joinPath(path, KeyStageTimeoutMs), val, "a timeout in milliseconds")
	}
	v.contextTypos(path, s.Context)
}

// nonNegative checks an optional number: null or a number of 0 or more.
func (v *validator) nonNegative(path string, val any, what string) {
	if f, ok := val.(float64); val != nil && (!ok || f < 0) {
		v.probs.add(path, val, ErrInvalid, "expected %s: a number of 0 or more", what)
	}
}

// engineKeys are the camelCase context keys the engine reads; a context
// key one edit away from one of them is most likely a typo.
var engineKeys = []string{
	KeyFailPipeline, KeyContinuePipelineOnFailure, KeyAllowSiblingStagesToContinueOnFailure,
	KeyCompleteOtherBranchesThenFail, KeyManualSkip, KeyStageEnabled, KeyStageTimeoutMs,
	KeyMutexScope, KeyWaitTime, KeyMaxJumps,
}

// taskKeys are context keys built-in tasks read (definition-format.md)
// that are one edit away from an engine key: not typos.
var taskKeys = []string{"max_jumps"}

// contextTypos warns about context keys that look like misspelt engine
// keys: the context is free-form, so they are not errors, but the engine
// will not read them.
func (v *validator) contextTypos(path string, ctx map[string]any) {
	for _, k := range sortedKeys(ctx) {
		if len(k) < 8 || slices.Contains(engineKeys, k) || slices.Contains(taskKeys, k) {
			continue
		}
		for _, e := range engineKeys {
			if strings.EqualFold(k, e) || editDistance(k, e) == 1 {
				v.warn(joinPath(path, k), "not a key the engine reads: did you mean %q?", e)
				break
			}
		}
	}
}

// stageEnabled checks context.stageEnabled (semantics §2.5).
func (v *validator) stageEnabled(path string, val any) {
	switch x := val.(type) {
	case nil, bool:
	case map[string]any:
		if x["type"] != "expression" {
			v.warn(path, "only {type: expression} is evaluated; this value leaves the stage enabled")
			return
		}
		src, ok := x["expression"]
		if !ok {
			return // the default expression "true"
		}
		s, ok := src.(string)
		if !ok {
			v.probs.add(joinPath(path, "expression"), src, ErrType, "expected an expression string")
			return
		}
		v.expression(joinPath(path, "expression"), s)
	default:
		v.warn(path, "a %s leaves the stage enabled: expected a boolean or {type: expression, expression: ...}", jsonType(val))
	}
}

// maxJumps checks ctx._max_jumps: null or an integer of 0 or more (§8.2).
func (v *validator) maxJumps(path string, ctx map[string]any) {
	v.count(path, ctx[KeyMaxJumps])
}

// count checks an optional count: null or an integer of 0 or more.
func (v *validator) count(path string, val any) {
	if val == nil {
		return
	}
	f, isNum := val.(float64)
	if !isNum || f < 0 || f != math.Trunc(f) {
		v.probs.add(path, val, ErrInvalid, "expected an integer of 0 or more")
	}
}
