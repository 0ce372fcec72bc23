// Package webui serves the live page of `starter dev`: a list of
// executions and, per execution, its DAG drawn by package graph and
// refreshed every second while it runs, stage details on click, a link to
// the execution in the Temporal Web UI, and buttons for the workflow
// controls (pause, resume, cancel, approve, reject, restart_stage).
//
// The page is plain HTML, JavaScript and CSS embedded in the binary: no
// build step and no download. It talks to a small JSON API served by the
// same handler, which asks a Backend for data; the Backend is implemented
// over a Temporal client (visibility for List, the status query for
// Status, updates for Control):
//
//	h := webui.Handler(backend, "http://localhost:8233/namespaces/default")
//	srv := &http.Server{Addr: "127.0.0.1:8080", Handler: h}
//
// Each action is also the name of the workflow update it maps to, and
// ControlRequest.Payload builds that update's argument.
//
// Endpoints (paths are relative, so the handler may be mounted under a
// prefix with http.StripPrefix):
//
//	GET  /                                 the page
//	GET  /static/{file}                    its script and style sheet
//	GET  /api/statuses                     every status with its graph colours
//	GET  /api/executions?status=S&application=A&limit=N
//	                                       {"executions": [ExecutionSummary + temporal_url]}
//	GET  /api/executions/{id}              {"execution": model.Workflow, "temporal_url": "..."}
//	GET  /api/executions/{id}/graph.svg    the DAG, coloured by stage status
//	POST /api/executions/{id}/{action}     ControlRequest as JSON (Content-Type
//	                                       application/json); action is one of Actions()
//
// Errors are JSON objects {"error": "..."}: 400 for a bad request, 415
// for a control not sent as JSON, 404
// when the Backend wraps ErrNotFound, 409 with the reason when it refuses
// a control (ErrRefused, RefusedError), 500 otherwise.
package webui
