package model

import (
	"reflect"
	"testing"
)

func TestDetermineStatus(t *testing.T) {
	S := func(st ...WorkflowStatus) []WorkflowStatus { return st }
	tests := []struct {
		name   string
		status WorkflowStatus // the stage's own status
		ctx    map[string]any
		before []WorkflowStatus
		tasks  []WorkflowStatus
		after  []WorkflowStatus
		want   WorkflowStatus
	}{
		{"§2.12 empty core, not running", StatusNotStarted, nil, nil, nil, nil, StatusNotStarted},
		{"§2.12 empty core, running, after pending", StatusRunning, nil, nil, nil, S(StatusRunning), StatusRunning},
		{"§2.12 empty core, running, after terminal", StatusRunning, nil, nil, nil, S(StatusTerminal), StatusTerminal},
		{"§2.12 empty core, running, after done", StatusRunning, nil, nil, nil, S(StatusStopped), StatusSucceeded},
		{"§2.12 terminal task wins over unfinished work", StatusRunning, nil, nil, S(StatusTerminal, StatusNotStarted), nil, StatusTerminal},
		{"§2.12/§6.2 terminal with continuePipelineOnFailure", StatusRunning, map[string]any{"continuePipelineOnFailure": true}, nil, S(StatusTerminal), nil, StatusFailedContinue},
		{"§2.12/§6.2 terminal with failPipeline false", StatusRunning, map[string]any{"failPipeline": false}, nil, S(StatusTerminal), nil, StatusStopped},
		{"§2.12 terminal before-stage", StatusRunning, nil, S(StatusTerminal), S(StatusNotStarted), nil, StatusTerminal},
		{"§2.12 stopped", StatusRunning, nil, nil, S(StatusSucceeded, StatusStopped), nil, StatusStopped},
		{"§2.12 canceled", StatusRunning, nil, nil, S(StatusCanceled), nil, StatusCanceled},
		{"§2.12 paused", StatusRunning, nil, nil, S(StatusSucceeded, StatusPaused), nil, StatusPaused},
		{"§2.12 buffered", StatusRunning, nil, nil, S(StatusBuffered), nil, StatusBuffered},
		{"§2.12 suspended", StatusRunning, nil, nil, S(StatusSuspended, StatusRunning), nil, StatusSuspended},
		{"§2.12 running task", StatusRunning, nil, nil, S(StatusSucceeded, StatusRunning), nil, StatusRunning},
		{"§2.12 redirect counts as running", StatusRunning, nil, nil, S(StatusRedirect), nil, StatusRunning},
		{"§2.12 after terminal beats the parent's flags", StatusRunning, map[string]any{"continuePipelineOnFailure": true}, nil, S(StatusSucceeded), S(StatusTerminal), StatusTerminal},
		{"§2.12 after stopped", StatusRunning, nil, nil, S(StatusSucceeded), S(StatusStopped), StatusStopped},
		{"§2.12 after canceled", StatusRunning, nil, nil, S(StatusSucceeded), S(StatusCanceled), StatusCanceled},
		{"§2.12 after pending", StatusRunning, nil, nil, S(StatusSucceeded), S(StatusNotStarted), StatusRunning},
		{"§2.12 after failed_continue does not change the result", StatusRunning, nil, nil, S(StatusSucceeded), S(StatusFailedContinue, StatusSkipped), StatusSucceeded},
		{"§2.12 failed_continue core", StatusRunning, nil, nil, S(StatusFailedContinue, StatusSucceeded), nil, StatusFailedContinue},
		{"§2.12 all tasks skipped gives SUCCEEDED", StatusRunning, nil, nil, S(StatusSkipped, StatusSkipped), nil, StatusSucceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewStage("noop", "p", "p", tc.ctx, nil)
			p.Status = tc.status
			for _, st := range tc.tasks {
				task := NewTask("t", "noop")
				task.Status = st
				p.Tasks = append(p.Tasks, task)
			}
			w := New("app", "wf", []*StageExecution{p})
			add := func(owner SyntheticStageOwner, sts []WorkflowStatus) {
				for _, st := range sts {
					c := NewSyntheticStage("noop", "c", p, owner, nil)
					c.Status = st
					w.AddStage(c)
				}
			}
			add(OwnerStageBefore, tc.before)
			add(OwnerStageAfter, tc.after)
			if got := p.DetermineStatus(w); got != tc.want {
				t.Fatalf("DetermineStatus = %s, want %s", got, tc.want)
			}
			if got := w.DetermineStatus(p); got != tc.want {
				t.Fatalf("Workflow.DetermineStatus = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestFailureStatus(t *testing.T) {
	tests := []struct {
		name string
		ctx  map[string]any
		def  WorkflowStatus
		want WorkflowStatus
	}{
		{"§6.2 defaults give the default", nil, StatusTerminal, StatusTerminal},
		{"§6.2 canceled default", nil, StatusCanceled, StatusCanceled},
		{"§6.2 failPipeline false gives STOPPED", map[string]any{"failPipeline": false}, StatusTerminal, StatusStopped},
		{"§6.2 continuePipelineOnFailure wins over failPipeline", map[string]any{"failPipeline": false, "continuePipelineOnFailure": true}, StatusTerminal, StatusFailedContinue},
		{"§4.8 a non-boolean flag reads as its default", map[string]any{"failPipeline": "false"}, StatusTerminal, StatusTerminal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStage("noop", "s", "s", tc.ctx, nil)
			if got := s.FailureStatus(tc.def); got != tc.want {
				t.Fatalf("FailureStatus = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestFlagDefaults(t *testing.T) {
	s := NewStage("noop", "s", "s", nil, nil)
	if !s.FailPipeline() || s.ContinuePipelineOnFailure() || s.AllowSiblingStagesToContinueOnFailure() || s.CompleteOtherBranchesThenFail() {
		t.Fatal("§4.8 flag defaults: failPipeline true, the others false")
	}
	s.Context = map[string]any{"failPipeline": false, "continuePipelineOnFailure": true,
		"allowSiblingStagesToContinueOnFailure": true, "completeOtherBranchesThenFail": true}
	if s.FailPipeline() || !s.ContinuePipelineOnFailure() || !s.AllowSiblingStagesToContinueOnFailure() || !s.CompleteOtherBranchesThenFail() {
		t.Fatal("flags not read from the context")
	}
}

func TestTaskSequence(t *testing.T) {
	s := NewStage("noop", "s", "s", nil, nil)
	if s.FirstTask() != nil {
		t.Fatal("FirstTask of a stage without tasks must be nil")
	}
	t1, t2, t3 := NewTask("a", "noop"), NewTask("b", "noop"), NewTask("c", "noop")
	t2.StageEnd = true // §3.1: a declared stage_end on a middle task is ignored
	s.Tasks = []*TaskExecution{t1, t2, t3}
	s.MarkStageBoundaries()
	if s.FirstTask() != t1 || s.NextTask(t1) != t2 || s.NextTask(t2) != t3 || s.NextTask(t3) != nil {
		t.Fatal("§3.1 tasks run in declared order")
	}
	got := []bool{t1.StageStart, t1.StageEnd, t2.StageStart, t2.StageEnd, t3.StageStart, t3.StageEnd}
	if !reflect.DeepEqual(got, []bool{true, false, false, false, false, true}) {
		t.Fatalf("§3.1 boundaries = %v", got)
	}
	t3.Version = 4
	if st, v := t3.PhaseVersion(); st != StatusNotStarted || v != 4 {
		t.Fatalf("PhaseVersion = %s,%d", st, v)
	}
}
