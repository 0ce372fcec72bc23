package engine

import (
	"fmt"
	"maps"
	"slices"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/model/expr"
)

// Context keys read by the router built-in (definition-format.md).
const (
	// KeyRoutes is the router's list of {when, jump_to, context} routes.
	KeyRoutes = "routes"
	// KeyRouterMaxJumps is the router's own jump limit; RouterResult
	// copies it to _max_jumps (§8.2) in a REDIRECT result's context.
	KeyRouterMaxJumps = "max_jumps"
)

// route is one validated entry of the router's routes.
type route struct {
	when    *expr.Program
	jumpTo  string
	context map[string]any
}

var routeKeys = []string{"context", "jump_to", "when"}

// RouterResult is the router built-in task, evaluated over the stage
// context ctx (definition-format.md; LOOP-1). ctx.routes is a list of
// {when, jump_to, context} maps:
//
//   - when: an expression (§11.2) or a bool; jump_to: a ref_id; context
//     (optional): an object the jump carries to the source and target;
//   - the routes are tried in order, and the first whose when is truthy
//     gives REDIRECT with JumpTo = jump_to and Context = a copy of context;
//   - no route matches → SUCCEEDED (downstream runs normally);
//   - ctx.max_jumps, when set, is added to a REDIRECT's context as
//     _max_jumps (unless the route's context sets _max_jumps itself), so
//     the jump limit of §8.2 reads it from the source stage; the
//     workflow's _max_jumps still wins.
//
// Every route is checked before any is evaluated: a missing or malformed
// routes list, an unknown route key, a when that does not compile, an
// empty jump_to or a max_jumps that is not a non-negative integer, and an
// error while evaluating a when, all give TERMINAL with a message naming
// the offending path, e.g. "router: routes[1].jump_to: expected a
// non-empty ref_id string, got <nil>". An empty routes list is valid.
// Whether jump_to names an existing stage is checked by the jump (§8.3).
func RouterResult(ctx map[string]any) model.TaskResult {
	routes, maxJumps, err := parseRoutes(ctx)
	if err != nil {
		return model.Terminal("router: " + err.Error())
	}
	for i, r := range routes {
		ok, err := r.when.EvalBool(ctx)
		if err != nil {
			return model.Terminal(fmt.Sprintf("router: routes[%d].when: %v", i, err))
		}
		if !ok {
			continue
		}
		c := model.CloneMap(r.context)
		if c == nil {
			c = map[string]any{}
		}
		if _, set := c[KeyMaxJumps]; maxJumps != nil && !set {
			c[KeyMaxJumps] = maxJumps
		}
		return model.TaskResult{Status: model.StatusRedirect, JumpTo: r.jumpTo, Context: c}
	}
	return model.Success(nil)
}

// parseRoutes validates ctx.routes and ctx.max_jumps.
func parseRoutes(ctx map[string]any) ([]route, any, error) {
	var maxJumps any
	if v, set := ctx[KeyRouterMaxJumps]; set && v != nil {
		n, ok := jsonInt(v)
		if _, isString := v.(string); !ok || isString || n < 0 {
			return nil, nil, fmt.Errorf("%s: expected a non-negative integer, got %#v", KeyRouterMaxJumps, v)
		}
		maxJumps = float64(n)
	}
	raw, ok := ctx[KeyRoutes].([]any)
	if !ok {
		return nil, nil, fmt.Errorf("%s: expected a list of {when, jump_to, context}, got %#v", KeyRoutes, ctx[KeyRoutes])
	}
	routes := make([]route, 0, len(raw))
	for i, item := range raw {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, nil, fmt.Errorf("%s[%d]: expected an object {when, jump_to, context}, got %#v", KeyRoutes, i, item)
		}
		r, err := parseRoute(m)
		if err != nil {
			return nil, nil, fmt.Errorf("%s[%d].%w", KeyRoutes, i, err)
		}
		routes = append(routes, r)
	}
	return routes, maxJumps, nil
}

// parseRoute validates one route; its errors start with the field name.
func parseRoute(m map[string]any) (route, error) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(routeKeys, k) {
			return route{}, fmt.Errorf("%s: unknown route key: expected one of %v", k, routeKeys)
		}
	}
	var r route
	var src string
	switch w := m["when"].(type) {
	case string:
		src = w
	case bool:
		src = "false"
		if w {
			src = "true"
		}
	default:
		return route{}, fmt.Errorf("when: expected an expression string or a bool, got %#v", m["when"])
	}
	p, err := expr.Compile(src)
	if err != nil {
		return route{}, fmt.Errorf("when: %w", err)
	}
	r.when = p
	if r.jumpTo, _ = m["jump_to"].(string); r.jumpTo == "" {
		return route{}, fmt.Errorf("jump_to: expected a non-empty ref_id string, got %#v", m["jump_to"])
	}
	switch c := m["context"].(type) {
	case nil:
	case map[string]any:
		r.context = c
	default:
		return route{}, fmt.Errorf("context: expected an object, got %#v", m["context"])
	}
	return r, nil
}
