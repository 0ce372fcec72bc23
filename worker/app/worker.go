package app

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/interpreter"
)

// DrainTimeout is how long a stopping worker waits for running tasks.
const DrainTimeout = 30 * time.Second

// Policy returns the built-in task policy that cfg describes.
func Policy(cfg config.Config) activities.Policy {
	return activities.Policy{
		Disabled:         cfg.Tasks.Disabled,
		Allowed:          cfg.Tasks.Allowed,
		HTTPAllowPrivate: cfg.HTTP.AllowPrivate,
		HTTPAllowedHosts: cfg.HTTP.AllowedHosts,
		MaxOutputBytes:   cfg.OutputMaxBytes,
	}
}

// NewWorker returns a worker, not yet started, that polls cfg.TaskQueue
// and serves the generic workflow and every task of reg. A nil reg means
// the built-ins allowed by Policy(cfg).
func NewWorker(c client.Client, cfg config.Config, reg *activities.Registry) (worker.Worker, error) {
	if reg == nil {
		var err error
		if reg, err = activities.Builtins(Policy(cfg)); err != nil {
			return nil, fmt.Errorf("build task registry: %w", err)
		}
	}
	w := worker.New(c, cfg.TaskQueue, worker.Options{
		WorkerStopTimeout: DrainTimeout,
		// Activities are called by implementing_class only.
		DisableRegistrationAliasing: true,
	})
	interpreter.Register(w)
	reg.RegisterActivities(w)
	return w, nil
}
