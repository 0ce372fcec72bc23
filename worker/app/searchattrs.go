package app

import (
	"context"
	"fmt"
	"slices"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/stabilize-go/stabilize/model"
)

// SearchAttributes are the Keyword search attributes the workflow and the
// starter use.
var SearchAttributes = []string{
	model.SearchAttrApplication,
	model.SearchAttrPipeline,
	model.SearchAttrStatus,
	model.SearchAttrConfigID,
}

// EnsureSearchAttributes adds the SearchAttributes the namespace lacks, as
// Keyword, so a fresh cluster (docker compose) needs no admin step. It
// needs operator rights; callers treat its error as a warning.
func EnsureSearchAttributes(ctx context.Context, c client.Client, namespace string) error {
	op := c.OperatorService()
	resp, err := op.ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		return fmt.Errorf("list search attributes of namespace %s: %w", namespace, err)
	}
	missing := map[string]enumspb.IndexedValueType{}
	var names []string
	for _, name := range SearchAttributes {
		got, ok := resp.GetCustomAttributes()[name]
		switch {
		case !ok:
			missing[name] = enumspb.INDEXED_VALUE_TYPE_KEYWORD
			names = append(names, name)
		case got != enumspb.INDEXED_VALUE_TYPE_KEYWORD:
			return fmt.Errorf("namespace %s: search attribute %s: expected Keyword, got %s", namespace, name, got)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	_, err = op.AddSearchAttributes(ctx, &operatorservice.AddSearchAttributesRequest{Namespace: namespace, SearchAttributes: missing})
	if err != nil && status.Code(err) != codes.AlreadyExists {
		slices.Sort(names)
		return fmt.Errorf("add search attributes %v to namespace %s: %w", names, namespace, err)
	}
	return nil
}
