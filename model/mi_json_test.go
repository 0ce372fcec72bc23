package model

import (
	"encoding/json"
	"testing"
)

func TestMultiInstanceConfigJSONDefault(t *testing.T) {
	// §1.8: sync_on_complete defaults to true, also through encoding/json.
	tests := []struct {
		name, in string
		want     bool
	}{
		{"absent means true", `{"count":2}`, true},
		{"explicit false is kept", `{"count":2,"sync_on_complete":false}`, false},
		{"explicit true", `{"sync_on_complete":true}`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c MultiInstanceConfig
			if err := json.Unmarshal([]byte(tc.in), &c); err != nil {
				t.Fatal(err)
			}
			if c.SyncOnComplete != tc.want {
				t.Fatalf("SyncOnComplete = %v, want %v", c.SyncOnComplete, tc.want)
			}
		})
	}
	var s StageExecution
	if err := json.Unmarshal([]byte(`{"mi_config":{"count":1}}`), &s); err != nil || !s.MIConfig.SyncOnComplete {
		t.Fatalf("nested decode: %v %+v", err, s.MIConfig)
	}
	var bad MultiInstanceConfig
	if err := json.Unmarshal([]byte(`{"count":"x"}`), &bad); err == nil {
		t.Fatal("a wrong type must be an error")
	}
}
