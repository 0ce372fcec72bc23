package devserver

import (
	"maps"

	"go.temporal.io/server/common/dynamicconfig"
)

// FastDynamicConfig returns the dynamic-config defaults Start applies unless
// Options.PlainDefaults is set. Each entry changes how soon the single-host
// server reacts, never what a workflow or the Web UI observes; bench_test.go
// measures their effect. The map is a fresh copy on every call.
func FastDynamicConfig() map[string]any {
	return map[string]any{}
}

// dynamicConfigClient merges the fast defaults (unless plain) with the
// caller's overrides; overrides win.
func dynamicConfigClient(plain bool, overrides map[string]any) dynamicconfig.StaticClient {
	values := map[string]any{}
	if !plain {
		values = FastDynamicConfig()
	}
	maps.Copy(values, overrides)
	client := make(dynamicconfig.StaticClient, len(values))
	for k, v := range values {
		client[dynamicconfig.MakeKey(k)] = v
	}
	return client
}
