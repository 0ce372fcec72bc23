package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/stabilize-go/stabilize/config"
)

// Options are the process surroundings of one invocation, injected so
// tests run commands in-process.
type Options struct {
	// Stdin is read when a definition file is "-". Optional: nil reads
	// the process's standard input.
	Stdin io.Reader
	// Stdout receives data (results, ids, JSON); Stderr receives progress,
	// warnings and errors.
	Stdout, Stderr io.Writer
	// Args are the command-line arguments without the program name.
	Args []string
	// LookupEnv reads the environment. Optional: defaults to os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// Execute runs the starter with o and returns the exit code (see the
// package documentation). Canceling ctx interrupts the command (exit 130).
func Execute(ctx context.Context, o Options) int {
	if o.LookupEnv == nil {
		o.LookupEnv = os.LookupEnv
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	a := &app{opts: o}
	root := a.rootCommand()
	root.SetArgs(o.Args)
	root.SetIn(o.Stdin)
	root.SetOut(o.Stdout)
	root.SetErr(o.Stderr)
	err := root.ExecuteContext(ctx)
	code := exitCode(ctx, err)
	if err != nil && !errors.Is(err, errSilent) {
		fmt.Fprintf(o.Stderr, "starter: %v\n", err)
		if code == ExitUsage && a.usageHint == "" {
			if c, _, ferr := root.Find(o.Args); ferr == nil {
				a.usageHint = c.CommandPath()
			}
		}
		if code == ExitUsage && a.usageHint != "" {
			fmt.Fprintf(o.Stderr, "Run '%s --help' for usage.\n", a.usageHint)
		}
	}
	return code
}

// app is the state of one invocation, shared by its commands.
type app struct {
	opts Options
	// cfg is the loaded configuration, set before any command runs.
	cfg *config.Loaded
	// usageHint is the command path to suggest after a usage error.
	usageHint string
}

// rootCommand builds the command tree.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "starter",
		Short: "Run Stabilize workflow definitions on Temporal",
		Long: "starter validates, runs, watches and steers Stabilize workflows on Temporal.\n\n" +
			"Configuration: defaults < file (./stabilize.yaml or --config) < environment (STABILIZE_*) < flags.\n" +
			"Without an address, `run` starts an embedded Temporal server and worker; other commands\n" +
			"connect to " + config.DefaultDialAddress + ".\n\n" + exitCodesHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("unknown command %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			_ = cmd.Help()
			return withCode(ExitUsage, errSilent)
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.usageHint = cmd.CommandPath()
			l, err := config.Load(config.LoadOptions{Flags: cmd.Flags(), LookupEnv: a.opts.LookupEnv})
			if err != nil {
				return withCode(ExitUsage, fmt.Errorf("invalid configuration:\n%w", err))
			}
			a.cfg = l
			for _, w := range l.Warnings {
				a.out().warnf("%s\n", w)
			}
			return nil
		},
	}
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		a.usageHint = cmd.CommandPath()
		return withCode(ExitUsage, err)
	})
	pf := root.PersistentFlags()
	config.AddConfigFlag(pf)
	config.AddFlags(pf, config.KeyAddress, config.KeyNamespace, config.KeyTaskQueue, config.KeyOutput)
	root.AddCommand(
		a.runCommand(), a.startCommand(), a.statusCommand(), a.watchCommand(), a.listCommand(),
		a.validateCommand(), a.graphCommand(), a.historyCommand(), a.devCommand(), a.configCommand(), a.completionCommand(root),
	)
	root.AddCommand(a.controlCommands()...)
	root.AddCommand(a.stageCommands()...)
	return root
}

// out returns the printer for the configured output mode.
func (a *app) out() *printer {
	return &printer{
		stdout: a.opts.Stdout,
		stderr: a.opts.Stderr,
		json:   a.cfg != nil && a.cfg.Output == config.OutputJSON,
		tty:    isTerminal(a.opts.Stderr),
	}
}

// isTerminal reports whether w is a terminal, for live redraws.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// exactArgs and friends report wrong argument counts as usage errors.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != len(names) {
			return usageErrorf("%s: expected %d argument(s) %v, got %d", cmd.Name(), len(names), names, len(args))
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErrorf("%s: expected at least %d %s, got %d", cmd.Name(), n, what, len(args))
		}
		return nil
	}
}
