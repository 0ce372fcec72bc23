package devserver

import (
	"context"
	"fmt"
	"slices"
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
	if err != nil && status.Code(err) != codes.AlreadyExists {
		names := make([]string, 0, len(missing))
		for name := range missing {
			names = append(names, name)
		}
		slices.Sort(names)
		return fmt.Errorf("add search attributes %v to namespace %q: %w", names, namespace, err)
	}
	return nil
}
