package bench

import (
	"strings"
	"testing"
	"time"
)

// TestMedian pins the reduction docs/performance.md reports ("median of N
// interleaved runs").
func TestMedian(t *testing.T) {
	tests := []struct {
		name  string
		walls []time.Duration
		want  time.Duration
	}{
		{"none", nil, 0},
		{"odd count takes the middle", []time.Duration{5, 1, 3}, 3},
		{"even count takes the mean of the middle two", []time.Duration{4, 1, 2, 9}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r Result
			for _, w := range tc.walls {
				r.Runs = append(r.Runs, Measurement{Wall: w})
			}
			if got := r.MedianWall(); got != tc.want {
				t.Errorf("MedianWall: got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestReportRatio checks that ratios are taken against the hand-written
// twin and that the Markdown table has one row per result.
func TestReportRatio(t *testing.T) {
	sh := Shape{Name: "chain-100", Kind: KindChain, Size: 100}
	rep := Report{Sides: []Side{SideInterpreter, SideHandWritten}, Runs: 1, Results: []Result{
		{Shape: sh, Side: SideInterpreter, Runs: []Measurement{{Wall: 300 * time.Millisecond, Tasks: 100,
			History: HistoryStats{Events: 610, Runs: 1}}}},
		{Shape: sh, Side: SideHandWritten, Runs: []Measurement{{Wall: 200 * time.Millisecond, Tasks: 100,
			History: HistoryStats{Events: 605, Runs: 1}}}},
	}}
	if got := rep.Ratio("chain-100", SideInterpreter); got != 1.5 {
		t.Errorf("Ratio: got %v, want 1.5", got)
	}
	if got := rep.Ratio("fan", SideInterpreter); got != 0 {
		t.Errorf("Ratio of a missing shape: got %v, want 0", got)
	}
	var b strings.Builder
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| chain-100 | interpreter | 300.0 ms | 1.50 | 6.10 |", "| chain-100 | hand-written | 200.0 ms | 1.00 | 6.05 |"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

// TestStatusField parses /proc/self/status lines as VmHWM is read.
func TestStatusField(t *testing.T) {
	data := []byte("Name:\tbench\nVmPeak:\t  900 kB\nVmHWM:\t  2048 kB\n")
	tests := []struct {
		name    string
		field   string
		want    int64
		wantErr bool
	}{
		{"VmHWM in kB becomes bytes", "VmHWM:", 2048 * 1024, false},
		{"missing field", "VmSwap:", 0, true},
		{"not a size", "Name:", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := statusField(data, tc.field)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("statusField(%q) = %d, %v; want %d, error %v", tc.field, got, err, tc.want, tc.wantErr)
			}
		})
	}
	if peakRSS() <= 0 {
		t.Error("peakRSS: expected a positive size on Linux")
	}
}
