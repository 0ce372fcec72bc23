package model

import (
	"encoding/json"
	"math"
	"testing"
)

func TestFloat(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want float64
		ok   bool
	}{
		{"float64", 2.5, 2.5, true},
		{"int", 3, 3, true},
		{"int64", int64(-4), -4, true},
		{"uint8", uint8(7), 7, true},
		{"json.Number", json.Number("1e3"), 1000, true},
		{"bad json.Number", json.Number("x"), 0, false},
		{"NaN", math.NaN(), 0, false},
		{"infinity", math.Inf(1), 0, false},
		{"bool is not a number", true, 0, false},
		{"string", "5", 0, false},
		{"nil", nil, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Float(tc.in)
			if ok != tc.ok || (ok && got != tc.want) {
				t.Errorf("Float(%#v) = %v, %v; expected %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
