package activities

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"

	"github.com/stabilize-go/stabilize/model"
)

// TestWireContractGolden pins down docs/wire-contract.md: model.TaskInput
// and model.TaskResult cross the wire as one json/plain payload each, in
// exactly the shape of the golden files that other SDKs' activities read
// and write. Decoding is strict, so a renamed or removed field fails here.
func TestWireContractGolden(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		decode func([]byte) (any, error)
		check  func(t *testing.T, v any)
	}{
		{
			name:   "wire-contract input: model.TaskInput",
			file:   "task_input.json",
			decode: strictDecode[model.TaskInput],
			check: func(t *testing.T, v any) {
				in := v.(model.TaskInput)
				assert.Equal(t, "resize_image", in.Task.ImplementingClass)
				assert.Equal(t, model.StatusRunning, in.Task.Status)
				assert.Equal(t, "cat.png", in.Context["image"])
				opts, err := model.ParseTaskOptions(in.Context)
				require.NoError(t, err)
				assert.Equal(t, "python-tasks", opts.TaskQueue)
			},
		},
		{
			name:   "wire-contract output: a TERMINAL model.TaskResult",
			file:   "task_result.json",
			decode: strictDecode[model.TaskResult],
			check: func(t *testing.T, v any) {
				res := v.(model.TaskResult)
				assert.Equal(t, model.StatusTerminal, res.Status)
				assert.Equal(t, res.Error, res.ExceptionDetails["error"])
			},
		},
		{
			name:   "wire-contract output: RUNNING with context (§3.6 polling)",
			file:   "task_result_running.json",
			decode: strictDecode[model.TaskResult],
			check: func(t *testing.T, v any) {
				assert.Equal(t, model.Running(map[string]any{"progress": 0.5}), v.(model.TaskResult))
			},
		},
		{
			name:   "wire-contract output: REDIRECT with jump_to (§8)",
			file:   "task_result_redirect.json",
			decode: strictDecode[model.TaskResult],
			check: func(t *testing.T, v any) {
				assert.Equal(t, model.TaskResult{Status: model.StatusRedirect, JumpTo: "build"}, v.(model.TaskResult))
			},
		},
	}
	dc := converter.GetDefaultDataConverter()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			golden, err := os.ReadFile(filepath.Join("testdata", "wire", tc.file))
			require.NoError(t, err)
			v, err := tc.decode(golden)
			require.NoError(t, err)
			tc.check(t, v)

			// What the Go SDK puts on the wire is the golden JSON.
			payload, err := dc.ToPayload(v)
			require.NoError(t, err)
			assert.Equal(t, "json/plain", string(payload.GetMetadata()["encoding"]))
			assert.JSONEq(t, string(golden), string(payload.GetData()))

			// And it decodes back to the same value.
			back, err := tc.decode(payload.GetData())
			require.NoError(t, err)
			assert.Equal(t, v, back)
		})
	}
}

// TestWireContractForeignResults: results as another SDK writes them, with
// only the keys it cares about, decode; a status outside the enum does not.
func TestWireContractForeignResults(t *testing.T) {
	tests := []struct {
		name string
		json string
		want model.TaskResult
		err  string
	}{
		{name: "a minimal SUCCEEDED dict", json: `{"status": "SUCCEEDED", "outputs": {"thumbnail": "x.png"}}`,
			want: model.Success(map[string]any{"thumbnail": "x.png"})},
		{name: "null fields are absent", json: `{"status": "FAILED_CONTINUE", "error": "soft", "context": null, "jump_to": null}`,
			want: model.TaskResult{Status: model.StatusFailedContinue, Error: "soft"}},
		{name: "an unknown status is an error", json: `{"status": "DONE"}`, err: `unknown status "DONE"`},
		{name: "a lower-case status is an error", json: `{"status": "succeeded"}`, err: `unknown status "succeeded"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := strictDecode[model.TaskResult]([]byte(tc.json))
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

func strictDecode[T any](b []byte) (any, error) {
	var v T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(&v)
	return v, err
}
