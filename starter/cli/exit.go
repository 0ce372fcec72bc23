package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/stabilize-go/stabilize/model"
)

// Exit codes of Execute (the contract, listed in --help).
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitHalted      = 3
	ExitTimeout     = 4
	ExitInterrupted = 130
)

const exitCodesHelp = `Exit codes:
  0    SUCCEEDED (also FAILED_CONTINUE, with a warning)
  1    unexpected error, including Temporal unreachable
  2    bad usage or invalid definition
  3    the run ended TERMINAL, STOPPED or CANCELED, or an update was refused
  4    still running when --timeout ran out
  130  interrupted`

// exitError carries an exit code with its reason; the one place that maps
// errors to codes is exitCode.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode tags err with an exit code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

// usageErrorf is a bad-usage error (exit 2).
func usageErrorf(format string, args ...any) error {
	return withCode(ExitUsage, fmt.Errorf(format, args...))
}

// errSilent marks an exit code whose explanation was already printed.
var errSilent = errors.New("")

// exitCode maps the error of a command to the process exit code.
func exitCode(ctx context.Context, err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if ctx.Err() != nil {
		return ExitInterrupted
	}
	return ExitError
}

// statusCode maps the final status of a run to its exit code.
func statusCode(s model.WorkflowStatus) int {
	switch {
	case s == model.StatusSucceeded || s == model.StatusFailedContinue || s == model.StatusSkipped:
		return ExitOK
	case s.IsHalt():
		return ExitHalted
	}
	return ExitTimeout
}
