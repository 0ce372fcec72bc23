package cli

import (
	"github.com/spf13/cobra"

	"github.com/stabilize-go/stabilize/model"
)

// controlCommands are pause, resume and cancel, sent as updates.
func (a *app) controlCommands() []*cobra.Command {
	var out []*cobra.Command
	for _, c := range []struct{ name, short string }{
		{model.ControlPause, "Pause a running workflow (tasks are parked at dispatch)"},
		{model.ControlResume, "Resume a paused workflow"},
		{model.ControlCancel, "Cancel a workflow"},
	} {
		var user, reason string
		cmd := &cobra.Command{
			Use:   c.name + " ID",
			Short: c.short + "; exit 3 if refused",
			Args:  exactArgs("ID"),
			RunE: func(cmd *cobra.Command, args []string) error {
				return a.update(cmd.Context(), args[0], c.name, model.ControlRequest{User: user, Reason: reason})
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
			return a.update(cmd.Context(), args[0], model.SignalStage,
				model.StageSignal{StageRefID: args[1], Name: args[2], Data: data, Persistent: persistent})
		},
	}
	signal.Flags().StringVar(&sigData, "data", "", "signal data (JSON)")
	signal.Flags().BoolVar(&persistent, "persistent", false, "buffer the signal if the stage is not SUSPENDED yet")

	approval := func(name, short string) *cobra.Command {
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
				return a.update(cmd.Context(), args[0], name, model.ApprovalRequest{StageRefID: args[1], User: user, Data: d})
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
			return a.update(cmd.Context(), args[0], model.UpdateCancelRegion, model.CancelRegionRequest{Region: args[1], User: regionUser})
		},
	}
	cancelRegion.Flags().StringVar(&regionUser, "user", "", "who asks")

	stageReq := func(use, name, short string) *cobra.Command {
		var user string
		cmd := &cobra.Command{
			Use:   use + " ID STAGE_REF",
			Short: short,
			Args:  exactArgs("ID", "STAGE_REF"),
			RunE: func(cmd *cobra.Command, args []string) error {
				return a.update(cmd.Context(), args[0], name, model.StageRequest{StageRefID: args[1], User: user})
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
			ctx, ok := v.(map[string]any)
			if v != nil && !ok {
				return usageErrorf("--context: expected a JSON object, got %s", instCtx)
			}
			return a.update(cmd.Context(), args[0], model.UpdateAddInstance, model.AddInstanceRequest{StageRefID: args[1], Context: ctx})
		},
	}
	addInstance.Flags().StringVar(&instCtx, "context", "", "the instance's context (JSON object)")

	return []*cobra.Command{
		signal,
		approval(model.UpdateApprove, "Approve a suspended approval stage"),
		approval(model.UpdateReject, "Reject a suspended approval stage"),
		cancelRegion,
		stageReq("cancel-stage", model.UpdateCancelStage, "Cancel one stage"),
		addInstance,
		stageReq("restart-stage", model.UpdateRestartStage, "Restart a completed stage"),
	}
}
