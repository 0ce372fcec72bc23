package fault

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stabilize-go/stabilize/model"
)

// stageSpec is one stage of a test definition: its ref_id and requisites.
type stageSpec struct {
	ref   string
	after []string
}

// fastRetry are the task options of the shell stages: a lost worker is
// noticed by the 2 s heartbeat timeout and the task runs again after at
// most 1 s (semantics §3.7, §3.8; definition-format.md task_options).
var fastRetry = map[string]any{
	"start_to_close_timeout": "10s",
	"heartbeat_timeout":      "2s",
	"retry": map[string]any{
		"initial_interval": "500ms",
		"maximum_interval": "1s",
	},
}

// loggedSleepCommand is the shell command of a stage ref: it appends
// "<ref> start <worker pid>" to the file named by the context key "log",
// sleeps, and appends "<ref> end <worker pid>" only if the worker that
// started it is still its parent. A shell orphaned by kill -9 (its group
// survives the worker) thus never logs an end for a result nobody will
// report.
func loggedSleepCommand(ref, sleep string) string {
	return fmt.Sprintf(`echo "%[1]s start $PPID" >> "{log}"; sleep %[2]s; `+
		`read -r _ _ _ ppid _ < /proc/$$/stat; [ "$ppid" = "$PPID" ] || exit 1; `+
		`echo "%[1]s end $PPID" >> "{log}"`, ref, sleep)
}

// shellDefinition returns a validated definition with id whose stages
// each run loggedSleepCommand with the fast retry options, logging to
// logPath.
func shellDefinition(t *testing.T, id, logPath, sleep string, stages []stageSpec) *model.Workflow {
	t.Helper()
	return definition(t, id, stages, func(s stageSpec) (string, map[string]any) {
		return model.TaskShell, map[string]any{
			"log":                logPath,
			"command":            loggedSleepCommand(s.ref, sleep),
			"timeout":            "30s",
			model.TaskOptionsKey: fastRetry,
		}
	})
}

// noopDefinition returns a validated definition with id whose stages are
// noop tasks that publish their ref_id as an output.
func noopDefinition(t *testing.T, id string, stages []stageSpec) *model.Workflow {
	t.Helper()
	return definition(t, id, stages, func(s stageSpec) (string, map[string]any) {
		return model.TaskNoop, map[string]any{"outputs": map[string]any{s.ref: true}}
	})
}

// definition renders the stages as a JSON definition and loads and
// validates it as the starter would.
func definition(t *testing.T, id string, stages []stageSpec, stage func(stageSpec) (string, map[string]any)) *model.Workflow {
	t.Helper()
	list := make([]any, 0, len(stages))
	for _, s := range stages {
		typ, ctx := stage(s)
		after := s.after
		if after == nil {
			after = []string{}
		}
		list = append(list, map[string]any{
			"ref_id":                  s.ref,
			"type":                    typ,
			"context":                 ctx,
			"requisite_stage_ref_ids": after,
		})
	}
	doc := map[string]any{"id": id, "application": "fault", "name": id, "stages": list}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("marshal definition %s: %v", id, err)
	}
	w, _, err := model.LoadAndValidate(id+".json", data, model.ValidateOptions{})
	if err != nil {
		t.Fatalf("load definition %s: %v", id, err)
	}
	return w
}

// refs lists the ref_ids of stages in order.
func refs(stages []stageSpec) []string {
	out := make([]string, len(stages))
	for i, s := range stages {
		out[i] = s.ref
	}
	return out
}
