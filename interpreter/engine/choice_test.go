package engine

import (
	"slices"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestChoiceDecided(t *testing.T) {
	member := func(ref string, status model.WorkflowStatus, group string) *model.StageExecution {
		s := ptStage(ref, status)
		s.DeferredChoiceGroup = group
		return s
	}
	tests := []struct {
		name   string
		stages []*model.StageExecution
		stage  string
		want   bool
	}{
		{"CHOICE-1 nobody has started: undecided",
			[]*model.StageExecution{member("A", ptNst, "g"), member("B", ptNst, "g")}, "A", false},
		{"CHOICE-1 another member RUNNING: decided",
			[]*model.StageExecution{member("A", ptRun, "g"), member("B", ptNst, "g")}, "B", true},
		{"CHOICE-2 the claim never moves after the winner completes",
			[]*model.StageExecution{member("A", ptSuc, "g"), member("B", ptNst, "g")}, "B", true},
		{"§2.9 a SKIPPED member counts as a decision",
			[]*model.StageExecution{member("A", ptSkp, "g"), member("B", ptNst, "g")}, "B", true},
		{"§2.9 a CANCELED member counts as a decision",
			[]*model.StageExecution{member("A", ptCan, "g"), member("B", ptNst, "g")}, "B", true},
		{"§2.9 the stage's own status does not decide",
			[]*model.StageExecution{member("A", ptRun, "g"), member("B", ptNst, "g")}, "A", false},
		{"§2.9 other groups do not count",
			[]*model.StageExecution{member("A", ptRun, "h"), member("B", ptNst, "g")}, "B", false},
		{"§2.9 no group is never decided",
			[]*model.StageExecution{member("A", ptRun, ""), member("B", ptNst, "")}, "B", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wf := ptWorkflow(tc.stages...)
			if got := ChoiceDecided(wf, ptFind(t, wf, tc.stage)); got != tc.want {
				t.Fatalf("ChoiceDecided(%s) = %v, want %v", tc.stage, got, tc.want)
			}
		})
	}
}

func TestChoiceLosers(t *testing.T) {
	t.Run("CHOICE-1 §2.9 example: NOT_STARTED siblings lose, in definition order", func(t *testing.T) {
		a, b, c, d := ptStage("A", ptRun), ptStage("B", ptNst), ptStage("C", ptSkp), ptStage("D", ptNst)
		for _, s := range []*model.StageExecution{a, b, c, d} {
			s.DeferredChoiceGroup = "g"
		}
		other := ptStage("E", ptNst)
		other.DeferredChoiceGroup = "h"
		wf := ptWorkflow(d, a, other, b, c, ptStage("A2", ptNst, "A"))
		if got := ptRefs(ChoiceLosers(wf, a)); !slices.Equal(got, []string{"D", "B"}) {
			t.Fatalf("losers = %v, want [D B]", got)
		}
	})
	t.Run("§2.9 a stage without a group has no losers", func(t *testing.T) {
		a := ptStage("A", ptRun)
		if got := ChoiceLosers(ptWorkflow(a, ptStage("B", ptNst)), a); len(got) != 0 {
			t.Fatalf("losers = %v", ptRefs(got))
		}
	})
}
