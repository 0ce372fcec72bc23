package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
)

// historyCommand is `starter history ID [-o FILE]`: the event history as
// JSON in the format the SDK replayer reads (client.HistoryFromJSON,
// worker.WorkflowReplayer.ReplayWorkflowHistoryFromJSONFile).
func (a *app) historyCommand() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "history ID",
		Short: "Export a workflow's event history as JSON (replayable)",
		Args:  exactArgs("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			c, err := a.dial(ctx, a.cfg.Config)
			if err != nil {
				return err
			}
			defer c.Close()
			data, err := exportHistory(ctx, c, args[0])
			if err != nil {
				return err
			}
			if file == "" {
				_, err = a.opts.Stdout.Write(data)
				return err
			}
			if err := os.WriteFile(file, data, 0o644); err != nil {
				return fmt.Errorf("write history of %s: %w", args[0], err)
			}
			a.out().progressf("wrote %d bytes of history of %s to %s\n", len(data), args[0], file)
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "out", "o", "", "write to FILE instead of stdout")
	return cmd
}

// exportHistory reads the whole history of the latest run of id.
func exportHistory(ctx context.Context, c client.Client, id string) ([]byte, error) {
	it := c.GetWorkflowHistory(ctx, id, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	h := &historypb.History{}
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("read history of workflow %s: %w", id, err)
		}
		h.Events = append(h.Events, ev)
	}
	data, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("encode history of workflow %s: %w", id, err)
	}
	return append(data, '\n'), nil
}
