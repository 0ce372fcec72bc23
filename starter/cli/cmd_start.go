package cli

import (
	"github.com/spf13/cobra"

	"github.com/stabilize-go/stabilize/config"
)

// startCommand is `starter start FILE`: validate and submit, print the id.
func (a *app) startCommand() *cobra.Command {
	var sets []string
	cmd := &cobra.Command{
		Use:   "start FILE",
		Short: "Validate and submit a definition; print the workflow id",
		Long:  "Validates FILE and submits it without waiting. Prints the workflow id (JSON: {\"id\",\"run_id\"}).\n\n" + setHelp,
		Args:  exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			wf, err := a.mustLoad(args[0], sets, nil)
			if err != nil {
				return err
			}
			c, err := a.dial(ctx, a.cfg.Config)
			if err != nil {
				return err
			}
			defer c.Close()
			run, err := submit(ctx, c, a.cfg.Config, wf)
			if err != nil {
				return err
			}
			p := a.out()
			p.textf("%s\n", run.GetID())
			return p.data(map[string]string{"id": run.GetID(), "run_id": run.GetRunID()})
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "set trigger.parameters.NAME=V or a context key NAME=V (repeatable)")
	config.AddFlags(cmd.Flags(), engineKeys...)
	return cmd
}
