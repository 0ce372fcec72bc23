package engine

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
)

func TestMutexTable(t *testing.T) {
	// Each step runs one operation and checks its result and the holder.
	type step struct {
		op, key, ref string
		wantOK       bool     // TryAcquire result
		wantWaiters  []string // Release result
		wantHolder   string
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"MUTEX-1 a second stage waits while the first holds the key", []step{
			{"acquire", "k", "A", true, nil, "A"},
			{"acquire", "k", "B", false, nil, "A"},
		}},
		{"MUTEX-1 §2.8 a stage re-taking its own claim succeeds", []step{
			{"acquire", "k", "A", true, nil, "A"},
			{"acquire", "k", "A", true, nil, "A"},
		}},
		{"MUTEX-1 different keys do not exclude each other", []step{
			{"acquire", "k1", "A", true, nil, "A"},
			{"acquire", "k2", "B", true, nil, "B"},
		}},
		{"MUTEX-2 the claim passes on once the holder completes, waiters in order", []step{
			{"acquire", "k", "A", true, nil, "A"},
			{"acquire", "k", "C", false, nil, "A"},
			{"acquire", "k", "B", false, nil, "A"},
			{"acquire", "k", "C", false, nil, "A"}, // re-evaluation keeps C's place
			{"release", "k", "A", false, []string{"C", "B"}, ""},
			{"acquire", "k", "C", true, nil, "C"},
			{"acquire", "k", "B", false, nil, "C"},
			{"release", "k", "C", false, []string{"B"}, ""},
			{"acquire", "k", "B", true, nil, "B"},
			{"release", "k", "B", false, nil, ""},
		}},
		{"§2.8 release by a non-holder only withdraws it", []step{
			{"acquire", "k", "A", true, nil, "A"},
			{"acquire", "k", "B", false, nil, "A"},
			{"release", "k", "B", false, nil, "A"},
			{"release", "k", "A", false, nil, ""},
		}},
		{"§2.8 a withdrawn waiter is not handed the lock", []step{
			{"acquire", "k", "A", true, nil, "A"},
			{"acquire", "k", "B", false, nil, "A"},
			{"acquire", "k", "C", false, nil, "A"},
			{"withdraw", "k", "B", false, nil, "A"},
			{"release", "k", "A", false, []string{"C"}, ""},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var m MutexTable
			for i, s := range tc.steps {
				switch s.op {
				case "acquire":
					if got := m.TryAcquire(s.key, s.ref); got != s.wantOK {
						t.Fatalf("step %d: TryAcquire(%s, %s) = %v, want %v", i, s.key, s.ref, got, s.wantOK)
					}
				case "release":
					got := m.Release(s.key, s.ref)
					if !slices.Equal(got, s.wantWaiters) {
						t.Fatalf("step %d: Release(%s, %s) = %#v, want %#v", i, s.key, s.ref, got, s.wantWaiters)
					}
				case "withdraw":
					m.Withdraw(s.key, s.ref)
				}
				if h, _ := m.Holder(s.key); h != s.wantHolder {
					t.Fatalf("step %d: Holder(%s) = %q, want %q", i, s.key, h, s.wantHolder)
				}
			}
		})
	}
}

func TestMutexTableJSON(t *testing.T) {
	t.Run("§2.8 the table round-trips through JSON for continue-as-new", func(t *testing.T) {
		var m MutexTable
		m.TryAcquire("k", "A")
		m.TryAcquire("k", "B")
		m.TryAcquire("k", "C")
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back MutexTable
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("round trip: %#v, want %#v", back, m)
		}
		if got := back.Release("k", "A"); !slices.Equal(got, []string{"B", "C"}) {
			t.Fatalf("waiters after round trip = %v", got)
		}
	})
}
