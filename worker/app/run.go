package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/pflag"

	"github.com/stabilize-go/stabilize/config"
)

// Options are the process surroundings of Run, injected so tests can run
// the worker in-process.
type Options struct {
	// Args are the command-line arguments without the program name.
	Args []string
	// Stdout receives --help; Stderr receives logs and errors.
	Stdout, Stderr io.Writer
	// LookupEnv reads the environment. Optional: defaults to os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// Exit codes of Run.
const (
	ExitOK    = 0 // stopped by its context after draining
	ExitError = 1 // could not connect or start
	ExitUsage = 2 // bad flags or invalid configuration
)

// workerKeys are the config keys the worker accepts as flags.
var workerKeys = []string{
	config.KeyAddress, config.KeyNamespace, config.KeyTaskQueue,
	config.KeyTLSCert, config.KeyTLSKey, config.KeyTLSCA, config.KeyAPIKey,
	config.KeyTasksDisabled, config.KeyTasksAllowed, config.KeyHTTPAllowPrivate,
	config.KeyHTTPAllowedHosts, config.KeyOutputMaxBytes,
}

// Run is the worker command: parse flags, load the configuration, connect,
// serve until ctx ends (SIGINT or SIGTERM in main), then drain. It returns
// the exit code.
func Run(ctx context.Context, o Options) int {
	fs := pflag.NewFlagSet("worker", pflag.ContinueOnError)
	fs.SetOutput(o.Stderr)
	config.AddConfigFlag(fs)
	config.AddFlags(fs, workerKeys...)
	fs.Usage = func() {
		fmt.Fprintf(o.Stdout, "Usage: worker [flags]\n\nRuns a Stabilize worker until SIGINT or SIGTERM, then drains.\n"+
			"Exit codes: 0 stopped cleanly, 1 could not connect or start, 2 bad flags or configuration.\n\nFlags:\n%s", fs.FlagUsages())
	}
	if err := fs.Parse(o.Args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(o.Stderr, "worker: %v\nRun 'worker --help' for usage.\n", err)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(o.Stderr, "worker: unexpected arguments %q\n", fs.Args())
		return ExitUsage
	}
	loaded, err := config.Load(config.LoadOptions{Flags: fs, LookupEnv: o.LookupEnv})
	if err != nil {
		fmt.Fprintf(o.Stderr, "worker: invalid configuration:\n%v\n", err)
		return ExitUsage
	}
	cfg := loaded.Config
	logger := slog.New(slog.NewTextHandler(o.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	for _, w := range loaded.Warnings {
		logger.Warn(w)
	}
	if err := serve(ctx, cfg, logger); err != nil {
		logger.Error("worker failed", "error", err)
		return ExitError
	}
	return ExitOK
}

// serve connects, starts the worker, waits for ctx and drains.
func serve(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	c, err := Dial(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := EnsureSearchAttributes(ctx, c, cfg.Namespace); err != nil {
		logger.Warn("search attributes not ensured; list filters may fail", "error", err)
	}
	w, err := NewWorker(c, cfg, nil)
	if err != nil {
		return err
	}
	if err := w.Start(); err != nil {
		return fmt.Errorf("start worker on task queue %s: %w", cfg.TaskQueue, err)
	}
	logger.Info("worker started", "address", cfg.DialAddress(), "namespace", cfg.Namespace, "task_queue", cfg.TaskQueue)
	<-ctx.Done()
	logger.Info("stopping: draining running tasks", "timeout", DrainTimeout)
	w.Stop()
	logger.Info("worker stopped")
	return nil
}
