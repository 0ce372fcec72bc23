package webui

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/stabilize-go/stabilize/graph"
	"github.com/stabilize-go/stabilize/model"
)

const temporalUI = "http://localhost:8233/namespaces/default"

func ms(v int64) *int64 { return &v }

// fixture returns a backend with a running deploy execution (build
// succeeded, approve suspended on its approval task, ship not started) and
// a finished one of another application.
func fixture() *memBackend {
	build := model.NewStage("noop", "Build", "build", nil, nil)
	build.Status = model.StatusSucceeded
	build.Outputs = map[string]any{"artifact": "app.tar.gz"}
	build.Tasks = []*model.TaskExecution{{ID: "t1", Name: "noop", ImplementingClass: "noop", Status: model.StatusSucceeded, StartTime: ms(1000), EndTime: ms(2000)}}
	approve := model.NewStage("approval", "Approve", "approve", nil, []string{"build"})
	approve.Status = model.StatusSuspended
	approve.Tasks = []*model.TaskExecution{{ID: "t2", Name: "approval", ImplementingClass: "approval", Status: model.StatusSuspended}}
	ship := model.NewStage("shell", "Ship it", "ship", map[string]any{"command": "echo ship"}, []string{"approve"})
	running := model.New("shop", "deploy", []*model.StageExecution{build, approve, ship})
	running.ID = "exec-running"
	running.Status = model.StatusRunning
	running.StartTime = ms(1000)

	done := model.New("docs", "publish", []*model.StageExecution{model.NewStage("noop", "Publish", "publish", nil, nil)})
	done.ID = "exec-done"
	done.Status = model.StatusSucceeded
	done.Stages[0].Status = model.StatusSucceeded
	done.StartTime, done.EndTime = ms(500), ms(900)
	return &memBackend{executions: []*model.Workflow{running, done}, refuse: map[string]string{}}
}

func do(t *testing.T, h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, target, r)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.ServeHTTP(rec, req)
	return rec
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %q: %v", rec.Body.String(), err)
	}
	return v
}

type listBody struct {
	Executions []struct {
		ExecutionSummary
		TemporalURL string `json:"temporal_url"`
	} `json:"executions"`
}

func TestList(t *testing.T) {
	running := model.StatusRunning
	tests := []struct {
		name    string
		query   string
		code    int
		wantIDs []string
		filter  ListFilter
	}{
		{name: "no filter lists every execution", query: "", code: 200, wantIDs: []string{"exec-running", "exec-done"}},
		{name: "status filter is parsed and passed on", query: "?status=RUNNING", code: 200,
			wantIDs: []string{"exec-running"}, filter: ListFilter{Status: &running}},
		{name: "application filter is passed on", query: "?application=docs", code: 200,
			wantIDs: []string{"exec-done"}, filter: ListFilter{Application: "docs"}},
		{name: "limit is passed on", query: "?limit=1", code: 200, wantIDs: []string{"exec-running"}, filter: ListFilter{Limit: 1}},
		{name: "unknown status is a bad request", query: "?status=DONE", code: 400},
		{name: "negative limit is a bad request", query: "?limit=-3", code: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := fixture()
			rec := do(t, Handler(b, temporalUI), "GET", "/api/executions"+tc.query, "")
			if rec.Code != tc.code {
				t.Fatalf("code = %d, want %d (%s)", rec.Code, tc.code, rec.Body)
			}
			if tc.code != 200 {
				if e := decode[errorBody](t, rec); e.Error == "" {
					t.Errorf("error body without a message: %s", rec.Body)
				}
				return
			}
			body := decode[listBody](t, rec)
			var ids []string
			for _, e := range body.Executions {
				ids = append(ids, e.ID)
				if want := temporalUI + "/workflows/" + e.ID; e.TemporalURL != want {
					t.Errorf("temporal_url = %q, want %q", e.TemporalURL, want)
				}
			}
			if strings.Join(ids, ",") != strings.Join(tc.wantIDs, ",") {
				t.Errorf("ids = %v, want %v", ids, tc.wantIDs)
			}
			got := b.filters[0]
			if (got.Status == nil) != (tc.filter.Status == nil) || (got.Status != nil && *got.Status != *tc.filter.Status) ||
				got.Application != tc.filter.Application || got.Limit != tc.filter.Limit {
				t.Errorf("filter = %+v, want %+v", got, tc.filter)
			}
		})
	}
}

