package cli

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"go.temporal.io/sdk/temporal"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/model"
)

func TestStartOptions(t *testing.T) {
	cfg := config.Default()
	cfg.Engine.MaxPendingTasks, cfg.Engine.ContinueAsNewEvents = 7, 99
	wf := &model.Workflow{ID: "wf-1", Application: "shop", Name: "deploy", PipelineConfigID: "cfg-9",
		Trigger: model.Trigger{Type: "manual", User: "alice"}}
	o := startOptions(cfg, wf)
	t.Run("issue: workflow id = definition id, on the configured task queue", func(t *testing.T) {
		assert.Equal(t, "wf-1", o.ID)
		assert.Equal(t, config.DefaultTaskQueue, o.TaskQueue)
	})
	t.Run("issue: search attributes StabilizeApplication/StabilizePipeline/StabilizeConfigId", func(t *testing.T) {
		sa := o.TypedSearchAttributes
		app, _ := sa.GetKeyword(temporal.NewSearchAttributeKeyKeyword(model.SearchAttrApplication))
		pipe, _ := sa.GetKeyword(temporal.NewSearchAttributeKeyKeyword(model.SearchAttrPipeline))
		cid, _ := sa.GetKeyword(temporal.NewSearchAttributeKeyKeyword(model.SearchAttrConfigID))
		assert.Equal(t, []string{"shop", "deploy", "cfg-9"}, []string{app, pipe, cid})
	})
	t.Run("issue: memo application/name/trigger_user", func(t *testing.T) {
		assert.Equal(t, map[string]any{"application": "shop", "name": "deploy", "trigger_user": "alice"}, o.Memo)
	})
	t.Run("config keys engine.* become the run options", func(t *testing.T) {
		r := runOptions(cfg)
		assert.Equal(t, 7, r.MaxPendingTasks)
		assert.Equal(t, 99, r.ContinueAsNewAfterEvents)
	})
	t.Run("no pipeline_config_id, no StabilizeConfigId", func(t *testing.T) {
		o := startOptions(cfg, &model.Workflow{ID: "x", Application: "a", Name: "n"})
		_, ok := o.TypedSearchAttributes.GetKeyword(temporal.NewSearchAttributeKeyKeyword(model.SearchAttrConfigID))
		assert.False(t, ok)
	})
}
