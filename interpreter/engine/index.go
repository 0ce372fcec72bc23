package engine

import "github.com/stabilize-go/stabilize/model"

// This file holds the derived per-stage indexes that keep the engine's
// scheduling work per event O(1) amortised in the number of stages
// (issue 9): slices indexed by a stage's position in wf.Stages, the short
// lists of stages that can ever wait at a milestone or queue a MULTI_MERGE
// firing, and each stage's upstream status counts, kept up to date as
// statuses change. None of it is persisted: reindex rebuilds it from the
// model and coreState (New, Restore, dynamic instances).

// statusClass is what a join counts of an upstream's status (§2.2).
type statusClass uint8

const (
	classActive      statusClass = iota // neither CONTINUABLE nor HALT
	classContinuable                    // SUCCEEDED, FAILED_CONTINUE, SKIPPED, REDIRECT
	classHalted                         // TERMINAL, CANCELED, STOPPED
)

func classOf(st model.WorkflowStatus) statusClass {
	switch {
	case st.IsContinuable():
		return classContinuable
	case st.IsHalt():
		return classHalted
	}
	return classActive
}

// add counts one upstream of class c in the tally (sign +1 or -1).
func (c *joinCounts) add(cl statusClass, sign int) {
	switch cl {
	case classContinuable:
		c.continuable += sign
	case classHalted:
		c.halted += sign
	}
}

// rebuildIndexes fills the derived indexes from wf.Stages, ups and
// coreState; reindex calls it after the adjacency is rebuilt.
func (e *Engine) rebuildIndexes() {
	n := len(e.wf.Stages)
	e.rts = make([]*stageRT, n)
	e.cls = make([]statusClass, n)
	e.stat = make([]model.WorkflowStatus, n)
	e.topStatus = [256]int{}
	e.allStatus = [256]int{}
	e.lockPending = 0
	e.upc = make([]joinCounts, n)
	e.branches = make([]branchCache, n)
	e.milestoneStages, e.mergeStages = nil, nil
	for i, s := range e.wf.Stages {
		r, ok := e.st.Stages[s.RefID]
		if !ok {
			r = newStageRT(s)
			e.st.Stages[s.RefID] = r
		}
		e.rts[i] = r
		e.cls[i] = classOf(s.Status)
		e.stat[i] = s.Status
		e.allStatus[s.Status]++
		if r.Lock == lockPending {
			e.lockPending++
		}
		if e.parents[s] == nil {
			e.topStatus[s.Status]++
		}
		if s.MilestoneRefID != "" {
			e.milestoneStages = append(e.milestoneStages, s)
		}
		if s.JoinType == model.JoinMultiMerge {
			e.mergeStages = append(e.mergeStages, s)
		}
	}
	for i, s := range e.wf.Stages {
		ups := e.ups[s]
		e.upc[i] = joinCounts{total: len(ups)}
		for _, u := range ups {
			e.upc[i].add(e.cls[e.order[u]], +1)
		}
	}
	e.resetFolds()
}

// noteStatus records a change of s.Status in the upstream counts of its
// downstream stages. Every write of a stage status goes through setStatus
// or calls it afterwards; the work is O(out-degree) per class change.
func (e *Engine) noteStatus(s *model.StageExecution) {
	i, ok := e.order[s]
	if !ok {
		return
	}
	if e.stat[i] == s.Status {
		return
	}
	e.allStatus[e.stat[i]]--
	e.allStatus[s.Status]++
	if e.parents[s] == nil {
		e.topStatus[e.stat[i]]--
		e.topStatus[s.Status]++
	}
	e.stat[i] = s.Status
	c := classOf(s.Status)
	old := e.cls[i]
	if c == old {
		return
	}
	e.cls[i] = c
	for _, d := range e.downs[s] {
		j := e.order[d]
		e.upc[j].add(old, -1)
		e.upc[j].add(c, +1)
	}
}

// setStatus writes a stage status and keeps the indexes in step.
func (e *Engine) setStatus(s *model.StageExecution, st model.WorkflowStatus) {
	s.Status = st
	e.noteStatus(s)
}

// readiness is JoinReadiness(s, upstreams(s)) from the maintained
// upstream counts: O(1), except for an OR join with _activated_branches,
// which counts only the listed upstreams.
func (e *Engine) readiness(s *model.StageExecution) Readiness {
	return decideJoin(s, e.upstreams(s), e.upc[e.order[s]])
}

// finalStatusPending answers finalStatus in O(1) in the common case of a
// run in progress: some top-level stage is RUNNING (a RUNNING stage is
// never withdrawn, so it counts and the statuses are not all CONTINUABLE)
// and none is TERMINAL, CANCELED or STOPPED (no other rule of §6.6 can
// end the run). Without it, every event after the first top-level sink
// completes re-ran the full check: O(stages) per event in a fan-out.
func (e *Engine) finalStatusPending() bool {
	return e.topStatus[model.StatusRunning] > 0 && e.topStatus[model.StatusTerminal] == 0 &&
		e.topStatus[model.StatusCanceled] == 0 && e.topStatus[model.StatusStopped] == 0
}

// setLock changes a stage's global lock state, counting pending ones for
// idle.
func (e *Engine) setLock(r *stageRT, v string) {
	if r.Lock == lockPending {
		e.lockPending--
	}
	if v == lockPending {
		e.lockPending++
	}
	r.Lock = v
}