// TestListSummaryFields checks that a row carries what the backend gave
// (application, name, status, times) with the status as its name.
func TestListSummaryFields(t *testing.T) {
	rec := do(t, Handler(fixture(), ""), "GET", "/api/executions?application=docs", "")
	var raw struct {
		Executions []map[string]any `json:"executions"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Executions) != 1 {
		t.Fatalf("got %d executions, want 1", len(raw.Executions))
	}
	row := raw.Executions[0]
	want := map[string]any{"id": "exec-done", "application": "docs", "name": "publish", "status": "SUCCEEDED",
		"start_time": 500.0, "end_time": 900.0}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %#v, want %#v", k, row[k], v)
		}
	}
	if _, ok := row["temporal_url"]; ok {
		t.Errorf("temporal_url present without a Temporal UI address: %v", row["temporal_url"])
	}
}

// TestStatus pins the execution endpoint: it returns the backend's
// workflow as the status query shows it (semantics §1.10).
func TestStatus(t *testing.T) {
	h := Handler(fixture(), temporalUI)
	t.Run("known execution returns the workflow and its Temporal link", func(t *testing.T) {
		rec := do(t, h, "GET", "/api/executions/exec-running", "")
		if rec.Code != 200 {
			t.Fatalf("code = %d: %s", rec.Code, rec.Body)
		}
		body := decode[statusAnswer](t, rec)
		wf := body.Execution
		if wf.ID != "exec-running" || wf.Status != model.StatusRunning || len(wf.Stages) != 3 {
			t.Fatalf("execution = %+v", wf)
		}
		if got := wf.Stages[1]; got.RefID != "approve" || got.Status != model.StatusSuspended || got.Tasks[0].Status != model.StatusSuspended {
			t.Errorf("stage approve = %+v", got)
		}
		if wf.Stages[0].Outputs["artifact"] != "app.tar.gz" {
			t.Errorf("build outputs = %v", wf.Stages[0].Outputs)
		}
		if body.TemporalURL != temporalUI+"/workflows/exec-running" {
			t.Errorf("temporal_url = %q", body.TemporalURL)
		}
	})
	t.Run("unknown execution is 404", func(t *testing.T) {
		rec := do(t, h, "GET", "/api/executions/nope", "")
		if rec.Code != 404 || !strings.Contains(decode[errorBody](t, rec).Error, "not found") {
			t.Errorf("code = %d body = %s", rec.Code, rec.Body)
		}
	})
}

// TestGraphSVG checks that the DAG endpoint draws each stage coloured by
// its status (issue "See the workflow": status colours).
func TestGraphSVG(t *testing.T) {
	h := Handler(fixture(), temporalUI)
	rec := do(t, h, "GET", "/api/executions/exec-running/graph.svg", "")
	if rec.Code != 200 {
		t.Fatalf("code = %d: %s", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "image/svg+xml" {
		t.Errorf("Content-Type = %q", ct)
	}
	svg := rec.Body.String()
	for _, tc := range []struct {
		ref    string
		status model.WorkflowStatus
	}{{"build", model.StatusSucceeded}, {"approve", model.StatusSuspended}, {"ship", model.StatusNotStarted}} {
		t.Run(tc.ref+" is "+tc.status.String(), func(t *testing.T) {
			fill, stroke := graph.StatusColors(tc.status)
			i := strings.Index(svg, `data-ref="`+tc.ref+`" data-status="`+tc.status.String()+`"`)
			if i < 0 {
				t.Fatalf("no stage group for %s in %s", tc.ref, svg)
			}
			box := svg[i:]
			box = box[:strings.Index(box, "</g>")]
			if !strings.Contains(box, `fill="`+fill+`" stroke="`+stroke+`"`) {
				t.Errorf("stage %s not drawn in %s/%s: %s", tc.ref, fill, stroke, box)
			}
		})
	}
	t.Run("unknown execution is 404", func(t *testing.T) {
		if rec := do(t, h, "GET", "/api/executions/nope/graph.svg", ""); rec.Code != 404 {
			t.Errorf("code = %d", rec.Code)
		}
	})
}

// TestControl pins the control endpoint: accepted controls reach the
// backend with their request, refused ones answer 409 with the reason.
func TestControl(t *testing.T) {
	tests := []struct {
		name, target, body string
		refuse             map[string]string
		code               int
		wantErr            string
		wantCall           *controlCall
	}{
		{name: "pause reaches the backend", target: "/api/executions/exec-running/pause",
			body: `{"user":"ann"}`, code: 200,
			wantCall: &controlCall{id: "exec-running", action: "pause", req: ControlRequest{User: "ann"}}},
		{name: "cancel carries its reason", target: "/api/executions/exec-running/cancel",
			body: `{"user":"ann","reason":"wrong version"}`, code: 200,
			wantCall: &controlCall{id: "exec-running", action: "cancel", req: ControlRequest{User: "ann", Reason: "wrong version"}}},
		{name: "an empty body is an empty request", target: "/api/executions/exec-running/resume", code: 200,
			wantCall: &controlCall{id: "exec-running", action: "resume"}},
		{name: "approve names its stage (semantics §10.3)", target: "/api/executions/exec-running/approve",
			body: `{"stage_ref_id":"approve","user":"ann"}`, code: 200,
			wantCall: &controlCall{id: "exec-running", action: "approve", req: ControlRequest{StageRefID: "approve", User: "ann"}}},
		{name: "restart_stage names its stage (semantics §8.11)", target: "/api/executions/exec-running/restart_stage",
			body: `{"stage_ref_id":"build"}`, code: 200,
			wantCall: &controlCall{id: "exec-running", action: "restart_stage", req: ControlRequest{StageRefID: "build"}}},
		{name: "refused reject answers 409 with the reason", target: "/api/executions/exec-running/reject",
			body: `{"stage_ref_id":"ship"}`, refuse: map[string]string{"reject": "stage ship is not suspended"},
			code: 409, wantErr: "stage ship is not suspended"},
		{name: "refused resume answers 409 with the reason", target: "/api/executions/exec-running/resume",
			refuse: map[string]string{"resume": "execution is not paused"}, code: 409, wantErr: "execution is not paused"},
		{name: "approve without a stage is a bad request", target: "/api/executions/exec-running/approve",
			body: `{}`, code: 400, wantErr: "stage_ref_id is required"},
		{name: "unknown action is a bad request", target: "/api/executions/exec-running/explode", code: 400, wantErr: "unknown action"},
		{name: "malformed body is a bad request", target: "/api/executions/exec-running/pause", body: `{`, code: 400, wantErr: "decode pause request"},
		{name: "unknown execution is 404", target: "/api/executions/nope/pause", code: 404, wantErr: "not found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := fixture()
			for k, v := range tc.refuse {
				b.refuse[k] = v
			}
			rec := do(t, Handler(b, temporalUI), "POST", tc.target, tc.body)
			if rec.Code != tc.code {
				t.Fatalf("code = %d, want %d: %s", rec.Code, tc.code, rec.Body)
			}
			if tc.wantErr != "" {
				e := decode[errorBody](t, rec)
				if !strings.Contains(e.Error, tc.wantErr) {
					t.Errorf("error = %q, want it to contain %q", e.Error, tc.wantErr)
				}
				if e.Refused != (tc.code == 409) {
					t.Errorf("refused = %v for code %d", e.Refused, tc.code)
				}
			}
			if tc.wantCall == nil {
				if len(b.calls) != 0 {
					t.Errorf("backend called: %+v", b.calls)
				}
				return
			}
			if len(b.calls) != 1 {
				t.Fatalf("calls = %+v, want one", b.calls)
			}
			got := b.calls[0]
			if got.id != tc.wantCall.id || got.action != tc.wantCall.action || got.req.StageRefID != tc.wantCall.req.StageRefID ||
				got.req.User != tc.wantCall.req.User || got.req.Reason != tc.wantCall.req.Reason {
				t.Errorf("call = %+v, want %+v", got, *tc.wantCall)
			}
		})
	}
}

// TestRefusedError checks the two ways a Backend may refuse: Refused(reason)
// and an error wrapping ErrRefused.
func TestRefusedError(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{name: "Refused shows its reason", err: Refused("not paused"), want: "not paused"},
		{name: "wrapped ErrRefused shows the whole message", err: wrapRefused("stage x: is running"), want: "stage x: is running: control refused"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			writeBackendError(rec, tc.err)
			if rec.Code != http.StatusConflict {
				t.Fatalf("code = %d", rec.Code)
			}
			if e := decode[errorBody](t, rec); e.Error != tc.want || !e.Refused {
				t.Errorf("body = %+v, want error %q", e, tc.want)
			}
		})
	}
}

func wrapRefused(msg string) error { return &wrapped{msg: msg} }

type wrapped struct{ msg string }

func (w *wrapped) Error() string { return w.msg + ": " + ErrRefused.Error() }
func (w *wrapped) Unwrap() error { return ErrRefused }

// TestStatic checks that the page and its files are served from the
// embedded directory and that the page loads them by relative URLs.
func TestStatic(t *testing.T) {
	h := Handler(fixture(), temporalUI)
	tests := []struct {
		path, contentType, contains string
	}{
		{"/", "text/html", `src="static/app.js"`},
		{"/static/app.js", "javascript", "api/executions"},
		{"/static/style.css", "text/css", "#dag"},
		{"/api/statuses", "application/json", `"SUSPENDED"`},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			rec := do(t, h, "GET", tc.path, "")
			if rec.Code != 200 {
				t.Fatalf("code = %d", rec.Code)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, tc.contentType) {
				t.Errorf("Content-Type = %q, want %q", ct, tc.contentType)
			}
			if !strings.Contains(rec.Body.String(), tc.contains) {
				t.Errorf("body lacks %q", tc.contains)
			}
		})
	}
	t.Run("unknown path is 404", func(t *testing.T) {
		if rec := do(t, h, "GET", "/nope", ""); rec.Code != 404 {
			t.Errorf("code = %d", rec.Code)
		}
	})
	t.Run("GET on a control is 405", func(t *testing.T) {
		if rec := do(t, h, "GET", "/api/executions/exec-running/pause", ""); rec.Code != 405 {
			t.Errorf("code = %d", rec.Code)
		}
	})
}

// TestUnderPrefix mounts the handler under a path prefix, as the lead may
// do next to other pages: the page uses relative URLs only.
func TestUnderPrefix(t *testing.T) {
	mux := http.NewServeMux()
	mux.Handle("/ui/", http.StripPrefix("/ui", Handler(fixture(), temporalUI)))
	for _, path := range []string{"/ui/", "/ui/static/app.js", "/ui/api/executions", "/ui/api/executions/exec-running/graph.svg"} {
		t.Run(path, func(t *testing.T) {
			if rec := do(t, mux, "GET", path, ""); rec.Code != 200 {
				t.Errorf("code = %d", rec.Code)
			}
		})
	}
	t.Run("the page and script reference no absolute path", func(t *testing.T) {
		for _, path := range []string{"/ui/", "/ui/static/app.js"} {
			body := do(t, mux, "GET", path, "").Body.String()
			for _, abs := range []string{`"/api`, `"/static`, `src="/`, `href="/`} {
				if strings.Contains(body, abs) {
					t.Errorf("%s holds an absolute URL: %s", path, abs)
				}
			}
		}
	})
}

// TestControlNeedsJSON refuses controls sent as a form or plain text,
// which another site could post from the user's browser without asking.
func TestControlNeedsJSON(t *testing.T) {
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"} {
		t.Run("Content-Type "+ct, func(t *testing.T) {
			b := fixture()
			req := httptest.NewRequest("POST", "/api/executions/exec-running/cancel", strings.NewReader(`{"reason":"x"}`))
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			rec := httptest.NewRecorder()
			Handler(b, "").ServeHTTP(rec, req)
			if rec.Code != http.StatusUnsupportedMediaType || len(b.calls) != 0 {
				t.Errorf("code = %d, calls = %v", rec.Code, b.calls)
			}
		})
	}
}

// TestPageButtonsMatchActions keeps the page's buttons and the handler's
// actions in step: every button posts an accepted action, and every action
// has a button.
func TestPageButtonsMatchActions(t *testing.T) {
	page := do(t, Handler(fixture(), ""), "GET", "/", "").Body.String()
	var buttons []string
	for _, attr := range []string{`data-action="`, `data-stage-action="`} {
		for rest := page; strings.Contains(rest, attr); {
			rest = rest[strings.Index(rest, attr)+len(attr):]
			buttons = append(buttons, rest[:strings.Index(rest, `"`)])
		}
	}
	for _, b := range buttons {
		t.Run("button "+b, func(t *testing.T) {
			if !slices.Contains(Actions(), b) {
				t.Errorf("button posts %q, not one of %v", b, Actions())
			}
		})
	}
	for _, a := range Actions() {
		t.Run("action "+a, func(t *testing.T) {
			if !slices.Contains(buttons, a) {
				t.Errorf("no button for %q", a)
			}
		})
	}
}
