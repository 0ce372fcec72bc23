package model

import (
	"slices"
	"strings"
)

// stage checks one stage's own fields; path is its JSON path.
func (v *validator) stage(path string, i int, g *graph, depth int) {
	s := g.stages[i]
	if s.Type == "" {
		v.probs.add(joinPath(path, "type"), nil, ErrRequired, "expected the stage type (also the default task's implementing_class)")
	}
	v.join(path, s)
	v.split(path, s, g.downstreamRefs(i))
	v.milestone(path, s, g)
	v.miConfig(joinPath(path, "mi_config"), s)
	for _, k := range sortedKeys(s.OutputReducers) {
		if name := s.OutputReducers[k]; !IsReducer(name) {
			v.probs.add(joinPath(joinPath(path, "output_reducers"), k), name, ErrUnknownReducer,
				"expected one of %s", strings.Join(reducerNames, ", "))
		}
	}
	v.stageContext(joinPath(path, "context"), s)
	v.tasks(path, s, g, depth)
}

// join checks join_threshold against join_type (semantics §2.2).
func (v *validator) join(path string, s *StageExecution) {
	p := joinPath(path, "join_threshold")
	n := len(s.RequisiteStageRefIDs)
	if s.JoinType != JoinNOfM {
		if s.JoinThreshold != 0 {
			v.warn(p, "join_threshold %d is ignored: join_type is %s, not N_OF_M", s.JoinThreshold, s.JoinType)
		}
		return
	}
	switch {
	case s.JoinThreshold < 0 || s.JoinThreshold > n:
		v.probs.add(p, s.JoinThreshold, ErrInvalid, "out of range for N_OF_M: expected 0 to %d (the number of upstream stages)", n)
	case s.JoinThreshold == 0:
		v.warn(p, "join_threshold 0 makes N_OF_M wait for every upstream stage, like AND")
	}
}

// split checks split_conditions: keys name direct downstream stages and
// values compile (semantics §1.9, §5.2).
func (v *validator) split(path string, s *StageExecution, downstream []string) {
	if len(s.SplitConditions) == 0 {
		return
	}
	base := joinPath(path, "split_conditions")
	if s.SplitType != SplitOr {
		v.warn(base, "split_conditions are ignored: split_type is %s, not OR", s.SplitType)
	}
	for _, ref := range sortedKeys(s.SplitConditions) {
		p := joinPath(base, ref)
		if !slices.Contains(downstream, ref) {
			msg := "not a direct downstream stage of %q: expected one of [%s]"
			if sug := suggest(ref, downstream); sug != "" {
				msg += " (did you mean %q?)"
				v.probs.add(p, ref, ErrUnknownRef, msg, s.RefID, strings.Join(downstream, ", "), sug)
			} else {
				v.probs.add(p, ref, ErrUnknownRef, msg, s.RefID, strings.Join(downstream, ", "))
			}
		}
		v.expression(p, s.SplitConditions[ref])
	}
}

// milestone checks milestone_ref_id and milestone_status (semantics §2.7).
func (v *validator) milestone(path string, s *StageExecution, g *graph) {
	rp, sp := joinPath(path, "milestone_ref_id"), joinPath(path, "milestone_status")
	if s.MilestoneRefID == "" && s.MilestoneStatus == "" {
		return
	}
	if s.MilestoneRefID == "" {
		v.probs.add(rp, nil, ErrRequired, "milestone_status needs milestone_ref_id")
	} else if _, ok := g.firstRef[s.MilestoneRefID]; !ok {
		if sug := suggest(s.MilestoneRefID, g.siblingRefs(s.ParentStageID)); sug != "" {
			v.probs.add(rp, s.MilestoneRefID, ErrUnknownRef, "expected the ref_id of a stage (did you mean %q?)", sug)
		} else {
			v.probs.add(rp, s.MilestoneRefID, ErrUnknownRef, "expected the ref_id of a stage")
		}
	}
	if s.MilestoneStatus == "" {
		v.probs.add(sp, nil, ErrRequired, "milestone_ref_id needs milestone_status, a status name such as SUCCEEDED")
	} else if _, err := ParseStatus(s.MilestoneStatus); err != nil {
		v.probs.add(sp, s.MilestoneStatus, ErrInvalid, "expected a status name: %s", strings.Join(statusNames[:], ", "))
	}
}

// miConfig checks that a multi-instance configuration is consistent
// (semantics §9).
func (v *validator) miConfig(path string, s *StageExecution) {
	c := s.MIConfig
	if c == nil {
		return
	}
	if c.Count < 0 {
		v.probs.add(joinPath(path, "count"), c.Count, ErrInvalid, "expected a count of 0 or more")
	}
	if c.JoinThreshold < 0 {
		v.probs.add(joinPath(path, "join_threshold"), c.JoinThreshold, ErrInvalid, "expected a threshold of 0 or more")
	}
	var sources []string
	if c.Count != 0 {
		sources = append(sources, "count")
	}
	if c.CountFromContext != "" {
		sources = append(sources, "count_from_context")
	}
	if c.CollectionFromContext != "" {
		sources = append(sources, "collection_from_context")
	}
	switch {
	case len(sources) > 1:
		v.probs.add(path, nil, ErrInvalid, "%s are exclusive: expected one source of instances", strings.Join(sources, " and "))
	case len(sources) == 0 && !c.AllowDynamic:
		v.probs.add(path, nil, ErrRequired, "expected count, count_from_context, collection_from_context or allow_dynamic")
	}
	if c.Count > 0 && c.JoinThreshold > c.Count {
		v.probs.add(joinPath(path, "join_threshold"), c.JoinThreshold, ErrInvalid, "greater than count %d: expected 0 to %d", c.Count, c.Count)
	}
	if c.JoinThreshold > 0 && !c.SyncOnComplete {
		v.probs.add(joinPath(path, "join_threshold"), c.JoinThreshold, ErrInvalid, "needs sync_on_complete: without it there is no join stage")
	}
	if c.CancelRemaining && c.JoinThreshold == 0 {
		v.warn(joinPath(path, "cancel_remaining"), "has no effect without join_threshold")
	}
}
