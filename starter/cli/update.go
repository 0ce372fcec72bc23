package cli

import (
	"context"
	"encoding/json"
	"errors"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/model"
)

// updateResult is the JSON output of an accepted update.
type updateResult struct {
	ID     string               `json:"id"`
	Update string               `json:"update"`
	Status model.WorkflowStatus `json:"status"`
}

// sendFunc sends one control through package control.
type sendFunc func(ctx context.Context, c client.Client) (model.WorkflowStatus, error)

// update dials, sends one update (name is the update's name, for the
// output) and waits for its outcome. A refusal (invalid transition,
// unknown stage, finished run) prints the reason and exits 3.
func (a *app) update(ctx context.Context, id, name string, send sendFunc) error {
	c, err := a.dial(ctx, a.cfg.Config)
	if err != nil {
		return err
	}
	defer c.Close()
	status, err := send(ctx, c)
	if err != nil {
		return updateError(err)
	}
	p := a.out()
	p.textf("%s accepted: workflow %s is %s\n", name, id, status)
	return p.data(updateResult{ID: id, Update: name, Status: status})
}

// updateError maps the failure of an update to its exit code: a refusal
// exits 3 (ExitHalted).
func updateError(err error) error {
	var refused *control.RefusedError
	if errors.As(err, &refused) {
		return withCode(ExitHalted, err)
	}
	return err
}

// jsonFlag parses a --data or --context value; empty means nil.
func jsonFlag(flag, raw string) (any, error) {
	if raw == "" {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return nil, usageErrorf("--%s: expected JSON, got %q: %w", flag, raw, err)
	}
	return v, nil
}
