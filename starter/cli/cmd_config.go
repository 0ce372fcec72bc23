package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// configCommand is `starter config`: the effective configuration.
func (a *app) configCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration (secrets masked) and where each value came from",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.cfg.Print(a.opts.Stdout, a.cfg.Output); err != nil {
				return fmt.Errorf("print config: %w", err)
			}
			return nil
		},
	}
}

// completionCommand is `starter completion bash|zsh|fish`.
func (a *app) completionCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:       "completion bash|zsh|fish",
		Short:     "Print a shell completion script",
		ValidArgs: []string{"bash", "zsh", "fish"},
		Args:      exactArgs("SHELL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := a.opts.Stdout
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(w, true)
			case "zsh":
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, true)
			}
			return usageErrorf("completion: expected bash, zsh or fish, got %q", args[0])
		},
	}
}
