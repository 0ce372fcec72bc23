package model

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
)

func TestStatusSets(t *testing.T) {
	// STATUS-1: the sets of semantics §0 and §1.1.
	S := func(names ...string) []WorkflowStatus {
		var out []WorkflowStatus
		for _, n := range names {
			s, err := ParseStatus(n)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return out
	}
	sets := []struct {
		name string
		pred func(WorkflowStatus) bool
		want []WorkflowStatus
	}{
		{"§0 COMPLETE", WorkflowStatus.IsComplete, S("SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED")},
		{"§0 HALT", WorkflowStatus.IsHalt, S("TERMINAL", "CANCELED", "STOPPED")},
		{"§0 CONTINUABLE", WorkflowStatus.IsContinuable, S("SUCCEEDED", "FAILED_CONTINUE", "REDIRECT", "SKIPPED")},
		{"§0 ACTIVE", WorkflowStatus.IsActive, S("NOT_STARTED", "RUNNING", "PAUSED", "SUSPENDED")},
		{"§0 successful", WorkflowStatus.IsSuccessful, S("SUCCEEDED", "SKIPPED")},
		{"§0 failure", WorkflowStatus.IsFailure, S("FAILED_CONTINUE", "TERMINAL", "STOPPED")},
		{"§0 dirty", WorkflowStatus.IsDirty, S("RUNNING", "REDIRECT")},
		{"§0 skipped", WorkflowStatus.IsSkipped, S("SKIPPED")},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			var got []WorkflowStatus
			for _, s := range AllStatuses() {
				if set.pred(s) {
					got = append(got, s)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(set.want))
			if !slices.Equal(got, want) {
				t.Fatalf("got %v, want %v", got, want)
			}
		})
	}
}

func TestStatusJSON(t *testing.T) {
	for _, s := range AllStatuses() {
		b, err := json.Marshal(s)
		if err != nil || string(b) != `"`+s.String()+`"` {
			t.Fatalf("§1.1 statuses marshal as names: %s -> %s, %v", s, b, err)
		}
		var back WorkflowStatus
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Fatalf("unmarshal %s: %v", b, err)
		}
	}
	if _, err := ParseStatus("DONE"); err == nil {
		t.Fatal("ParseStatus accepted an unknown name")
	}
	if _, err := json.Marshal(WorkflowStatus(99)); err == nil {
		t.Fatal("an invalid status must not marshal")
	}
}

func TestTransitions(t *testing.T) {
	tests := []struct {
		name     string
		from, to WorkflowStatus
		want     bool
	}{
		{"STATUS-2 same state", StatusSucceeded, StatusSucceeded, true},
		{"STATUS-2 complete has no exits", StatusSucceeded, StatusRunning, false},
		{"STATUS-3 NOT_STARTED to TERMINAL", StatusNotStarted, StatusTerminal, true},
		{"STATUS-3 NOT_STARTED to SUCCEEDED", StatusNotStarted, StatusSucceeded, false},
		{"STATUS-4 REDIRECT to RUNNING", StatusRedirect, StatusRunning, true},
		{"STATUS-4 REDIRECT to SUCCEEDED", StatusRedirect, StatusSucceeded, true},
		{"STATUS-4 REDIRECT to CANCELED", StatusRedirect, StatusCanceled, true},
		{"STATUS-4 REDIRECT to TERMINAL", StatusRedirect, StatusTerminal, false},
		{"§1.2 BUFFERED to NOT_STARTED", StatusBuffered, StatusNotStarted, true},
		{"§1.2 PAUSED to SUCCEEDED", StatusPaused, StatusSucceeded, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanTransition(tc.from, tc.to); got != tc.want {
				t.Fatalf("CanTransition(%s, %s) = %v", tc.from, tc.to, got)
			}
			err := ValidateTransition(tc.from, tc.to, "stage", "s1")
			var ite *InvalidStateTransitionError
			if tc.want != (err == nil) || (!tc.want && (!errors.As(err, &ite) || ite.Error() != "invalid state transition for stage s1: "+tc.from.String()+" -> "+tc.to.String())) {
				t.Fatalf("ValidateTransition = %v", err)
			}
		})
	}
	for _, s := range AllStatuses() {
		if s.IsComplete() {
			for _, to := range AllStatuses() {
				if to != s && CanTransition(s, to) {
					t.Errorf("STATUS-2: complete %s has exit %s", s, to)
				}
			}
		}
	}
}
