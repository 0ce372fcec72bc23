package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/stabilize-go/stabilize/model"
)

// listEntry is one run in `starter list`.
type listEntry struct {
	ID          string    `json:"id"`
	RunID       string    `json:"run_id"`
	Application string    `json:"application"`
	Pipeline    string    `json:"pipeline"`
	Status      string    `json:"status"`
	Temporal    string    `json:"temporal_status"`
	StartTime   time.Time `json:"start_time"`
}

// listCommand is `starter list`: a visibility query over our attributes.
func (a *app) listCommand() *cobra.Command {
	var status, application, query string
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List Stabilize workflows (visibility query over the Stabilize search attributes)",
		Args:  exactArgs(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := listQuery(status, application, query)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			c, err := a.dial(ctx, a.cfg.Config)
			if err != nil {
				return err
			}
			defer c.Close()
			entries, err := list(ctx, c, a.cfg.Namespace, q, limit)
			if err != nil {
				return err
			}
			p := a.out()
			if p.json {
				return p.data(entries)
			}
			tw := tabwriter.NewWriter(p.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tAPPLICATION\tPIPELINE\tSTATUS\tSTARTED")
			for _, e := range entries {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Application, e.Pipeline, e.Status, e.StartTime.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&status, "status", "", "only runs whose Stabilize status is S (e.g. RUNNING, SUCCEEDED)")
	cmd.Flags().StringVar(&application, "application", "", "only runs of application A")
	cmd.Flags().StringVar(&query, "query", "", "an extra visibility query, ANDed with the filters")
	cmd.Flags().IntVar(&limit, "limit", 100, "at most this many runs")
	return cmd
}

// listQuery builds the visibility query for the filters.
func listQuery(status, application, extra string) (string, error) {
	parts := []string{fmt.Sprintf("WorkflowType = '%s'", model.WorkflowName)}
	if status != "" {
		s, err := model.ParseStatus(strings.ToUpper(status))
		if err != nil {
			return "", usageErrorf("--status: %w", err)
		}
		parts = append(parts, fmt.Sprintf("%s = '%s'", model.SearchAttrStatus, s))
	}
	if application != "" {
		parts = append(parts, fmt.Sprintf("%s = '%s'", model.SearchAttrApplication, strings.ReplaceAll(application, "'", "\\'")))
	}
	if extra != "" {
		parts = append(parts, "("+extra+")")
	}
	return strings.Join(parts, " AND "), nil
}

// list runs the visibility query, following pages up to limit entries.
func list(ctx context.Context, c client.Client, namespace, query string, limit int) ([]listEntry, error) {
	entries := []listEntry{}
	var token []byte
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: namespace, Query: query, NextPageToken: token,
		})
		if err != nil {
			return nil, fmt.Errorf("list workflows (query %q): %w", query, err)
		}
		for _, ex := range resp.GetExecutions() {
			fields := ex.GetSearchAttributes().GetIndexedFields()
			entries = append(entries, listEntry{
				ID:          ex.GetExecution().GetWorkflowId(),
				RunID:       ex.GetExecution().GetRunId(),
				Application: keyword(fields[model.SearchAttrApplication]),
				Pipeline:    keyword(fields[model.SearchAttrPipeline]),
				Status:      keyword(fields[model.SearchAttrStatus]),
				Temporal:    ex.GetStatus().String(),
				StartTime:   ex.GetStartTime().AsTime(),
			})
			if limit > 0 && len(entries) >= limit {
				return entries, nil
			}
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return entries, nil
		}
	}
}

// keyword decodes a Keyword search attribute, or "" when absent.
func keyword(p *commonpb.Payload) string {
	if p == nil {
		return ""
	}
	var s string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &s); err != nil {
		return ""
	}
	return s
}
