package model

import (
	"fmt"
	"strings"
	"testing"
)

// chainDefinition returns a YAML definition of n stages in a chain, with
// fan-in every tenth stage.
func chainDefinition(n int) []byte {
	var b strings.Builder
	b.WriteString("application: bench\nname: chain\nstages:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - ref_id: s%d\n    type: noop\n", i)
		if i > 0 {
			fmt.Fprintf(&b, "    requisite_stage_ref_ids: [s%d", i-1)
			if i >= 10 && i%10 == 0 {
				fmt.Fprintf(&b, ", s%d", i-10)
			}
			b.WriteString("]\n")
		}
	}
	return []byte(b.String())
}

func BenchmarkLoadAndValidate(b *testing.B) {
	for _, n := range []int{10, 1000, 5000} {
		data := chainDefinition(n)
		b.Run(fmt.Sprintf("stages=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, _, err := LoadAndValidate("chain.yaml", data, ValidateOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestLargeChainValidates(t *testing.T) {
	data := chainDefinition(3000)
	w, _, err := LoadAndValidate("chain.yaml", data, ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Close the chain into one big cycle: one problem naming it.
	w.Stages[0].RequisiteStageRefIDs = []string{"s2999"}
	_, err = Validate(w, "chain.yaml", ValidateOptions{})
	if err == nil || strings.Count(err.Error(), "\n") != 0 || !strings.Contains(err.Error(), "cycle: s0 -> s10 -> s20 -> ") || !strings.Contains(err.Error(), "more) -> s0:") {
		t.Fatalf("want one cycle problem, got %.300v", err)
	}
}
