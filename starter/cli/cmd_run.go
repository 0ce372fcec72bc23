package cli

import (
	"context"
	"time"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/devserver"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// runCommand is `starter run FILE`: validate, submit, follow, summarize.
func (a *app) runCommand() *cobra.Command {
	var sets []string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "run FILE",
		Short: "Validate, submit and follow a definition until it ends",
		Long: "Validates FILE (exit 2 with one problem per line), submits it (workflow id = definition id),\n" +
			"shows live progress on stderr and prints the final summary (or, with --output json, only the\n" +
			"final Workflow model). Without a configured address it starts an embedded Temporal server\n" +
			"and worker in this process.\n\n" + setHelp,
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.run(cmd.Context(), args[0], sets, timeout)
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "set trigger.parameters.NAME=V or a context key NAME=V (repeatable)")
	config.AddFlags(cmd.Flags(), engineKeys...)
	config.AddFlags(cmd.Flags(), policyKeys...)
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "stop waiting after this long (exit 4 if still running); 0 waits forever")
	return cmd
}

func (a *app) run(ctx context.Context, file string, sets []string, timeout time.Duration) error {
	cfg := a.cfg.Config
	var known func(string) bool
	if cfg.Embedded() {
		// The embedded worker runs exactly the built-ins of this policy.
		reg, err := activities.Builtins(workerapp.Policy(cfg))
		if err != nil {
			return err
		}
		known = reg.Has
	}
	wf, err := a.mustLoad(file, sets, known)
	if err != nil {
		return err
	}
	p := a.out()
	var c client.Client
	if cfg.Embedded() {
		p.progressf("starting an embedded Temporal server and worker (set --address to use a cluster)\n")
		e, err := a.startEmbedded(ctx, cfg, devserver.Options{UIPort: -1})
		if err != nil {
			return err
		}
		defer e.Close()
		c, cfg = e.client, e.cfg
	} else {
		if c, err = a.dial(ctx, cfg); err != nil {
			return err
		}
		defer c.Close()
	}
	run, err := submit(ctx, c, cfg, wf)
	if err != nil {
		return err
	}
	p.progressf("started workflow %s (run %s) on %s, task queue %s\n", run.GetID(), run.GetRunID(), addressOf(cfg), cfg.TaskQueue)
	return a.follow(ctx, c, run.GetID(), run.GetRunID(), timeout, wf)
}

// addressOf names the server for messages.
func addressOf(cfg config.Config) string { return cfg.DialAddress() }
