package main

import (
	"testing"
)

// TestParseDynamicConfig checks that whole numbers reach the server as int
// (its integer settings refuse float64 and would keep their default).
func TestParseDynamicConfig(t *testing.T) {
	got, err := parseDynamicConfig(`{"history.eventsCacheMaxSizeBytes": 67108864, "ratio": 0.5, "d": "5s", "b": true}`)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := got["history.eventsCacheMaxSizeBytes"].(int); !ok || v != 64<<20 {
		t.Errorf("integer setting: got %T %v, want int 67108864", got["history.eventsCacheMaxSizeBytes"], got["history.eventsCacheMaxSizeBytes"])
	}
	if v, ok := got["ratio"].(float64); !ok || v != 0.5 {
		t.Errorf("fraction: got %T %v, want float64 0.5", got["ratio"], got["ratio"])
	}
	if got["d"] != "5s" || got["b"] != true {
		t.Errorf("string and bool: got %v, %v", got["d"], got["b"])
	}
	if _, err := parseDynamicConfig(`[1]`); err == nil {
		t.Error("a JSON array: expected an error")
	}
}
