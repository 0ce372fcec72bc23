package interpreter

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/model"
)

// upsertLog records every typed search-attribute upsert of a run as
// "key=value,key=value" in call order.
func upsertLog(r *envRun) *[]string {
	var calls []string
	r.env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil).Run(func(args mock.Arguments) {
		sa := args.Get(0).(temporal.SearchAttributes)
		var kv []string
		for _, key := range []string{model.SearchAttrApplication, model.SearchAttrPipeline, model.SearchAttrConfigID, model.SearchAttrStatus} {
			if v, ok := sa.GetKeyword(temporal.NewSearchAttributeKeyKeyword(key)); ok {
				kv = append(kv, key+"="+v)
			}
		}
		calls = append(calls, strings.Join(kv, ","))
	})
	return &calls
}

// visibilityDef is a two-stage noop chain with an application and name.
func visibilityDef() *model.Workflow {
	d := def(stage("a", "noop", nil), stage("b", "noop", nil, "a"))
	d.Application, d.Name = "shop", "deploy"
	return d
}

func TestShellVisibilityUpserts(t *testing.T) {
	status, app, pipe := model.SearchAttrStatus, model.SearchAttrApplication, model.SearchAttrPipeline
	t.Run("started by the starter: only the final status is written", func(t *testing.T) {
		r := newEnvRun(t)
		d := visibilityDef()
		if err := r.env.SetTypedSearchAttributesOnStart(temporal.NewSearchAttributes(
			temporal.NewSearchAttributeKeyKeyword(app).ValueSet(d.Application),
			temporal.NewSearchAttributeKeyKeyword(pipe).ValueSet(d.Name),
			temporal.NewSearchAttributeKeyKeyword(status).ValueSet(StartStatus(d).String()),
		)); err != nil {
			t.Fatal(err)
		}
		calls := upsertLog(r)
		if _, err := r.run(Input{Definition: d}); err != nil {
			t.Fatalf("run: %v", err)
		}
		if want := []string{status + "=SUCCEEDED"}; !slices.Equal(*calls, want) {
			t.Errorf("upserts = %q, want %q", *calls, want)
		}
	})
	t.Run("started without search attributes: one upsert at the first step, one at the end", func(t *testing.T) {
		r := newEnvRun(t)
		calls := upsertLog(r)
		if _, err := r.run(Input{Definition: visibilityDef()}); err != nil {
			t.Fatalf("run: %v", err)
		}
		want := []string{app + "=shop," + pipe + "=deploy," + status + "=RUNNING", status + "=SUCCEEDED"}
		if !slices.Equal(*calls, want) {
			t.Errorf("upserts = %q, want %q", *calls, want)
		}
	})
	t.Run("histories at semantics version 1 replay the upsert at start", func(t *testing.T) {
		r := newEnvRun(t)
		r.env.OnGetVersion(semanticsChangeID, workflow.DefaultVersion, semanticsVersion).Return(workflow.Version(1))
		calls := upsertLog(r)
		if _, err := r.run(Input{Definition: visibilityDef()}); err != nil {
			t.Fatalf("run: %v", err)
		}
		want := []string{app + "=shop," + pipe + "=deploy," + status + "=NOT_STARTED", status + "=RUNNING", status + "=SUCCEEDED"}
		if !slices.Equal(*calls, want) {
			t.Errorf("upserts = %q, want %q", *calls, want)
		}
	})
}

func TestStartStatus(t *testing.T) {
	d := visibilityDef()
	if got := StartStatus(d); got != model.StatusRunning {
		t.Errorf("StartStatus(unlimited) = %s, want RUNNING", got)
	}
	d.IsLimitConcurrent, d.PipelineConfigID, d.MaxConcurrentExecutions = true, "cfg", 1
	if got := StartStatus(d); got != model.StatusBuffered {
		t.Errorf("StartStatus(limited) = %s, want BUFFERED", got)
	}
}
