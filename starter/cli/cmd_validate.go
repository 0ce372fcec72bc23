package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stabilize-go/stabilize/activities"
	workerapp "github.com/stabilize-go/stabilize/worker/app"
)

// validateCommand is `starter validate FILE...`.
func (a *app) validateCommand() *cobra.Command {
	var builtinOnly bool
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Validate definitions: every problem, one per line with its path; exit 2 if any",
		Args:  minArgs(1, "FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var known func(string) bool
			if builtinOnly {
				reg, err := activities.Builtins(workerapp.Policy(a.cfg.Config))
				if err != nil {
					return err
				}
				known = reg.Has
			}
			p := a.out()
			results := make([]definitionResult, 0, len(args))
			bad := 0
			for _, file := range args {
				res, err := loadDefinition(file, a.opts.Stdin, nil, known)
				if err != nil {
					return err
				}
				results = append(results, res)
				for _, w := range res.Warnings {
					p.warnf("%s\n", w)
				}
				if !res.Valid {
					bad++
					for _, line := range res.Problems {
						p.textf("%s\n", line)
					}
				}
			}
			if err := p.data(results); err != nil {
				return err
			}
			if bad > 0 {
				return withCode(ExitUsage, fmt.Errorf("%d of %d definition(s) invalid", bad, len(args)))
			}
			p.progressf("%d definition(s) valid\n", len(args))
			return nil
		},
	}
	cmd.Flags().BoolVar(&builtinOnly, "builtin-only", false, "also require every implementing_class to be a built-in task allowed by the config")
	return cmd
}
