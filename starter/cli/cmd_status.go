package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

// statusCommand is `starter status ID`: the model from the status query.
func (a *app) statusCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "status ID",
		Short: "Show a workflow's status (JSON: the model from the status query)",
		Args:  exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := a.dial(ctx, a.cfg.Config)
			if err != nil {
				return err
			}
			defer c.Close()
			wf, err := queryStatus(ctx, c, args[0], "")
			if err != nil {
				return err
			}
			p := a.out()
			if p.json {
				return p.data(wf)
			}
			if err := summary(p.stdout, wf, wf.Status, time.Now()); err != nil {
				return fmt.Errorf("write status: %w", err)
			}
			return nil
		},
	}
}

// watchCommand is `starter watch ID`: follow a running workflow.
func (a *app) watchCommand() *cobra.Command {
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "watch ID",
		Short: "Follow a workflow until it ends; exit code from its final status",
		Args:  exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := a.dial(ctx, a.cfg.Config)
			if err != nil {
				return err
			}
			defer c.Close()
			return a.follow(ctx, c, args[0], "", timeout, nil)
		},
	}
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "stop waiting after this long (exit 4 if still running); 0 waits forever")
	return cmd
}
