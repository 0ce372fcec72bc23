package webui

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/stabilize-go/stabilize/model"
)

// memBackend is an in-memory Backend for the page's tests: executions are
// model.Workflows kept in insertion order, and controls are recorded.
type memBackend struct {
	mu         sync.Mutex
	executions []*model.Workflow
	// refuse maps an action to the reason it is refused with.
	refuse map[string]string
	// calls records the controls applied, in order.
	calls []controlCall
	// filters records the filters List was called with.
	filters []ListFilter
}

type controlCall struct {
	id, action string
	req        ControlRequest
}

func (b *memBackend) List(_ context.Context, f ListFilter) ([]ExecutionSummary, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.filters = append(b.filters, f)
	var out []ExecutionSummary
	for _, wf := range b.executions {
		if f.Status != nil && wf.Status != *f.Status {
			continue
		}
		if f.Application != "" && wf.Application != f.Application {
			continue
		}
		out = append(out, ExecutionSummary{ID: wf.ID, Application: wf.Application, Name: wf.Name,
			Status: wf.Status, StartTime: wf.StartTime, EndTime: wf.EndTime})
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

func (b *memBackend) Status(_ context.Context, id string) (*model.Workflow, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i := slices.IndexFunc(b.executions, func(wf *model.Workflow) bool { return wf.ID == id })
	if i < 0 {
		return nil, fmt.Errorf("execution %q: %w", id, ErrNotFound)
	}
	return b.executions[i], nil
}

func (b *memBackend) Control(ctx context.Context, id, action string, req ControlRequest) error {
	if _, err := b.Status(ctx, id); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if reason, ok := b.refuse[action]; ok {
		return Refused(reason)
	}
	b.calls = append(b.calls, controlCall{id: id, action: action, req: req})
	return nil
}
