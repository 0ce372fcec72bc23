package activities

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFillPlaceholders(t *testing.T) {
	ctx := map[string]any{
		"lint": "clean", "n": 3.0, "f": 1.5, "ok": true, "nothing": nil,
		"build": map[string]any{"image": "app:1", "tags": []any{"a", "b"}},
		"list":  []any{map[string]any{"x": 1}},
	}
	tests := []struct {
		name, in, want, err string
	}{
		{name: "definition-format example {lint}", in: "echo deploy {lint}", want: "echo deploy clean"},
		{name: "numbers render as written", in: "{n} {f} {ok}", want: "3 1.5 true"},
		{name: "dotted paths and list indexes", in: "{build.image} {build.tags.1} {list.0.x}", want: "app:1 b 1"},
		{name: "objects and lists render as JSON", in: "{build.tags}", want: `["a","b"]`},
		{name: "doubled braces are literal", in: "{{lint}} }}", want: "{lint} }"},
		{name: "shell ${VAR} is left alone", in: "echo ${HOME} ${lint}", want: "echo ${HOME} ${lint}"},
		{name: "braces around non-keys are kept", in: "awk '{print $1}' {}", want: "awk '{print $1}' {}"},
		{name: "no braces at all", in: "ls -l", want: "ls -l"},
		{name: "missing key names it", in: "rm -rf /{target}", err: `placeholder {target}: no key "target" in the stage context`},
		{name: "missing nested key names the path", in: "{build.digest}", err: `no key "digest" in context value build`},
		{name: "index out of range", in: "{build.tags.5}", err: `index "5" out of range for list build.tags of length 2`},
		{name: "null is missing, not empty", in: "{nothing}", err: "context value nothing is null"},
		{name: "descending into a string", in: "{lint.x}", err: "context value lint is not an object or a list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fillPlaceholders(tc.in, ctx)
			if tc.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
