package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/model"
)

// echoServer answers /echo with what it received, /status/N with status
// N, /big with 64 bytes and /slow only when the client gives up.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"method":          r.Method,
			"content_type":    r.Header.Get("Content-Type"),
			"body":            string(body),
			"idempotency_key": r.Header.Get(IdempotencyKeyHeader),
			"authorized":      r.Header.Get("Authorization") == "Bearer s3cret",
			"query":           r.URL.RawQuery,
		})
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		var code int
		_, _ = fmt.Sscan(r.PathValue("code"), &code)
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "status body")
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write(make([]byte, 64))
	})
	mux.HandleFunc("/slow", func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func httpInput(ctx map[string]any) model.TaskInput {
	return model.TaskInput{ExecutionID: "wf-1", StageRefID: "call", Task: model.TaskExecution{ID: "t-http"}, Context: ctx}
}

func TestHTTP(t *testing.T) {
	srv := echoServer(t)
	tests := []struct {
		name    string
		policy  Policy
		ctx     map[string]any
		status  model.WorkflowStatus
		outputs map[string]any // checked key by key
		json    map[string]any // checked key by key in outputs.json
		errPart string
	}{
		{
			name:    "definition-format http: GET with parse_json gives status_code, body, json, headers",
			ctx:     map[string]any{"url": srv.URL + "/echo?x=1", "parse_json": true},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"status_code": 200},
			json:    map[string]any{"method": "GET", "query": "x=1"},
		},
		{
			name:   "json body is sent as application/json",
			ctx:    map[string]any{"url": srv.URL + "/echo", "method": "post", "json": map[string]any{"a": 1}, "parse_json": true},
			status: model.StatusSucceeded,
			json:   map[string]any{"method": "POST", "content_type": "application/json", "body": `{"a":1}`},
		},
		{
			name: "placeholders fill url, headers and body",
			ctx: map[string]any{"url": "{base}/echo", "method": "PUT", "body": "v={version}", "parse_json": true,
				"headers": map[string]any{"Authorization": "Bearer {token}"}, "base": srv.URL, "version": 7, "token": "s3cret"},
			status: model.StatusSucceeded,
			json:   map[string]any{"method": "PUT", "body": "v=7", "authorized": true},
		},
		{
			name:    "without parse_json there is no json output",
			ctx:     map[string]any{"url": srv.URL + "/echo"},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"status_code": 200, "json": nil},
		},
		{
			name:    "a status of 400 or more is TERMINAL by default",
			ctx:     map[string]any{"url": srv.URL + "/status/404"},
			status:  model.StatusTerminal,
			errPart: "returned status 404, expected below 400",
		},
		{
			name:    "expected_status accepts listed codes",
			ctx:     map[string]any{"url": srv.URL + "/status/404", "expected_status": []any{200, 404}},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"status_code": 404, "body": "status body"},
		},
		{
			name:    "expected_status refuses others",
			ctx:     map[string]any{"url": srv.URL + "/status/201", "expected_status": 200},
			status:  model.StatusTerminal,
			errPart: "returned status 201, expected one of [200]",
		},
		{
			name:    "a body beyond MaxOutputBytes is cut with a marker",
			policy:  Policy{HTTPAllowPrivate: true, MaxOutputBytes: 16},
			ctx:     map[string]any{"url": srv.URL + "/big"},
			status:  model.StatusSucceeded,
			outputs: map[string]any{"body": string(make([]byte, 16)) + "\n...[truncated: 48 more bytes]"},
		},
		{
			name:    "bad input: json and body together",
			ctx:     map[string]any{"url": srv.URL, "json": map[string]any{}, "body": "x"},
			status:  model.StatusTerminal,
			errPart: "context.body: expected no body when json is given",
		},
		{
			name:    "bad input: method",
			ctx:     map[string]any{"url": srv.URL, "method": "BREW"},
			status:  model.StatusTerminal,
			errPart: `context.method: expected one of DELETE, GET`,
		},
		{
			name:    "bad input: not an http URL",
			ctx:     map[string]any{"url": "ftp://user:pw@example.com/x"},
			status:  model.StatusTerminal,
			errPart: `context.url: expected an absolute http or https URL, got "ftp://user:xxxxx@example.com/x"`,
		},
		{
			name:    "bad input: until must compile",
			ctx:     map[string]any{"url": srv.URL, "until": "status_code =="},
			status:  model.StatusTerminal,
			errPart: "context.until: expected an expression",
		},
		{
			name:    "bad input: a missing placeholder",
			ctx:     map[string]any{"url": "{base}/echo"},
			status:  model.StatusTerminal,
			errPart: `url: placeholder {base}: no key "base" in the stage context`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.policy
			p.HTTPAllowPrivate = true // the test server listens on 127.0.0.1
			res, err := NewHTTP(p).Execute(context.Background(), httpInput(tc.ctx))
			require.NoError(t, err)
			require.Equal(t, tc.status, res.Status, "result: %+v", res)
			for k, want := range tc.outputs {
				assert.Equal(t, want, res.Outputs[k], "outputs.%s", k)
			}
			if tc.json != nil {
				got, ok := res.Outputs["json"].(map[string]any)
				require.True(t, ok, "outputs.json: %#v", res.Outputs["json"])
				for k, want := range tc.json {
					assert.Equal(t, want, got[k], "json.%s", k)
				}
			}
			if tc.errPart != "" {
				assert.Contains(t, res.Error, tc.errPart)
			}
			if tc.status == model.StatusSucceeded {
				assert.Contains(t, res.Outputs["headers"], "Content-Type")
			}
			b, _ := json.Marshal(res)
			assert.NotContains(t, string(b), "s3cret", "request secrets never appear in the result")
		})
	}
}

