package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

func TestRouterResult(t *testing.T) {
	rt := func(when any, jumpTo any, ctx any) map[string]any {
		m := map[string]any{"when": when, "jump_to": jumpTo}
		if ctx != nil {
			m["context"] = ctx
		}
		return m
	}
	tests := []struct {
		name    string
		ctx     map[string]any
		want    model.TaskResult
		wantErr string // for TERMINAL results: a substring of the message
	}{
		{"LOOP-1 the first true route redirects with its context",
			map[string]any{"n": 3.0, KeyRoutes: []any{
				rt("n > 5", "big", nil), rt("n > 1", "mid", map[string]any{"k": "v"}), rt("true", "any", nil)}},
			model.TaskResult{Status: model.StatusRedirect, JumpTo: "mid", Context: map[string]any{"k": "v"}}, ""},
		{"LOOP-1 no route matches: SUCCEEDED",
			map[string]any{"n": 0.0, KeyRoutes: []any{rt("n > 1", "a", nil)}},
			model.TaskResult{Status: model.StatusSucceeded}, ""},
		{"LOOP-1 an empty routes list: SUCCEEDED",
			map[string]any{KeyRoutes: []any{}}, model.TaskResult{Status: model.StatusSucceeded}, ""},
		{"LOOP-1 a bool when is accepted",
			map[string]any{KeyRoutes: []any{rt(false, "a", nil), rt(true, "b", nil)}},
			model.TaskResult{Status: model.StatusRedirect, JumpTo: "b", Context: map[string]any{}}, ""},
		{"LOOP-1 max_jumps becomes _max_jumps in the jump context",
			map[string]any{KeyRouterMaxJumps: 3.0, KeyRoutes: []any{rt("true", "a", nil)}},
			model.TaskResult{Status: model.StatusRedirect, JumpTo: "a", Context: map[string]any{KeyMaxJumps: 3.0}}, ""},
		{"LOOP-1 a route's own _max_jumps wins over max_jumps",
			map[string]any{KeyRouterMaxJumps: 3.0, KeyRoutes: []any{rt("true", "a", map[string]any{KeyMaxJumps: 1.0})}},
			model.TaskResult{Status: model.StatusRedirect, JumpTo: "a", Context: map[string]any{KeyMaxJumps: 1.0}}, ""},
		{"LOOP-1 missing routes is TERMINAL", map[string]any{}, model.TaskResult{}, "router: routes: expected a list"},
		{"LOOP-1 a route that is not an object is TERMINAL",
			map[string]any{KeyRoutes: []any{"a"}}, model.TaskResult{}, "router: routes[0]: expected an object"},
		{"LOOP-1 an unknown route key is TERMINAL",
			map[string]any{KeyRoutes: []any{map[string]any{"when": "true", "jumpTo": "a"}}}, model.TaskResult{},
			"router: routes[0].jumpTo: unknown route key"},
		{"LOOP-1 a missing jump_to is TERMINAL",
			map[string]any{KeyRoutes: []any{map[string]any{"when": "true"}}}, model.TaskResult{},
			"router: routes[0].jump_to: expected a non-empty ref_id string, got <nil>"},
		{"LOOP-1 a missing when is TERMINAL",
			map[string]any{KeyRoutes: []any{map[string]any{"jump_to": "a"}}}, model.TaskResult{},
			"router: routes[0].when: expected an expression string or a bool"},
		{"LOOP-1 a later malformed route fails even when an earlier one matches",
			map[string]any{KeyRoutes: []any{rt("true", "a", nil), rt("len(x)", "b", nil)}}, model.TaskResult{},
			"router: routes[1].when:"},
		{"LOOP-1 a context that is not an object is TERMINAL",
			map[string]any{KeyRoutes: []any{rt("true", "a", "x")}}, model.TaskResult{},
			"router: routes[0].context: expected an object"},
		{"LOOP-1 an evaluation error is TERMINAL",
			map[string]any{KeyRoutes: []any{rt("x > 5", "a", nil)}}, model.TaskResult{}, "router: routes[0].when:"},
		{"LOOP-1 a negative max_jumps is TERMINAL",
			map[string]any{KeyRouterMaxJumps: -1.0, KeyRoutes: []any{}}, model.TaskResult{},
			"router: max_jumps: expected a non-negative integer, got -1"},
		{"LOOP-1 a string max_jumps is TERMINAL",
			map[string]any{KeyRouterMaxJumps: "3", KeyRoutes: []any{}}, model.TaskResult{},
			"router: max_jumps: expected a non-negative integer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := RouterResult(tc.ctx)
			if tc.wantErr != "" {
				if got.Status != model.StatusTerminal || !strings.Contains(got.Error, tc.wantErr) {
					t.Fatalf("RouterResult = %s %q, want TERMINAL containing %q", got.Status, got.Error, tc.wantErr)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("RouterResult = %#v\nwant %#v", got, tc.want)
			}
		})
	}
	t.Run("LOOP-1 the jump context is a copy of the route's", func(t *testing.T) {
		routeCtx := map[string]any{"k": "v"}
		got := RouterResult(map[string]any{KeyRoutes: []any{rt("true", "a", routeCtx)}})
		got.Context["k"] = "changed"
		if routeCtx["k"] != "v" {
			t.Fatal("route context aliased")
		}
	})
}
