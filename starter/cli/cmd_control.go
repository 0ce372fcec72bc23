package cli

import (
	"context"

	"github.com/spf13/cobra"
	"go.temporal.io/sdk/client"

	"github.com/stabilize-go/stabilize/control"
	"github.com/stabilize-go/stabilize/model"
)

// controlCommands are pause, resume and cancel, sent as updates.
func (a *app) controlCommands() []*cobra.Command {
	var out []*cobra.Command
	type controlFunc func(context.Context, client.Client, string, model.ControlRequest) (model.WorkflowStatus, error)
	for _, c := range []struct {
		name, short string
		send        controlFunc
	}{
		{model.ControlPause, "Pause a running workflow (tasks are parked at dispatch)", control.Pause},
		{model.ControlResume, "Resume a paused workflow", control.Resume},
		{model.ControlCancel, "Cancel a workflow", control.Cancel},
	} {
		var user, reason string
		cmd := &cobra.Command{
			Use:   c.name + " ID",
			Short: c.short + "; exit 3 if refused",
			Args:  exactArgs("ID"),
			RunE: func(cmd *cobra.Command, args []string) error {
				id, req := args[0], model.ControlRequest{User: user, Reason: reason}
				return a.update(cmd.Context(), id, c.name, func(ctx context.Context, cl client.Client) (model.WorkflowStatus, error) {
					return c.send(ctx, cl, id, req)
				})
			},
		}
		cmd.Flags().StringVar(&user, "user", "", "who asks (recorded in the model)")
		cmd.Flags().StringVar(&reason, "reason", "", "why (recorded in the model)")
		out = append(out, cmd)
	}
	return out
}

// stageCommands steer stages: signal, approve, reject, cancel-region,
// cancel-stage, add-instance and restart-stage, each an update.
func (a *app) stageCommands() []*cobra.Command {
	var sigData string
	var persistent bool
	signal := &cobra.Command{
		Use:   "signal ID STAGE_REF NAME",
		Short: "Send a named signal to a stage (resumes it if SUSPENDED)",
		Args:  exactArgs("ID", "STAGE_REF", "NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := jsonFlag("data", sigData)
			if err != nil {
				return err
			}
			id, sig := args[0], model.StageSignal{StageRefID: args[1], Name: args[2], Data: data, Persistent: persistent}
			return a.update(cmd.Context(), id, model.SignalStage, func(ctx context.Context, cl client.Client) (model.WorkflowStatus, error) {
				return control.Signal(ctx, cl, id, sig)
			})
		},
	}
	signal.Flags().StringVar(&sigData, "data", "", "signal data (JSON)")
	signal.Flags().BoolVar(&persistent, "persistent", false, "buffer the signal if the stage is not SUSPENDED yet")

	type approvalFunc func(context.Context, client.Client, string, model.ApprovalRequest) (model.WorkflowStatus, error)
	approval := func(name, short string, send approvalFunc) *cobra.Command {
		var data, user string
		cmd := &cobra.Command{
			Use:   name + " ID STAGE_REF",
			Short: short,
			Args:  exactArgs("ID", "STAGE_REF"),
			RunE: func(cmd *cobra.Command, args []string) error {
				d, err := jsonFlag("data", data)
				if err != nil {
					return err
				}
				id, req := args[0], model.ApprovalRequest{StageRefID: args[1], User: user, Data: d}
				return a.update(cmd.Context(), id, name, func(ctx context.Context, cl client.Client) (model.WorkflowStatus, error) {
					return send(ctx, cl, id, req)
				})
			},
		}
		cmd.Flags().StringVar(&data, "data", "", "decision data (JSON), stored as the stage's approval output")
		cmd.Flags().StringVar(&user, "user", "", "who decides")
		return cmd
	}

	var regionUser string
	cancelRegion := &cobra.Command{
		Use:   "cancel-region ID REGION",
		Short: "Cancel every unfinished stage of a cancel region",
		Args:  exactArgs("ID", "REGION"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, req := args[0], model.CancelRegionRequest{Region: args[1], User: regionUser}
			return a.update(cmd.Context(), id, model.UpdateCancelRegion, func(ctx context.Context, cl client.Client) (model.WorkflowStatus, error) {
				return control.CancelRegion(ctx, cl, id, req)
			})
		},
	}
	cancelRegion.Flags().StringVar(&regionUser, "user", "", "who asks")

	type stageFunc func(context.Context, client.Client, string, model.StageRequest) (model.WorkflowStatus, error)
	stageReq := func(use, name, short string, send stageFunc) *cobra.Command {
		var user string
		cmd := &cobra.Command{
			Use:   use + " ID STAGE_REF",
			Short: short,
			Args:  exactArgs("ID", "STAGE_REF"),
			RunE: func(cmd *cobra.Command, args []string) error {
				id, req := args[0], model.StageRequest{StageRefID: args[1], User: user}
				return a.update(cmd.Context(), id, name, func(ctx context.Context, cl client.Client) (model.WorkflowStatus, error) {
					return send(ctx, cl, id, req)
				})
			},
		}
		cmd.Flags().StringVar(&user, "user", "", "who asks")
		return cmd
	}

	var instCtx string
	addInstance := &cobra.Command{
		Use:   "add-instance ID STAGE_REF",
		Short: "Add an instance to a multi-instance stage (allow_dynamic)",
		Args:  exactArgs("ID", "STAGE_REF"),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := jsonFlag("context", instCtx)
			if err != nil {
				return err
			}
			instance, ok := v.(map[string]any)
			if v != nil && !ok {
				return usageErrorf("--context: expected a JSON object, got %s", instCtx)
			}
			id, req := args[0], model.AddInstanceRequest{StageRefID: args[1], Context: instance}
			return a.update(cmd.Context(), id, model.UpdateAddInstance, func(ctx context.Context, cl client.Client) (model.WorkflowStatus, error) {
				return control.AddInstance(ctx, cl, id, req)
			})
		},
	}
	addInstance.Flags().StringVar(&instCtx, "context", "", "the instance's context (JSON object)")

	return []*cobra.Command{
		signal,
		approval(model.UpdateApprove, "Approve a suspended approval stage", control.Approve),
		approval(model.UpdateReject, "Reject a suspended approval stage", control.Reject),
		cancelRegion,
		stageReq("cancel-stage", model.UpdateCancelStage, "Cancel one stage", control.CancelStage),
		addInstance,
		stageReq("restart-stage", model.UpdateRestartStage, "Restart a completed stage", control.RestartStage),
	}
}
