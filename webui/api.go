package webui

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/stabilize-go/stabilize/graph"
	"github.com/stabilize-go/stabilize/model"
)

// maxControlBody bounds the body of a control request.
const maxControlBody = 1 << 20

// listItem is one execution of the list answer.
type listItem struct {
	ExecutionSummary
	TemporalURL string `json:"temporal_url,omitempty"`
}

// list answers GET /api/executions.
func (s *server) list(w http.ResponseWriter, r *http.Request) {
	filter, err := parseFilter(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	rows, err := s.backend.List(r.Context(), filter)
	if err != nil {
		writeBackendError(w, fmt.Errorf("list executions: %w", err))
		return
	}
	items := make([]listItem, len(rows))
	for i, row := range rows {
		items[i] = listItem{ExecutionSummary: row, TemporalURL: s.temporalLink(row.ID)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"executions": items})
}

// parseFilter reads the status, application and limit query parameters.
func parseFilter(r *http.Request) (ListFilter, error) {
	q := r.URL.Query()
	f := ListFilter{Application: q.Get("application")}
	if name := q.Get("status"); name != "" {
		st, err := model.ParseStatus(name)
		if err != nil {
			return f, fmt.Errorf("query parameter status: %w", err)
		}
		f.Status = &st
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, fmt.Errorf("query parameter limit: expected a non-negative integer, got %q", v)
		}
		f.Limit = n
	}
	return f, nil
}

// statusAnswer is the answer of GET /api/executions/{id}.
type statusAnswer struct {
	Execution   *model.Workflow `json:"execution"`
	TemporalURL string          `json:"temporal_url,omitempty"`
}

// status answers GET /api/executions/{id}.
func (s *server) status(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	wf, err := s.backend.Status(r.Context(), id)
	if err != nil {
		writeBackendError(w, fmt.Errorf("status of execution %s: %w", id, err))
		return
	}
	writeJSON(w, http.StatusOK, statusAnswer{Execution: wf, TemporalURL: s.temporalLink(id)})
}

// graph answers GET /api/executions/{id}/graph.svg with the DAG coloured
// by stage status.
func (s *server) graph(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	wf, err := s.backend.Status(r.Context(), id)
	if err != nil {
		writeBackendError(w, fmt.Errorf("status of execution %s: %w", id, err))
		return
	}
	var buf bytes.Buffer
	if err := graph.Render(&buf, wf, graph.FormatSVG); err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// control answers POST /api/executions/{id}/{action}.
func (s *server) control(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("id"), r.PathValue("action")
	if !slices.Contains(Actions(), action) {
		writeError(w, http.StatusBadRequest, fmt.Errorf("unknown action %q: expected one of %v", action, Actions()))
		return
	}
	// A JSON content type cannot be sent cross-origin without a CORS
	// preflight, which this handler never grants: another site open in the
	// same browser cannot press the buttons.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType,
			fmt.Errorf("%s request: expected Content-Type application/json, got %q", action, r.Header.Get("Content-Type")))
		return
	}
	var req ControlRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, maxControlBody))
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("read %s request: %w", action, err))
		return
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &req); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("decode %s request: %w", action, err))
			return
		}
	}
	if needsStage(action) && req.StageRefID == "" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("%s: stage_ref_id is required", action))
		return
	}
	if err := s.backend.Control(r.Context(), id, action, req); err != nil {
		if !errors.Is(err, ErrRefused) {
			err = fmt.Errorf("%s execution %s: %w", action, id, err)
		}
		writeBackendError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "action": action})
}

// statusInfo is one status of GET /api/statuses, with its colours.
type statusInfo struct {
	Name   string `json:"name"`
	Fill   string `json:"fill"`
	Stroke string `json:"stroke"`
}

// statuses answers GET /api/statuses: every status in declaration order
// with the colours the graph uses, so that the page draws its badges in
// the same colours.
func (s *server) statuses(w http.ResponseWriter, r *http.Request) {
	var out []statusInfo
	for _, st := range model.AllStatuses() {
		fill, stroke := graph.StatusColors(st)
		out = append(out, statusInfo{Name: st.String(), Fill: fill, Stroke: stroke})
	}
	writeJSON(w, http.StatusOK, map[string]any{"statuses": out})
}