// TestHTTPInfrastructureErrors: network faults are Go errors, retried by
// the activity retry policy (§3.8), not TERMINAL results.
func TestHTTPInfrastructureErrors(t *testing.T) {
	srv := echoServer(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	tests := []struct {
		name    string
		ctx     map[string]any
		errPart string
	}{
		{"connection refused", map[string]any{"url": closedURL}, "connection refused"},
		{"no response within the timeout", map[string]any{"url": srv.URL + "/slow", "timeout": 0.2}, "no response within 200ms"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewHTTP(Policy{HTTPAllowPrivate: true}).Execute(context.Background(), httpInput(tc.ctx))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.errPart)
		})
	}
}

// TestHTTPIdempotencyKey pins down style.md §5: mutating calls carry a key
// from the activity info (workflow id + activity id).
func TestHTTPIdempotencyKey(t *testing.T) {
	srv := echoServer(t)
	env := newActivityEnv(t, Policy{HTTPAllowPrivate: true})
	tests := []struct {
		name   string
		method string
		header map[string]any
		want   string // regular expression
	}{
		{"POST carries workflow id/activity id", "POST", nil, `^default-test-workflow-id/\d+$`},
		{"GET carries none", "GET", nil, `^$`},
		{"a key set by the stage wins", "DELETE", map[string]any{IdempotencyKeyHeader: "mine"}, `^mine$`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := map[string]any{"url": srv.URL + "/echo", "method": tc.method, "parse_json": true}
			if tc.header != nil {
				ctx["headers"] = tc.header
			}
			v, err := env.ExecuteActivity(model.TaskHTTP, httpInput(ctx))
			require.NoError(t, err)
			res := decodeResult(t, v)
			require.Equal(t, model.StatusSucceeded, res.Status, "result: %+v", res)
			key := res.Outputs["json"].(map[string]any)["idempotency_key"].(string)
			assert.Regexp(t, tc.want, key)
		})
	}
}

// TestHTTPUntilPolling pins down definition-format http `until` and §3.6:
// RUNNING with the response in context until the condition holds.
func TestHTTPUntilPolling(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := calls.Add(1)
		state := "pending"
		if n >= 3 {
			state = "done"
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"state": %q, "n": %d}`, state, n)
	}))
	defer srv.Close()

	h := NewHTTP(Policy{HTTPAllowPrivate: true})
	stageCtx := map[string]any{"url": srv.URL, "until": `json.state == "done" and status_code == 200`, "interval": 1, "poll_timeout": 60}
	var statuses []model.WorkflowStatus
	var last model.TaskResult
	for range 5 {
		res, err := h.Execute(context.Background(), httpInput(stageCtx))
		require.NoError(t, err)
		statuses = append(statuses, res.Status)
		maps.Copy(stageCtx, res.Context) // the engine's shallow merge (§3.4)
		last = res
		if res.Status != model.StatusRunning {
			break
		}
		resp := res.Context[httpResponseKey].(map[string]any)
		assert.Equal(t, "pending", resp["json"].(map[string]any)["state"], "RUNNING carries the response in context")
		poll := res.Context[httpPollKey].(map[string]any)
		assert.Equal(t, len(statuses), poll["polls"])
	}
	assert.Equal(t, []model.WorkflowStatus{model.StatusRunning, model.StatusRunning, model.StatusSucceeded}, statuses)
	assert.Equal(t, 200, last.Outputs["status_code"])
	assert.Nil(t, stageCtx[httpPollKey], "poll state is cleared when the task ends")
}

// TestHTTPUntilDecidesAlone: with until and no expected_status, the
// expression decides, so a task can wait for a 404 (a deletion).
func TestHTTPUntilDecidesAlone(t *testing.T) {
	srv := echoServer(t)
	tests := []struct {
		name string
		ctx  map[string]any
		want model.WorkflowStatus
	}{
		{"until over a 404 succeeds", map[string]any{"until": "status_code == 404"}, model.StatusSucceeded},
		{"until and expected_status must both hold", map[string]any{"until": "status_code == 404", "expected_status": 200}, model.StatusTerminal},
		{"a 404 while until is false keeps polling", map[string]any{"until": "status_code == 200"}, model.StatusRunning},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.ctx["url"] = srv.URL + "/status/404"
			res, err := NewHTTP(Policy{HTTPAllowPrivate: true}).Execute(context.Background(), httpInput(tc.ctx))
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Status, "result: %+v", res)
		})
	}
}

// TestHTTPPollTimeout: TERMINAL once poll_timeout has passed since the
// first poll, whose time is kept in the stage context.
func TestHTTPPollTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	now := time.UnixMilli(1_700_000_000_000)
	h := NewHTTP(Policy{HTTPAllowPrivate: true})
	h.Now = func() time.Time { return now }
	stageCtx := map[string]any{"url": srv.URL, "until": "status_code == 200", "poll_timeout": 5}

	steps := []struct {
		advance time.Duration
		want    model.WorkflowStatus
	}{
		{0, model.StatusRunning},
		{4 * time.Second, model.StatusRunning},
		{2 * time.Second, model.StatusTerminal}, // 6 s after the first poll
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		res, err := h.Execute(context.Background(), httpInput(stageCtx))
		require.NoError(t, err)
		require.Equal(t, st.want, res.Status, "poll %d: %+v", i+1, res)
		maps.Copy(stageCtx, res.Context)
		if st.want == model.StatusTerminal {
			assert.Contains(t, res.Error, `until "status_code == 200" still false after 3 polls over 6s (poll_timeout 5s); last status 503`)
		}
	}
	// A later run of the same task (a loop) starts a fresh poll window.
	res, err := h.Execute(context.Background(), httpInput(stageCtx))
	require.NoError(t, err)
	assert.Equal(t, model.StatusRunning, res.Status)
}
