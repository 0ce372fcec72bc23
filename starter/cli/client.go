package cli

import (
	"context"
	"log/slog"

	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/config"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// dial connects to the configured Temporal (localhost:7233 when no address
// is set); SDK logs below errors are dropped so they do not mix with
// progress. The error names the address.
func (a *app) dial(ctx context.Context, cfg config.Config) (client.Client, error) {
	logger := slog.New(slog.NewTextHandler(a.opts.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	return workerapp.Dial(ctx, cfg, logger)
}
