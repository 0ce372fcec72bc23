package temporal

import (
	"context"
	"encoding/json"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
)

// fakeClient answers the three calls a Backend makes; every other method
// of client.Client panics (nil embedded interface).
type fakeClient struct {
	client.Client
	pages    []*workflowservice.ListWorkflowExecutionsResponse
	requests []*workflowservice.ListWorkflowExecutionsRequest
	query    any
	queryErr error
	updates  []client.UpdateWorkflowOptions
	startErr error
	getErr   error
}

func (f *fakeClient) ListWorkflow(_ context.Context, r *workflowservice.ListWorkflowExecutionsRequest) (*workflowservice.ListWorkflowExecutionsResponse, error) {
	f.requests = append(f.requests, r)
	return f.pages[len(f.requests)-1], nil
}

func (f *fakeClient) QueryWorkflow(_ context.Context, _, _, _ string, _ ...any) (converter.EncodedValue, error) {
	if f.queryErr != nil {
		return nil, f.queryErr
	}
	return jsonValue{f.query}, nil
}

func (f *fakeClient) UpdateWorkflow(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	f.updates = append(f.updates, o)
	if f.startErr != nil {
		return nil, f.startErr
	}
	return fakeHandle{err: f.getErr}, nil
}

// jsonValue is an EncodedValue that round-trips through JSON, as the
// default data converter does.
type jsonValue struct{ v any }

func (j jsonValue) HasValue() bool { return j.v != nil }

func (j jsonValue) Get(ptr any) error {
	b, err := json.Marshal(j.v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, ptr)
}

// fakeHandle is an update handle whose outcome is err.
type fakeHandle struct {
	client.WorkflowUpdateHandle
	err error
}

func (h fakeHandle) Get(context.Context, any) error { return h.err }
