package engine

import (
	"reflect"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// TestCompletedBranchesList: join tracking (§2.2) appends each upstream
// ref once, in completion order, whether the cached list (branches.go)
// still matches the context or the context was replaced meanwhile (a plan
// copies it, a task may write the key).
func TestCompletedBranchesList(t *testing.T) {
	j := st("J", "noop", "A", "B", "C")
	j.JoinType = model.JoinNOfM
	e := New(wfOf(st("A", "noop"), st("B", "noop"), st("C", "noop"), j), Options{})
	steps := []struct {
		ref     string
		replace []any // context list written before the step, as a plan or task would
		want    []any
	}{
		{ref: "A", want: []any{"A"}},
		{ref: "B", want: []any{"A", "B"}},
		{ref: "A", want: []any{"A", "B"}},
		{ref: "C", replace: []any{"A", "B"}, want: []any{"A", "B", "C"}},
		{ref: "C", want: []any{"A", "B", "C"}},
		{ref: "B", replace: []any{"X"}, want: []any{"X", "B"}},
	}
	for i, s := range steps {
		if s.replace != nil {
			j.Context[KeyCompletedBranches] = s.replace
		}
		e.addCompletedBranch(j, s.ref)
		if got := j.Context[KeyCompletedBranches]; !reflect.DeepEqual(got, s.want) {
			t.Fatalf("step %d (%s): list %v, want %v", i, s.ref, got, s.want)
		}
		if got := e.rt(j).Overlay[KeyCompletedBranches]; !reflect.DeepEqual(got, s.want) {
			t.Fatalf("step %d (%s): overlay %v, want %v", i, s.ref, got, s.want)
		}
	}
}
