package interpreter

import (
	"errors"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/interpreter/engine"
	"github.com/stabilize-go/stabilize/model"
)

// UpdateRefusedType is the application error type of an update the
// workflow refused (an invalid transition, an unknown stage, a finished
// run). Callers map it to exit code 3.
const UpdateRefusedType = "UpdateRefused"

// errCompleted refuses controls that arrive after the run completed.
var errCompleted = errors.New("workflow already completed")

// refused wraps a refusal as a non-retryable application error whose type
// is UpdateRefusedType, keeping the message readable for the caller.
func refused(err error) error {
	return temporal.NewNonRetryableApplicationError(err.Error(), UpdateRefusedType, err)
}

// pendingUpdate is an update waiting for the main loop to step its event.
type pendingUpdate struct {
	done   bool
	status model.WorkflowStatus
	err    error
}

// finish records the update's answer; its handler then returns.
func (u *pendingUpdate) finish(status model.WorkflowStatus, err error) {
	u.done, u.status, u.err = true, status, err
}

// registerControls makes every control available as a signal (fire and
// forget; a refused signal is logged and dropped) and as an update (a
// validator calls Engine.Validate; the result is the workflow status after
// the step). The order is fixed, so the selector's case order is too.
func (s *shell) registerControls() error {
	return errors.Join(
		addControl(s, model.ControlPause, func(at time.Time, r model.ControlRequest) engine.Event {
			return engine.PauseRequested{At: at, Req: r}
		}),
		addControl(s, model.ControlResume, func(at time.Time, r model.ControlRequest) engine.Event {
			return engine.ResumeRequested{At: at, Req: r}
		}),
		addControl(s, model.ControlCancel, func(at time.Time, r model.ControlRequest) engine.Event {
			return engine.CancelRequested{At: at, Req: r}
		}),
		addControl(s, model.SignalStage, func(at time.Time, r model.StageSignal) engine.Event {
			return engine.StageSignaled{At: at, Signal: r}
		}),
		addControl(s, model.UpdateApprove, func(at time.Time, r model.ApprovalRequest) engine.Event {
			return engine.ApprovalDecided{At: at, Approved: true, Req: r}
		}),
		addControl(s, model.UpdateReject, func(at time.Time, r model.ApprovalRequest) engine.Event {
			return engine.ApprovalDecided{At: at, Approved: false, Req: r}
		}),
		addControl(s, model.UpdateCancelRegion, func(at time.Time, r model.CancelRegionRequest) engine.Event {
			return engine.RegionCanceled{At: at, Req: r}
		}),
		addControl(s, model.UpdateCancelStage, func(at time.Time, r model.StageRequest) engine.Event {
			return engine.StageCancelRequested{At: at, Req: r}
		}),
		addControl(s, model.UpdateAddInstance, func(at time.Time, r model.AddInstanceRequest) engine.Event {
			return engine.InstanceAdded{At: at, Req: r}
		}),
		addControl(s, model.UpdateRestartStage, func(at time.Time, r model.StageRequest) engine.Event {
			return engine.StageRestartRequested{At: at, Req: r}
		}),
	)
}

// addControl registers one control name as a signal receive on the
// selector and as an update handler with a validator.
func addControl[T any](s *shell, name string, event func(time.Time, T) engine.Event) error {
	ch := workflow.GetSignalChannel(s.ctx, name)
	receive := func() bool {
		var req T
		if !ch.ReceiveAsync(&req) {
			return false
		}
		s.push(item{ev: event(workflow.Now(s.ctx), req), checked: true, name: name})
		return true
	}
	s.sel.AddReceive(ch, func(workflow.ReceiveChannel, bool) { receive() })
	s.drains = append(s.drains, receive)

	handler := func(ctx workflow.Context, req T) (model.WorkflowStatus, error) {
		u := &pendingUpdate{}
		s.push(item{ev: event(workflow.Now(ctx), req), checked: true, name: name, upd: u})
		s.wake.SendAsync(true)
		// The handler's own context: a Temporal cancellation must not
		// abandon an update that the main loop will still step.
		wait, _ := workflow.NewDisconnectedContext(ctx)
		if err := workflow.Await(wait, func() bool { return u.done }); err != nil {
			return 0, err
		}
		return u.status, u.err
	}
	validator := func(ctx workflow.Context, req T) error {
		if s.done != nil {
			return refused(errCompleted)
		}
		if err := s.eng.Validate(event(workflow.Now(ctx), req)); err != nil {
			return refused(err)
		}
		return nil
	}
	return workflow.SetUpdateHandlerWithOptions(s.ctx, name, handler, workflow.UpdateHandlerOptions{Validator: validator})
}

// drainSignals moves every signal still buffered on a channel into the
// queue, before continue-as-new. It reports whether it queued any.
func (s *shell) drainSignals() bool {
	got := false
	for _, receive := range s.drains {
		for receive() {
			got = true
		}
	}
	return got
}
