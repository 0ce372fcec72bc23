package engine

import (
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Readiness is what a join decides about a stage from its direct upstream
// stages (semantics §2.2). Python calls the values READY, NOT_READY and
// SKIP; style.md calls them Fire, Pending and Never.
type Readiness uint8

// Readiness values.
const (
	// ReadinessWait means not yet: a later upstream completion evaluates
	// the stage again.
	ReadinessWait Readiness = iota
	// ReadinessFire means the stage may go on to the start gates (§2.4).
	ReadinessFire
	// ReadinessBlocked means never, given the current state: the stage
	// stays NOT_STARTED for good and the completion check runs (§6.6).
	ReadinessBlocked
)

var joinReadinessNames = [...]string{"WAIT", "FIRE", "BLOCKED"}

// String returns WAIT, FIRE or BLOCKED.
func (r Readiness) String() string {
	if int(r) < len(joinReadinessNames) {
		return joinReadinessNames[r]
	}
	return fmt.Sprintf("Readiness(%d)", uint8(r))
}

// Context keys written by the engine for joins (semantics §4.8).
const (
	// KeyActivatedBranches lists the upstream ref_ids an OR join waits for.
	KeyActivatedBranches = "_activated_branches"
	// KeyJoinFired marks a DISCRIMINATOR or N_OF_M join that has started.
	KeyJoinFired = "_join_fired"
	// KeyCompletedBranches lists the upstream refs that completed
	// (DISCRIMINATOR and N_OF_M; informational only).
	KeyCompletedBranches = "_completed_branches"
	// KeyJumpBypass marks a jump target: readiness is skipped (§8.5).
	KeyJumpBypass = "_jump_bypass"
)

// joinCounts tallies upstream statuses for the join table.
type joinCounts struct {
	total       int
	continuable int // SUCCEEDED, FAILED_CONTINUE, SKIPPED, REDIRECT
	halted      int // TERMINAL, CANCELED, STOPPED
}

// active is the number of upstreams that are neither CONTINUABLE nor HALT
// (N_OF_M's "a": they may still complete).
func (c joinCounts) active() int { return c.total - c.continuable - c.halted }

func joinCount(ups []*model.StageExecution) joinCounts {
	c := joinCounts{total: len(ups)}
	for _, u := range ups {
		switch {
		case u.Status.IsContinuable():
			c.continuable++
		case u.Status.IsHalt():
			c.halted++
		}
	}
	return c
}

// JoinReadiness decides whether stage may start, from its direct upstream
// stages (the stages named by its requisite_stage_ref_ids, resolved by the
// caller), following the one case table of semantics §2.2:
//
//	join           rule, first match wins
//	any            _jump_bypass set or no upstreams     → FIRE
//	AND            any HALT → BLOCKED; all CONTINUABLE → FIRE; else WAIT
//	OR             no _activated_branches → AND; else AND over the listed
//	               upstreams, FIRE when none of them is an upstream
//	MULTI_MERGE    any CONTINUABLE → FIRE; all HALT → BLOCKED; else WAIT
//	DISCRIMINATOR  _join_fired → WAIT; then as MULTI_MERGE
//	N_OF_M         N ≤ 0 → AND; _join_fired → WAIT; c ≥ N → FIRE;
//	               c + a < N → BLOCKED; else WAIT
//
// with c the CONTINUABLE upstreams and a those neither CONTINUABLE nor HALT.
//
// OR joins honour _activated_branches only when the definition (or a user
// task) set it: following the observed Python behaviour (§5.4 Go rule), OR
// splits never write the key, unlike the Python design, so an OR join
// usually behaves as an AND join over SKIPPED branches.
//
// A fired DISCRIMINATOR or N_OF_M join answers WAIT forever: later upstream
// completions are ignored, with no polling and no timeout (JOIN-LATE-1).
// For MULTI_MERGE this is the first-firing readiness only; queueing the
// later firings (§2.2 Go rule, WCP-8) is the caller's job.
func JoinReadiness(stage *model.StageExecution, upstreams []*model.StageExecution) Readiness {
	return decideJoin(stage, upstreams, joinCount(upstreams))
}

// decideJoin is the case table of JoinReadiness with the upstream tally c
// given: joinCount(upstreams), or the engine's maintained counts. Only an
// OR join with _activated_branches looks at upstreams themselves.
func decideJoin(stage *model.StageExecution, upstreams []*model.StageExecution, c joinCounts) Readiness {
	if jsonFlag(stage.Context, KeyJumpBypass) || len(upstreams) == 0 {
		return ReadinessFire
	}
	switch stage.JoinType {
	case model.JoinOr:
		listed, ok := jsonStrings(stage.Context[KeyActivatedBranches])
		if !ok {
			return joinAnd(c)
		}
		return joinOr(upstreams, listed)
	case model.JoinMultiMerge:
		return joinMerge(c)
	case model.JoinDiscriminator:
		if jsonFlag(stage.Context, KeyJoinFired) {
			return ReadinessWait
		}
		return joinMerge(c)
	case model.JoinNOfM:
		n := stage.JoinThreshold
		switch {
		case n <= 0:
			return joinAnd(c)
		case jsonFlag(stage.Context, KeyJoinFired):
			return ReadinessWait
		case c.continuable >= n:
			return ReadinessFire
		case c.continuable+c.active() < n:
			return ReadinessBlocked
		}
		return ReadinessWait
	default: // model.JoinAnd
		return joinAnd(c)
	}
}

// joinAnd: any HALT → BLOCKED; all CONTINUABLE → FIRE; else WAIT.
func joinAnd(c joinCounts) Readiness {
	switch {
	case c.halted > 0:
		return ReadinessBlocked
	case c.continuable == c.total:
		return ReadinessFire
	}
	return ReadinessWait
}

// joinMerge: any CONTINUABLE → FIRE; all HALT → BLOCKED; else WAIT.
func joinMerge(c joinCounts) Readiness {
	switch {
	case c.continuable > 0:
		return ReadinessFire
	case c.halted == c.total:
		return ReadinessBlocked
	}
	return ReadinessWait
}

// joinOr applies AND to the upstreams named in listed; with none of
// them among the upstreams the join fires.
func joinOr(upstreams []*model.StageExecution, listed []string) Readiness {
	want := make(dagRefs, len(listed))
	for _, r := range listed {
		want[r] = true
	}
	var counted []*model.StageExecution
	for _, u := range upstreams {
		if want[u.RefID] {
			counted = append(counted, u)
		}
	}
	if len(counted) == 0 {
		return ReadinessFire
	}
	return joinAnd(joinCount(counted))
}
