package temporal

import (
	"errors"
	"fmt"
	"strings"

	"go.temporal.io/api/serviceerror"
	sdktemporal "go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/webui"
)

// notFound reports whether err says the workflow does not exist; a
// workflow that exists but has completed is not "not found".
func notFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf) && !completed(err)
}

// completed reports whether err says the workflow has already completed,
// which the server reports as NotFound for an update.
func completed(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf) && strings.Contains(strings.ToLower(nf.Message), "completed")
}

// controlError maps the failure of an update to what the page needs: an
// update refused by the workflow (an application error from its validator
// or handler, or a completed run) becomes webui.Refused with the
// workflow's reason; an unknown workflow wraps webui.ErrNotFound; anything
// else is returned as it is (control.Update names the update and workflow).
func controlError(err error) error {
	var appErr *sdktemporal.ApplicationError
	switch {
	case errors.As(err, &appErr):
		return webui.Refused(appErr.Message())
	case completed(err):
		return webui.Refused("workflow already completed")
	case notFound(err):
		return fmt.Errorf("%w: %w", webui.ErrNotFound, err)
	}
	return err
}
