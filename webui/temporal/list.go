package temporal

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"

	"github.com/stabilize-go/stabilize/model"
	"github.com/stabilize-go/stabilize/webui"
)

// maxPageSize caps the page size asked of the visibility store.
const maxPageSize = 1000

// List returns the executions of the generic workflow that match filter,
// most recently started first, at most filter.Limit of them (DefaultLimit
// when 0). Runs closed by continue-as-new are left out: their chain shows
// once, as its current run.
func (b *Backend) List(ctx context.Context, filter webui.ListFilter) ([]webui.ExecutionSummary, error) {
	ctx, cancel := bounded(ctx)
	defer cancel()
	limit := filter.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	query := listQuery(filter)
	rows := []webui.ExecutionSummary{}
	var token []byte
	for {
		resp, err := b.client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			PageSize: int32(min(limit, maxPageSize)), Query: query, NextPageToken: token,
		})
		if err != nil {
			return nil, fmt.Errorf("list workflows (query %q): %w", query, err)
		}
		for _, ex := range resp.GetExecutions() {
			rows = append(rows, summary(ex))
		}
		if token = resp.GetNextPageToken(); len(token) == 0 || len(rows) >= limit {
			break
		}
	}
	slices.SortStableFunc(rows, func(x, y webui.ExecutionSummary) int {
		return cmp.Compare(deref(y.StartTime), deref(x.StartTime))
	})
	if len(rows) > limit {
		rows = rows[:limit]
	}
	return rows, nil
}

// listQuery is the visibility query of filter.
func listQuery(filter webui.ListFilter) string {
	parts := []string{
		fmt.Sprintf("WorkflowType = %s", quote(model.WorkflowName)),
		fmt.Sprintf("ExecutionStatus != %s", quote(enumspb.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW.String())),
	}
	if filter.Status != nil {
		parts = append(parts, fmt.Sprintf("%s = %s", model.SearchAttrStatus, quote(filter.Status.String())))
	}
	if filter.Application != "" {
		parts = append(parts, fmt.Sprintf("%s = %s", model.SearchAttrApplication, quote(filter.Application)))
	}
	return strings.Join(parts, " AND ")
}

// quote is a visibility query string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// summary turns one visibility row into a list row: the Stabilize search
// attributes first, the memo the starter writes as a fallback.
func summary(ex *workflowpb.WorkflowExecutionInfo) webui.ExecutionSummary {
	fields := ex.GetSearchAttributes().GetIndexedFields()
	memo := ex.GetMemo().GetFields()
	row := webui.ExecutionSummary{
		ID:          ex.GetExecution().GetWorkflowId(),
		RunID:       ex.GetExecution().GetRunId(),
		Application: cmp.Or(decodeString(fields[model.SearchAttrApplication]), decodeString(memo[model.MemoApplication])),
		Name:        cmp.Or(decodeString(fields[model.SearchAttrPipeline]), decodeString(memo[model.MemoName])),
		Status:      rowStatus(decodeString(fields[model.SearchAttrStatus]), ex.GetStatus()),
	}
	if ex.GetStartTime() != nil {
		ms := ex.GetStartTime().AsTime().UnixMilli()
		row.StartTime = &ms
	}
	if ex.GetCloseTime() != nil {
		ms := ex.GetCloseTime().AsTime().UnixMilli()
		row.EndTime = &ms
	}
	return row
}

// rowStatus is the Stabilize status of a row. The workflow keeps
// StabilizeStatus current while it runs; a run that Temporal closed
// without the workflow's say (terminated, timed out, canceled) or that
// never wrote the attribute falls back on the Temporal status.
func rowStatus(attr string, ts enumspb.WorkflowExecutionStatus) model.WorkflowStatus {
	st, err := model.ParseStatus(attr)
	known := attr != "" && err == nil
	switch ts {
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		if known {
			return st
		}
		return model.StatusRunning
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, enumspb.WORKFLOW_EXECUTION_STATUS_FAILED:
		if known && st.IsComplete() {
			return st
		}
		if ts == enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
			return model.StatusSucceeded
		}
		return model.StatusTerminal
	case enumspb.WORKFLOW_EXECUTION_STATUS_CANCELED:
		return model.StatusCanceled
	}
	// Terminated or timed out: the workflow never saw its end.
	return model.StatusTerminal
}

// decodeString decodes a string payload (a Keyword search attribute or a
// memo field), or "" when absent or not a string.
func decodeString(p *commonpb.Payload) string {
	if p == nil {
		return ""
	}
	var s string
	if err := converter.GetDefaultDataConverter().FromPayload(p, &s); err != nil {
		return ""
	}
	return s
}

// deref is *p, or 0 for nil.
func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
