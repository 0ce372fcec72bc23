package devserver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/stabilize-go/stabilize/model"
)

// SearchAttributes are the custom Keyword search attributes Start registers
// on every namespace, in the order they are registered.
var SearchAttributes = []string{
	model.SearchAttrApplication,
	model.SearchAttrPipeline,
	model.SearchAttrStatus,
	model.SearchAttrConfigID,
}

// readyPollInterval is how often waitReady retries while the frontend starts.
const readyPollInterval = 20 * time.Millisecond

// waitReady blocks until the frontend answers DescribeNamespace for every
// namespace, or ctx ends.
func waitReady(ctx context.Context, conn *grpc.ClientConn, namespaces []string) error {
	wf := workflowservice.NewWorkflowServiceClient(conn)
	for _, ns := range namespaces {
		for {
			_, err := wf.DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: ns})
			if err == nil {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("wait for frontend to describe namespace %q: %w (last error: %w)", ns, ctx.Err(), err)
			case <-time.After(readyPollInterval):
			}
		}
	}
	return nil
}

// ensureSearchAttributes adds any of SearchAttributes the namespace lacks, as
// Keyword. Namespaces created by this package already have them; a database
// file written by an older build or another tool may not.
func ensureSearchAttributes(ctx context.Context, conn *grpc.ClientConn, namespace string) error {
	op := operatorservice.NewOperatorServiceClient(conn)
	resp, err := op.ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("list search attributes of namespace %q: %w", namespace, err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	for _, name := range SearchAttributes {
		got, ok := resp.GetCustomAttributes()[name]
		switch {
		case !ok:
			missing[name] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
		case got != enumspb.INDEXED_VALUE_TYPE_KEYWORD:
			return fmt.Errorf("namespace %q: search attribute %s must be Keyword, got %s", namespace, name, got)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = op.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{
		Namespace:        namespace,
		SearchAttributes: missing,
	})
	names := make([]string, 0, len(missing))
	for name := range missing {
		names = append(names, name)
	}
	slices.Sort(names)
	if err != nil && status.Code(err) != codes.AlreadyExists {
		return fmt.Errorf("add search attributes %v to namespace %q: %w", names, namespace, err)
	}
	return waitSearchAttributesUsable(ctx, conn, namespace, names)
}

// waitSearchAttributesUsable blocks until a visibility query naming every
// attribute in names is accepted. The services cache namespaces (refreshed
// every 2 s by default); a workflow that upserts an attribute its history
// service does not know yet fails its workflow task and is retried only
// after a backoff of seconds, so Start waits here instead.
func waitSearchAttributesUsable(ctx context.Context, conn *grpc.ClientConn, namespace string, names []string) error {
	wf := workflowservice.NewWorkflowServiceClient(conn)
	clauses := make([]string, 0, len(names))
	for _, name := range names {
		clauses = append(clauses, name+" = ''")
	}
	query := strings.Join(clauses, " AND ")
	for {
		_, err := wf.CountWorkflowExecutions(ctx, &workflowservice.CountWorkflowExecutionsRequest{Namespace: namespace, Query: query})
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for search attributes %v on namespace %q: %w (last error: %w)", names, namespace, ctx.Err(), err)
		case <-time.After(readyPollInterval):
		}
	}
}
