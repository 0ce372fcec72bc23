package conformance

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/stabilize-go/stabilize/model"
)

func ms(v int64) *int64 { return &v }

// fakeModel is a finished run: a then b in sequence, c overlapping b.
func fakeModel() *model.Workflow {
	return &model.Workflow{Status: model.StatusTerminal, Context: map[string]any{"k": "v"}, Stages: []*model.StageExecution{
		{RefID: "a", Status: model.StatusSucceeded, StartTime: ms(0), EndTime: ms(10), RunCount: 1,
			Outputs: map[string]any{"x": 1.0, "nested": map[string]any{"y": "z", "w": 2.0}},
			Tasks:   []*model.TaskExecution{{Status: model.StatusSucceeded, StartTime: ms(1), EndTime: ms(9)}}},
		{RefID: "b", Status: model.StatusTerminal, StartTime: ms(10), EndTime: ms(20), RunCount: 2,
			Context: map[string]any{"in": true},
			Tasks: []*model.TaskExecution{{Status: model.StatusTerminal, StartTime: ms(11), EndTime: ms(19), TaskExceptionDetails: map[string]any{"error": "boom <here>"}},
				{Status: model.StatusNotStarted}}},
		{RefID: "c", Status: model.StatusSucceeded, StartTime: ms(15), EndTime: ms(25)},
		{RefID: "d", Status: model.StatusNotStarted},
	}}
}

func TestCheckPasses(t *testing.T) {
	exp := Expect{
		Status:          "TERMINAL",
		Stages:          map[string]string{"a": "SUCCEEDED", "b": "TERMINAL", "d": "NOT_STARTED"},
		Absent:          []string{"zz"},
		Outputs:         map[string]map[string]any{"a": {"x": 1, "nested": map[string]any{"y": "z"}}},
		Context:         map[string]map[string]any{"b": {"in": true}},
		WorkflowContext: map[string]any{"k": "v"},
		RunCount:        map[string]int{"a": 1, "b": 2},
		Tasks:           map[string][]string{"b": {"TERMINAL", "NOT_STARTED"}},
		Order:           [][]string{{"a", "b"}, {"a#0", "b#0"}},
		Exclusive:       [][]string{{"a", "b"}, {"a", "c"}},
		ErrorContains:   map[string]string{"b": "boom <here>"},
		StageFields: map[string]map[string]any{"b": {"tasks": []any{
			map[string]any{"status": "TERMINAL"}, map[string]any{"status": "NOT_STARTED"}}}},
		WorkflowFields: map[string]any{"status": "TERMINAL", "context": map[string]any{"k": "v"}},
	}
	assert.Empty(t, Check(exp, fakeModel()))
}

func TestCheckMismatches(t *testing.T) {
	cases := []struct {
		name string
		exp  Expect
		want string
	}{
		{"workflow status", Expect{Status: "SUCCEEDED"}, "workflow status = TERMINAL, want SUCCEEDED"},
		{"stage status", Expect{Stages: map[string]string{"d": "SKIPPED"}}, "stage d = NOT_STARTED, want SKIPPED"},
		{"missing stage", Expect{Stages: map[string]string{"q": "SKIPPED"}}, "stage q: missing"},
		{"absent", Expect{Absent: []string{"c"}}, "stage c: present (SUCCEEDED), want absent"},
		{"output value", Expect{Outputs: map[string]map[string]any{"a": {"x": 2}}}, "outputs of stage a: x = 1, want 2"},
		{"nested output", Expect{Outputs: map[string]map[string]any{"a": {"nested": map[string]any{"y": "q"}}}}, "nested.y = \"z\", want \"q\""},
		{"missing output", Expect{Outputs: map[string]map[string]any{"a": {"nope": 1}}}, "nope: missing"},
		{"list length", Expect{StageFields: map[string]map[string]any{"b": {"tasks": []any{map[string]any{"status": "TERMINAL"}}}}}, "want a list of 1"},
		{"list element", Expect{StageFields: map[string]map[string]any{"b": {"tasks": []any{map[string]any{"status": "TERMINAL"}, map[string]any{"status": "SUCCEEDED"}}}}}, "tasks[1].status = \"NOT_STARTED\""},
		{"workflow fields", Expect{WorkflowFields: map[string]any{"status": "SUCCEEDED"}}, "workflow fields: status"},
		{"task order", Expect{Order: [][]string{{"b#0", "a#0"}}}, "b#0 ended at 19, after a#0 started at 1"},
		{"workflow context", Expect{WorkflowContext: map[string]any{"k": "w"}}, "workflow context: k"},
		{"run count", Expect{RunCount: map[string]int{"b": 1}}, "run_count of stage b = 2, want 1"},
		{"tasks", Expect{Tasks: map[string][]string{"b": {"TERMINAL"}}}, "tasks of stage b = [TERMINAL NOT_STARTED], want [TERMINAL]"},
		{"order", Expect{Order: [][]string{{"c", "b"}}}, "c ended at 25, after b started at 10"},
		{"order on a stage that never ran", Expect{Order: [][]string{{"a", "d"}}}, "d has no start time"},
		{"exclusive", Expect{Exclusive: [][]string{{"b", "c"}}}, "they overlapped"},
		{"error text", Expect{ErrorContains: map[string]string{"b": "bang"}}, "error of stage b: want it to contain \"bang\""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.exp, fakeModel())
			if assert.Len(t, got, 1) {
				assert.Contains(t, got[0], tc.want)
			}
		})
	}
	t.Run("no model", func(t *testing.T) {
		assert.Len(t, Check(Expect{Status: "SUCCEEDED"}, nil), 1)
	})
}
