package engine

import (
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

const (
	ptNst = model.StatusNotStarted
	ptRun = model.StatusRunning
	ptSuc = model.StatusSucceeded
	ptFco = model.StatusFailedContinue
	ptTer = model.StatusTerminal
	ptCan = model.StatusCanceled
	ptStp = model.StatusStopped
	ptSkp = model.StatusSkipped
	ptRed = model.StatusRedirect
	ptBuf = model.StatusBuffered
	ptSus = model.StatusSuspended
)

// ups builds upstream stages u0, u1, ... with the given statuses.
func ptUps(statuses ...model.WorkflowStatus) []*model.StageExecution {
	out := make([]*model.StageExecution, len(statuses))
	for i, s := range statuses {
		out[i] = ptStage(string(rune('a'+i)), s)
	}
	return out
}

func TestJoinReadiness(t *testing.T) {
	tests := []struct {
		name      string
		join      model.JoinType
		threshold int
		ctx       map[string]any
		upstreams []*model.StageExecution
		want      Readiness
	}{
		{"§2.2 no upstreams always fires", model.JoinAnd, 0, nil, nil, ReadinessFire},
		{"§8.5 jump bypass forces FIRE", model.JoinAnd, 0, map[string]any{KeyJumpBypass: true}, ptUps(ptTer), ReadinessFire},

		{"JOIN-AND-1 all SUCCEEDED fires", model.JoinAnd, 0, nil, ptUps(ptSuc, ptSuc), ReadinessFire},
		{"JOIN-AND-1 SKIPPED and FAILED_CONTINUE count as done", model.JoinAnd, 0, nil, ptUps(ptSkp, ptFco, ptRed), ReadinessFire},
		{"JOIN-AND-1 waits for all branches", model.JoinAnd, 0, nil, ptUps(ptSuc, ptRun), ReadinessWait},
		{"JOIN-AND-2 TERMINAL upstream blocks", model.JoinAnd, 0, nil, ptUps(ptTer, ptSuc), ReadinessBlocked},
		{"JOIN-AND-2 halt wins over a running upstream", model.JoinAnd, 0, nil, ptUps(ptRun, ptTer), ReadinessBlocked},
		{"JOIN-AND-3 CANCELED upstream blocks", model.JoinAnd, 0, nil, ptUps(ptCan, ptSuc), ReadinessBlocked},
		{"JOIN-AND-3 STOPPED upstream blocks", model.JoinAnd, 0, nil, ptUps(ptStp, ptSuc), ReadinessBlocked},
		{"JOIN-AND-4 RUNNING upstream waits", model.JoinAnd, 0, nil, ptUps(ptRun), ReadinessWait},
		{"JOIN-AND-4 NOT_STARTED upstream waits", model.JoinAnd, 0, nil, ptUps(ptNst), ReadinessWait},
		{"§2.2 BUFFERED upstream waits", model.JoinAnd, 0, nil, ptUps(ptBuf, ptSuc), ReadinessWait},

		{"JOIN-OR-1 only listed branches count", model.JoinOr, 0,
			map[string]any{KeyActivatedBranches: []any{"a"}}, ptUps(ptSuc, ptRun), ReadinessFire},
		{"JOIN-OR-1 listed branch still running waits", model.JoinOr, 0,
			map[string]any{KeyActivatedBranches: []any{"a", "b"}}, ptUps(ptSuc, ptRun), ReadinessWait},
		{"JOIN-OR-1 listed halted branch blocks", model.JoinOr, 0,
			map[string]any{KeyActivatedBranches: []string{"b"}}, ptUps(ptSuc, ptTer), ReadinessBlocked},
		{"JOIN-OR-1 unlisted halted branch is ignored", model.JoinOr, 0,
			map[string]any{KeyActivatedBranches: []any{"a"}}, ptUps(ptSuc, ptTer), ReadinessFire},
		{"JOIN-OR-1 no listed upstream fires", model.JoinOr, 0,
			map[string]any{KeyActivatedBranches: []any{"zz"}}, ptUps(ptRun), ReadinessFire},
		{"JOIN-OR-2 without the list behaves as AND", model.JoinOr, 0, nil, ptUps(ptSuc, ptRun), ReadinessWait},
		{"JOIN-OR-2 null list behaves as AND", model.JoinOr, 0,
			map[string]any{KeyActivatedBranches: nil}, ptUps(ptSuc, ptTer), ReadinessBlocked},
		{"JOIN-OR-3 completes over SKIPPED branches", model.JoinOr, 0, nil, ptUps(ptSuc, ptSkp), ReadinessFire},

		{"JOIN-MM-1 first CONTINUABLE upstream fires", model.JoinMultiMerge, 0, nil, ptUps(ptSuc, ptRun), ReadinessFire},
		{"JOIN-MM-1 halted upstream ignored while others run", model.JoinMultiMerge, 0, nil, ptUps(ptTer, ptRun), ReadinessWait},
		{"JOIN-MM-1 every upstream halted blocks", model.JoinMultiMerge, 0, nil, ptUps(ptTer, ptCan), ReadinessBlocked},

		{"JOIN-DISC-1 first completion fires", model.JoinDiscriminator, 0, nil, ptUps(ptRun, ptSuc), ReadinessFire},
		{"JOIN-DISC-1 FAILED_CONTINUE fires too", model.JoinDiscriminator, 0, nil, ptUps(ptRun, ptFco), ReadinessFire},
		{"JOIN-DISC-1 all halted blocks", model.JoinDiscriminator, 0, nil, ptUps(ptTer, ptStp), ReadinessBlocked},
		{"JOIN-DISC-1 nothing complete waits", model.JoinDiscriminator, 0, nil, ptUps(ptRun, ptTer), ReadinessWait},
		{"JOIN-LATE-1 fired discriminator waits forever", model.JoinDiscriminator, 0,
			map[string]any{KeyJoinFired: true}, ptUps(ptSuc, ptSuc), ReadinessWait},

		{"JOIN-NOFM-1 c >= N fires", model.JoinNOfM, 2, nil, ptUps(ptSuc, ptSkp, ptRun), ReadinessFire},
		{"JOIN-NOFM-1 c < N with enough active waits", model.JoinNOfM, 2, nil, ptUps(ptSuc, ptRun, ptTer), ReadinessWait},
		{"JOIN-NOFM-2 c + a < N blocks (§2.3 STOPPED,STOPPED,SUCCEEDED N=2)", model.JoinNOfM, 2, nil, ptUps(ptStp, ptStp, ptSuc), ReadinessBlocked},
		{"JOIN-NOFM-2 N <= 0 behaves as AND", model.JoinNOfM, 0, nil, ptUps(ptSuc, ptRun), ReadinessWait},
		{"JOIN-NOFM-2 N <= 0 halted blocks as AND", model.JoinNOfM, 0, nil, ptUps(ptSuc, ptTer), ReadinessBlocked},
		{"JOIN-LATE-1 fired N_OF_M waits forever", model.JoinNOfM, 1,
			map[string]any{KeyJoinFired: true}, ptUps(ptSuc, ptSuc), ReadinessWait},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ptStage("J", model.StatusNotStarted)
			s.JoinType, s.JoinThreshold = tc.join, tc.threshold
			if tc.ctx != nil {
				s.Context = tc.ctx
			}
			if got := JoinReadiness(s, tc.upstreams); got != tc.want {
				t.Fatalf("JoinReadiness = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadinessString(t *testing.T) {
	for r, want := range map[Readiness]string{ReadinessWait: "WAIT", ReadinessFire: "FIRE", ReadinessBlocked: "BLOCKED", 9: "Readiness(9)"} {
		if got := r.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", uint8(r), got, want)
		}
	}
}

// TestJoinReadinessExhaustive checks the §2.2 invariants over every
// combination of statuses for one to three upstreams: no join fires early
// and none is blocked while its firing is still reachable.
func TestJoinReadinessExhaustive(t *testing.T) {
	all := model.AllStatuses()
	var combos [][]model.WorkflowStatus
	for n := 1; n <= 3; n++ {
		var rec func(prefix []model.WorkflowStatus)
		rec = func(prefix []model.WorkflowStatus) {
			if len(prefix) == n {
				combos = append(combos, append([]model.WorkflowStatus(nil), prefix...))
				return
			}
			for _, s := range all {
				rec(append(prefix, s))
			}
		}
		rec(nil)
	}
	for _, join := range []model.JoinType{model.JoinAnd, model.JoinOr, model.JoinMultiMerge, model.JoinDiscriminator, model.JoinNOfM} {
		t.Run("§2.2 invariants for "+join.String(), func(t *testing.T) {
			for _, combo := range combos {
				s := ptStage("J", ptNst)
				s.JoinType, s.JoinThreshold = join, 2
				c := ptCount(combo)
				got := JoinReadiness(s, ptUps(combo...))
				var want Readiness
				switch join {
				case model.JoinAnd, model.JoinOr:
					want = ptPick(c.halted > 0, ReadinessBlocked, ptPick(c.continuable == c.total, ReadinessFire, ReadinessWait))
				case model.JoinMultiMerge, model.JoinDiscriminator:
					want = ptPick(c.continuable > 0, ReadinessFire, ptPick(c.halted == c.total, ReadinessBlocked, ReadinessWait))
				case model.JoinNOfM:
					want = ptPick(c.continuable >= 2, ReadinessFire, ptPick(c.total-c.halted < 2, ReadinessBlocked, ReadinessWait))
				}
				if got != want {
					t.Fatalf("%v over %v = %v, want %v", join, combo, got, want)
				}
			}
		})
	}
}

// ptCount counts statuses independently of the code under test.
func ptCount(statuses []model.WorkflowStatus) (c struct{ total, continuable, halted int }) {
	c.total = len(statuses)
	for _, s := range statuses {
		switch s {
		case ptSuc, ptFco, ptSkp, ptRed:
			c.continuable++
		case ptTer, ptCan, ptStp:
			c.halted++
		}
	}
	return c
}

// ptPick returns a when cond holds, else b.
func ptPick(cond bool, a, b Readiness) Readiness {
	if cond {
		return a
	}
	return b
}
