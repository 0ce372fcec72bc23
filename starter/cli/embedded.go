package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/devserver"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// embedded is an in-process Temporal server with a worker and a client.
type embedded struct {
	srv    *devserver.Server
	client client.Client
	worker worker.Worker
	// cfg is the configuration with Address set to the embedded frontend.
	cfg config.Config
}

// startEmbedded starts a devserver with opts, connects, and starts a
// worker on cfg.TaskQueue. Close stops everything.
func (a *app) startEmbedded(ctx context.Context, cfg config.Config, opts devserver.Options) (*embedded, error) {
	opts.Namespace = cfg.Namespace
	if opts.LogLevel == "" {
		opts.LogLevel = "error"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(a.opts.Stderr, nil))
	}
	srv, err := devserver.Start(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("start embedded Temporal server: %w", err)
	}
	e := &embedded{srv: srv, cfg: cfg}
	e.cfg.Address = srv.FrontendAddress()
	if e.client, err = a.dial(ctx, e.cfg); err != nil {
		return nil, errors.Join(err, e.Close())
	}
	if e.worker, err = workerapp.NewWorker(e.client, e.cfg, nil); err != nil {
		return nil, errors.Join(err, e.Close())
	}
	if err := e.worker.Start(); err != nil {
		return nil, errors.Join(fmt.Errorf("start embedded worker: %w", err), e.Close())
	}
	return e, nil
}

// Close stops the worker (draining), the client and the server.
func (e *embedded) Close() error {
	if e.worker != nil {
		e.worker.Stop()
	}
	if e.client != nil {
		e.client.Close()
	}
	if err := e.srv.Stop(); err != nil {
		return fmt.Errorf("stop embedded Temporal server: %w", err)
	}
	return nil
}
