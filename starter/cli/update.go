package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/model"
)

// updateResult is the JSON output of an accepted update.
type updateResult struct {
	ID     string               `json:"id"`
	Update string               `json:"update"`
	Status model.WorkflowStatus `json:"status"`
}

// update sends one update to workflow id and waits for its outcome. A
// refusal (invalid transition, unknown stage, finished run) prints the
// reason and exits 3.
func (a *app) update(ctx context.Context, id, name string, arg any) error {
	c, err := a.dial(ctx, a.cfg.Config)
	if err != nil {
		return err
	}
	defer c.Close()
	var status model.WorkflowStatus
	h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, &status)
	}
	if err != nil {
		return updateError(id, name, err)
	}
	p := a.out()
	p.textf("%s accepted: workflow %s is %s\n", name, id, status)
	return p.data(updateResult{ID: id, Update: name, Status: status})
}

// updateError maps the failure of an update to its exit code.
func updateError(id, name string, err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return withCode(ExitHalted, fmt.Errorf("update %s of workflow %s refused: %s", name, id, appErr.Message()))
	}
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		if strings.Contains(nf.Error(), "completed") {
			return withCode(ExitHalted, fmt.Errorf("update %s of workflow %s refused: %w", name, id, err))
		}
		return fmt.Errorf("update %s: workflow %s not found: %w", name, id, err)
	}
	return fmt.Errorf("update %s of workflow %s: %w", name, id, err)
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
