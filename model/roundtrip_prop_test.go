package model

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// gen builds random workflows for the property tests.
type gen struct{ r *rand.Rand }

func (g gen) pick(n int) int { return g.r.IntN(n) }

func (g gen) str(prefix string) string { return fmt.Sprintf("%s%d", prefix, g.r.IntN(1000)) }

// value returns a random JSON-decoded value of bounded depth.
func (g gen) value(depth int) any {
	k := g.pick(7)
	if depth <= 0 {
		k %= 5
	}
	switch k {
	case 0:
		return nil
	case 1:
		return g.r.IntN(2) == 0
	case 2:
		if g.r.IntN(2) == 0 {
			return float64(g.r.IntN(2000) - 1000)
		}
		return g.r.Float64() * 100
	case 3, 4:
		return g.str("s ")
	case 5:
		l := make([]any, g.pick(4))
		for i := range l {
			l[i] = g.value(depth - 1)
		}
		return l
	}
	return g.object(depth - 1)
}

func (g gen) object(depth int) map[string]any {
	m := map[string]any{}
	for range g.pick(4) {
		m[g.str("k")] = g.value(depth)
	}
	return m
}

func (g gen) maybeTime() *int64 {
	if g.r.IntN(2) == 0 {
		return nil
	}
	v := g.r.Int64N(1 << 45)
	return &v
}

func (g gen) strMap(values []string) map[string]string {
	if g.r.IntN(2) == 0 {
		return nil
	}
	m := map[string]string{}
	for range 1 + g.pick(3) {
		m[g.str("k")] = values[g.pick(len(values))]
	}
	return m
}

// definition returns a random valid-shaped definition with defaults
// applied (runtime fields at their initial values).
func (g gen) definition() *Workflow {
	n := 1 + g.pick(8)
	stages := make([]*StageExecution, 0, n)
	for i := range n {
		var req []string
		for j := range i {
			if g.r.IntN(3) == 0 {
				req = append(req, fmt.Sprintf("st%d", j))
			}
		}
		s := NewStage(g.str("type"), "", fmt.Sprintf("st%d", i), g.object(2), req)
		s.Name = []string{"", "Stage " + s.RefID}[g.pick(2)]
		s.JoinType = JoinType(g.pick(len(joinTypeNames)))
		s.JoinThreshold = g.pick(3)
		s.SplitType = SplitType(g.pick(len(splitTypeNames)))
		s.SplitConditions = g.strMap([]string{"x > 1", "true", "a.b == 'c'"})
		s.OutputReducers = g.strMap(reducerNames)
		s.StartTimeExpiry, s.ScheduledTime = g.maybeTime(), g.maybeTime()
		s.CleanupOnFailure = g.r.IntN(2) == 0
		if g.r.IntN(2) == 0 {
			s.FinalizerNames = []string{g.str("f")}
		}
		if g.r.IntN(3) == 0 {
			s.MIConfig = &MultiInstanceConfig{Count: g.pick(4), SyncOnComplete: g.r.IntN(2) == 0,
				AllowDynamic: g.r.IntN(2) == 0, JoinThreshold: g.pick(3), CancelRemaining: g.r.IntN(2) == 0,
				CountFromContext: []string{"", "n"}[g.pick(2)], CollectionFromContext: []string{"", "items"}[g.pick(2)]}
		}
		s.DeferredChoiceGroup = []string{"", "g"}[g.pick(2)]
		s.MutexKey = []string{"", "m"}[g.pick(2)]
		s.CancelRegion = []string{"", "r"}[g.pick(2)]
		if g.r.IntN(3) == 0 {
			s.MilestoneRefID, s.MilestoneStatus = "st0", AllStatuses()[g.pick(int(numStatuses))].String()
		}
		for range g.pick(3) {
			t := NewTask([]string{"", g.str("task ")}[g.pick(2)], g.str("class"))
			t.ID = ""
			t.LoopStart, t.LoopEnd = g.r.IntN(2) == 0, g.r.IntN(2) == 0
			s.Tasks = append(s.Tasks, t)
		}
		if g.r.IntN(2) == 0 {
			s.ID = ""
		}
		stages = append(stages, s)
	}
	if n > 1 && g.r.IntN(2) == 0 {
		// A synthetic child of stage 0, named by ref_id as a definition may.
		c := stages[n-1]
		c.RequisiteStageRefIDs = []string{}
		c.ParentStageID = stages[0].RefID
		c.SyntheticStageOwner = SyntheticStageOwner(1 + g.pick(2))
	}
	w := &Workflow{
		Type:        WorkflowType(g.pick(2)),
		Application: g.str("app"),
		Name:        g.str("name"),
		Stages:      stages,
		Context:     g.object(2),
		Trigger: Trigger{Type: []string{"", "webhook"}[g.pick(2)], User: []string{"", "bob"}[g.pick(2)],
			Parameters: g.object(1), Payload: g.object(1)},
		StartTimeExpiry:         g.maybeTime(),
		PipelineConfigID:        []string{"", "cfg"}[g.pick(2)],
		IsLimitConcurrent:       g.r.IntN(2) == 0,
		MaxConcurrentExecutions: g.pick(3),
		KeepWaitingPipelines:    g.r.IntN(2) == 0,
		Origin:                  []string{"", "api"}[g.pick(2)],
		ConfigVersion:           []string{"", "v1"}[g.pick(2)],
	}
	if g.r.IntN(2) == 0 {
		w.Trigger.Artifacts = []map[string]any{g.object(1)}
	}
	w.ApplyDefaults()
	return w
}

// running turns a definition into a mid-run model: statuses, times,
// outputs and other runtime fields set.
func (g gen) running(w *Workflow) *Workflow {
	w.Status = AllStatuses()[g.pick(int(numStatuses))]
	w.StartTime, w.EndTime = g.maybeTime(), g.maybeTime()
	if g.r.IntN(2) == 0 {
		w.Cancel(g.str("user"), g.str("reason"))
	}
	if g.r.IntN(2) == 0 {
		w.Paused = &PausedDetails{PausedBy: g.str("u"), PauseTime: g.maybeTime(), ResumeTime: g.maybeTime(), PausedMs: g.r.Int64N(1000)}
	}
	for _, s := range w.Stages {
		s.Status = AllStatuses()[g.pick(int(numStatuses))]
		s.Outputs = g.object(2)
		s.StartTime, s.EndTime = g.maybeTime(), g.maybeTime()
		s.Version, s.RunCount, s.Withdrawn = g.pick(5), g.pick(5), g.r.IntN(2) == 0
		for _, t := range s.Tasks {
			t.Status = AllStatuses()[g.pick(int(numStatuses))]
			t.StartTime, t.EndTime = g.maybeTime(), g.maybeTime()
			t.Version = g.pick(3)
			if g.r.IntN(2) == 0 {
				t.TaskExceptionDetails = map[string]any{"error": g.str("boom ")}
			}
		}
	}
	return w
}

// TestRoundTripProperty: over generated workflows, a definition survives
// JSON -> Load unchanged, and a mid-run model survives JSON ->
// encoding/json unchanged (the query and continue-as-new path).
func TestRoundTripProperty(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(1, 2))}
	for i := range 300 {
		t.Run(fmt.Sprintf("definition %d", i), func(t *testing.T) {
			assertRoundTrip(t, g.definition(), true)
		})
		t.Run(fmt.Sprintf("running %d", i), func(t *testing.T) {
			assertRoundTrip(t, g.running(g.definition()), false)
		})
	}
}
