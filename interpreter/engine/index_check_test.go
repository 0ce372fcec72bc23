package engine

import (
	"fmt"
	"maps"
	"reflect"

	"github.com/stabilize-go/stabilize/model"
)

// checkIndexes recomputes every derived index from scratch and reports
// the first one that disagrees with the maintained value: the upstream
// tallies, the cached output folds, the runtime slice and the in-flight
// positions. The test harness runs it after every Step, so each scenario,
// pattern and property test also checks that the incremental bookkeeping
// (index.go, outputfold.go, inflight.go) never drifts.
func (e *Engine) checkIndexes() error {
	if len(e.rts) != len(e.wf.Stages) || len(e.upc) != len(e.wf.Stages) || len(e.fold) != len(e.wf.Stages) {
		return fmt.Errorf("indexes cover %d/%d/%d stages, want %d", len(e.rts), len(e.upc), len(e.fold), len(e.wf.Stages))
	}
	for i, s := range e.wf.Stages {
		if e.rts[i] != e.st.Stages[s.RefID] {
			return fmt.Errorf("stage %s: runtime slice and state map disagree", s.RefID)
		}
		if e.stat[i] != s.Status {
			return fmt.Errorf("stage %s: noted status %s, status %s", s.RefID, e.stat[i], s.Status)
		}
		if want := classOf(s.Status); e.cls[i] != want {
			return fmt.Errorf("stage %s: class %d, status %s", s.RefID, e.cls[i], s.Status)
		}
		if want := joinCount(e.upstreams(s)); e.upc[i] != want {
			return fmt.Errorf("stage %s: upstream tally %+v, want %+v", s.RefID, e.upc[i], want)
		}
		if e.fold[i] == nil {
			continue
		}
		for _, u := range e.upstreams(s) {
			if e.fold[e.order[u]] == nil {
				return fmt.Errorf("stage %s: fold cached but upstream %s's is not", s.RefID, u.RefID)
			}
		}
		var outs []map[string]any
		for _, a := range e.ancestors(s) {
			outs = append(outs, a.Outputs)
		}
		if want := model.MergeOutputs(append(outs, s.Outputs)...); !reflect.DeepEqual(e.fold[i], want) {
			return fmt.Errorf("stage %s: cached fold %v, want %v", s.RefID, e.fold[i], want)
		}
	}
	if err := e.checkTopStatus(); err != nil {
		return err
	}
	live := 0
	for i, r := range e.st.InFlight {
		if r == (TaskRef{}) {
			continue
		}
		live++
		if at, ok := e.inflightAt[r]; !ok || at != i {
			return fmt.Errorf("in-flight %s at %d indexed at %d (%v)", r, i, at, ok)
		}
	}
	byStage := map[string]int{}
	for _, r := range e.inFlightRefs() {
		byStage[r.Stage]++
	}
	if !maps.Equal(byStage, e.inflightOf) {
		return fmt.Errorf("in-flight by stage %v, want %v", e.inflightOf, byStage)
	}
	if live != e.inflightLive || len(e.inflightAt) != live {
		return fmt.Errorf("in-flight: %d live entries, count %d, index %d", live, e.inflightLive, len(e.inflightAt))
	}
	return nil
}

// checkTopStatus recomputes the status counts and pending global locks.
func (e *Engine) checkTopStatus() error {
	var want, all [256]int
	pending := 0
	for _, s := range e.topLevel() {
		want[s.Status]++
	}
	for _, s := range e.wf.Stages {
		all[s.Status]++
		if e.rt(s).Lock == lockPending {
			pending++
		}
	}
	if all != e.allStatus || pending != e.lockPending {
		return fmt.Errorf("status counts %v or pending locks %d (want %d) drifted", e.allStatus, e.lockPending, pending)
	}
	if want != e.topStatus {
		for st := range want {
			if want[st] != e.topStatus[st] {
				return fmt.Errorf("top-level %s: counted %d, want %d", model.WorkflowStatus(st), e.topStatus[st], want[st])
			}
		}
	}
	return nil
}
