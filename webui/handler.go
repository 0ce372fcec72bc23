package webui

import (
	"net/http"
	"net/url"
	"strings"
)

// Handler returns the page and its JSON API over b (see the package
// documentation for the endpoints). temporalUIURL is the Temporal Web UI
// address of the namespace, such as
// "http://localhost:8233/namespaces/default"; an execution links to
// temporalUIURL + "/workflows/" + id. Optional: "" shows no links.
func Handler(b Backend, temporalUIURL string) http.Handler {
	s := &server{backend: b, temporalUI: strings.TrimRight(temporalUIURL, "/")}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(staticFiles())))
	mux.HandleFunc("GET /api/statuses", s.statuses)
	mux.HandleFunc("GET /api/executions", s.list)
	mux.HandleFunc("GET /api/executions/{id}", s.status)
	mux.HandleFunc("GET /api/executions/{id}/graph.svg", s.graph)
	mux.HandleFunc("POST /api/executions/{id}/{action}", s.control)
	return mux
}

// server holds what the handlers share.
type server struct {
	backend    Backend
	temporalUI string
}

// temporalLink returns the Temporal Web UI address of an execution, or ""
// without a configured UI.
func (s *server) temporalLink(id string) string {
	if s.temporalUI == "" {
		return ""
	}
	return s.temporalUI + "/workflows/" + url.PathEscape(id)
}
