package cli

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/stabilize-go/stabilize/graph"
)

// graphCommand is `starter graph FILE`: the definition drawn as Mermaid,
// DOT or SVG on stdout. The definition is validated first, the way `run`
// and `start` do it: problems go to stderr, one per line, and exit 2.
func (a *app) graphCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "graph FILE",
		Short: "Draw a definition's DAG on stdout (Mermaid, DOT or SVG); exit 2 if it is invalid",
		Long: "Validates FILE as `starter validate` does (problems on stderr, exit 2), then writes its\n" +
			"stage graph to stdout: a Mermaid flowchart, a Graphviz digraph or a standalone SVG image.\n" +
			"Stages are nodes, requisites are edges; joins, OR splits, mutexes and the other\n" +
			"control-flow features are marked on them.",
		Args: exactArgs("FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := graph.ParseFormat(format)
			if err != nil {
				return usageErrorf("--format: %w", err)
			}
			wf, err := a.mustLoad(args[0], nil, nil)
			if err != nil {
				return err
			}
			// Render into a buffer so that a failure writes no half graph.
			var buf bytes.Buffer
			if err := graph.Render(&buf, wf, f); err != nil {
				return err
			}
			if _, err := a.opts.Stdout.Write(buf.Bytes()); err != nil {
				return fmt.Errorf("write graph: %w", err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", string(graph.FormatMermaid), fmt.Sprintf("output format, one of %v", graph.Formats()))
	return cmd
}
