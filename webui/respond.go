package webui

import (
	"encoding/json"
	"errors"
	"net/http"
)

// errorBody is the JSON body of every error answer.
type errorBody struct {
	Error string `json:"error"`
	// Refused is true when the workflow refused a control (409).
	Refused bool `json:"refused,omitempty"`
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers with err's message.
func writeError(w http.ResponseWriter, code int, err error) {
	writeJSON(w, code, errorBody{Error: err.Error()})
}

// writeBackendError maps a Backend error to its status code: 404 for
// ErrNotFound, 409 with the reason for ErrRefused, 500 otherwise.
func writeBackendError(w http.ResponseWriter, err error) {
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		writeJSON(w, http.StatusConflict, errorBody{Error: refused.Reason, Refused: true})
	case errors.Is(err, ErrRefused):
		writeJSON(w, http.StatusConflict, errorBody{Error: err.Error(), Refused: true})
	case errors.Is(err, ErrNotFound):
		writeError(w, http.StatusNotFound, err)
	default:
		writeError(w, http.StatusInternalServerError, err)
	}
}
