package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// Check compares the final model wf with the expectations and returns one
// line per mismatch, sorted within each kind; nil means it conforms.
// Expect.Rejected is not judged here (the runner checks it before start).
func Check(exp Expect, wf *model.Workflow) []string {
	if wf == nil {
		return []string{"no final model: the run returned neither a result nor failure details"}
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if exp.Status != "" && wf.Status.String() != exp.Status {
		add("workflow status = %s, want %s (stages: %s)", wf.Status, exp.Status, stageList(wf))
	}
	for _, ref := range sortedKeys(exp.Stages) {
		st := wf.StageByRefID(ref)
		switch {
		case st == nil:
			add("stage %s: missing, want %s (stages: %s)", ref, exp.Stages[ref], stageList(wf))
		case st.Status.String() != exp.Stages[ref]:
			add("stage %s = %s, want %s (stages: %s)", ref, st.Status, exp.Stages[ref], stageList(wf))
		}
	}
	for _, ref := range exp.Absent {
		if st := wf.StageByRefID(ref); st != nil {
			add("stage %s: present (%s), want absent", ref, st.Status)
		}
	}
	subsets := func(kind string, want map[string]map[string]any, got func(*model.StageExecution) map[string]any) {
		for _, ref := range sortedKeys(want) {
			st := wf.StageByRefID(ref)
			if st == nil {
				add("%s of stage %s: stage missing", kind, ref)
				continue
			}
			if diff := subset(want[ref], got(st)); diff != "" {
				add("%s of stage %s: %s (got %s)", kind, ref, diff, compact(got(st)))
			}
		}
	}
	subsets("outputs", exp.Outputs, func(st *model.StageExecution) map[string]any { return st.Outputs })
	subsets("context", exp.Context, func(st *model.StageExecution) map[string]any { return st.Context })
	if len(exp.WorkflowContext) > 0 {
		if diff := subset(exp.WorkflowContext, wf.Context); diff != "" {
			add("workflow context: %s (got %s)", diff, compact(wf.Context))
		}
	}
	for _, ref := range sortedKeys(exp.RunCount) {
		if st := wf.StageByRefID(ref); st == nil {
			add("run_count of stage %s: stage missing", ref)
		} else if st.RunCount != exp.RunCount[ref] {
			add("run_count of stage %s = %d, want %d", ref, st.RunCount, exp.RunCount[ref])
		}
	}
	for _, ref := range sortedKeys(exp.Tasks) {
		st := wf.StageByRefID(ref)
		if st == nil {
			add("tasks of stage %s: stage missing", ref)
			continue
		}
		got := make([]string, len(st.Tasks))
		for i, tk := range st.Tasks {
			got[i] = tk.Status.String()
		}
		if !reflect.DeepEqual(got, exp.Tasks[ref]) {
			add("tasks of stage %s = %v, want %v", ref, got, exp.Tasks[ref])
		}
	}
	for _, pair := range exp.Order {
		if len(pair) == 2 {
			if msg := checkOrder(wf, pair[0], pair[1]); msg != "" {
				add("%s", msg)
			}
		}
	}
	for _, set := range exp.Exclusive {
		for i := 0; i < len(set); i++ {
			for j := i + 1; j < len(set); j++ {
				if msg := checkExclusive(wf, set[i], set[j]); msg != "" {
					add("%s", msg)
				}
			}
		}
	}
	for _, ref := range sortedKeys(exp.StageFields) {
		st := wf.StageByRefID(ref)
		if st == nil {
			add("fields of stage %s: stage missing", ref)
			continue
		}
		got, _ := normalize(st).(map[string]any)
		if diff := subsetValue("", normalize(exp.StageFields[ref]), got); diff != "" {
			add("fields of stage %s: %s", ref, diff)
		}
	}
	if len(exp.WorkflowFields) > 0 {
		got, _ := normalize(wf).(map[string]any)
		delete(got, "stages")
		if diff := subsetValue("", normalize(exp.WorkflowFields), got); diff != "" {
			add("workflow fields: %s", diff)
		}
	}
	for _, ref := range sortedKeys(exp.ErrorContains) {
		st := wf.StageByRefID(ref)
		if st == nil {
			add("error of stage %s: stage missing", ref)
			continue
		}
		if text := errorText(st); !strings.Contains(text, exp.ErrorContains[ref]) {
			add("error of stage %s: want it to contain %q, got %s", ref, exp.ErrorContains[ref], text)
		}
	}
	return out
}

// interval is what order and exclusive compare: a stage's or a task's
// times and status.
type interval struct {
	start, end *int64
	status     model.WorkflowStatus
}

// lookup finds "ref" (a stage) or "ref#i" (task i of the stage, from 0).
func lookup(wf *model.Workflow, name string) (interval, bool) {
	ref, idx, isTask := strings.Cut(name, "#")
	st := wf.StageByRefID(ref)
	if st == nil {
		return interval{}, false
	}
	if !isTask {
		return interval{st.StartTime, st.EndTime, st.Status}, true
	}
	var i int
	if _, err := fmt.Sscanf(idx, "%d", &i); err != nil || i < 0 || i >= len(st.Tasks) {
		return interval{}, false
	}
	tk := st.Tasks[i]
	return interval{tk.StartTime, tk.EndTime, tk.Status}, true
}

// CheckNow compares the statuses in want (ref_id -> status; the key
// "workflow" names the workflow status) with the model wf seen at one
// moment, and returns one line per mismatch.
func CheckNow(want map[string]string, wf *model.Workflow) []string {
	var out []string
	for _, ref := range sortedKeys(want) {
		var got string
		if ref == "workflow" {
			got = wf.Status.String()
		} else if st := wf.StageByRefID(ref); st != nil {
			got = st.Status.String()
		} else {
			got = "missing"
		}
		if got != want[ref] {
			out = append(out, fmt.Sprintf("%s = %s, want %s (stages: %s)", ref, got, want[ref], stageList(wf)))
		}
	}
	return out
}

// checkOrder says why "a ended before (or when) b started" does not hold.
func checkOrder(wf *model.Workflow, a, b string) string {
	sa, okA := lookup(wf, a)
	sb, okB := lookup(wf, b)
	switch {
	case !okA || !okB:
		return fmt.Sprintf("order %s before %s: stage or task missing (stages: %s)", a, b, stageList(wf))
	case sa.end == nil:
		return fmt.Sprintf("order %s before %s: %s has no end time (%s)", a, b, a, sa.status)
	case sb.start == nil:
		return fmt.Sprintf("order %s before %s: %s has no start time (%s)", a, b, b, sb.status)
	case *sa.end > *sb.start:
		return fmt.Sprintf("order %s before %s: %s ended at %d, after %s started at %d", a, b, a, *sa.end, b, *sb.start)
	}
	return ""
}

// checkExclusive says why stages a and b ran at the same time, or could
// not be compared.
func checkExclusive(wf *model.Workflow, a, b string) string {
	sa, okA := lookup(wf, a)
	sb, okB := lookup(wf, b)
	switch {
	case !okA || !okB:
		return fmt.Sprintf("exclusive %s, %s: stage or task missing (stages: %s)", a, b, stageList(wf))
	case sa.start == nil || sa.end == nil || sb.start == nil || sb.end == nil:
		return fmt.Sprintf("exclusive %s, %s: both must have run (%s is %s, %s is %s)", a, b, a, sa.status, b, sb.status)
	case *sa.end <= *sb.start || *sb.end <= *sa.start:
		return ""
	}
	return fmt.Sprintf("exclusive %s, %s: they overlapped (%s ran %d..%d, %s ran %d..%d)",
		a, b, a, *sa.start, *sa.end, b, *sb.start, *sb.end)
}

// errorText gathers what a stage says about its failure: the task
// exception details and the stage's context and outputs, as JSON.
func errorText(st *model.StageExecution) string {
	var parts []string
	for _, tk := range st.Tasks {
		if len(tk.TaskExceptionDetails) > 0 {
			parts = append(parts, compact(tk.TaskExceptionDetails))
		}
	}
	parts = append(parts, compact(st.Context), compact(st.Outputs))
	return strings.Join(parts, " ")
}

// subset returns "" when every key of want is in got with a JSON-equal
// value, else the first mismatch. Maps compare recursively as subsets;
// lists must have the same length and compare element by element (so a
// list of objects matches on the keys given).
func subset(want, got map[string]any) string {
	return subsetValue("", normalize(want), normalize(got))
}

func subsetValue(path string, want, got any) string {
	if wm, ok := want.(map[string]any); ok {
		gm, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s = %s, want an object containing %s", orRoot(path), compact(got), compact(want))
		}
		for _, k := range sortedKeys(wm) {
			gv, ok := gm[k]
			if !ok {
				return fmt.Sprintf("%s: missing, want %s", join(path, k), compact(wm[k]))
			}
			if d := subsetValue(join(path, k), wm[k], gv); d != "" {
				return d
			}
		}
		return ""
	}
	if wl, ok := want.([]any); ok {
		gl, ok := got.([]any)
		if !ok || len(gl) != len(wl) {
			return fmt.Sprintf("%s = %s, want a list of %d like %s", orRoot(path), compact(got), len(wl), compact(want))
		}
		for i := range wl {
			if d := subsetValue(fmt.Sprintf("%s[%d]", orRoot(path), i), wl[i], gl[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Sprintf("%s = %s, want %s", orRoot(path), compact(got), compact(want))
	}
	return ""
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "value"
	}
	return path
}

// normalize round-trips v through JSON, so YAML ints and JSON floats
// compare equal.
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}

// compact renders v as one line of JSON.
func compact(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("%v", v)
	}
	return strings.TrimSpace(b.String())
}

// stageList renders every stage as ref=STATUS, in model order.
func stageList(wf *model.Workflow) string {
	parts := make([]string, 0, len(wf.Stages))
	for _, st := range wf.Stages {
		parts = append(parts, st.RefID+"="+st.Status.String())
	}
	return strings.Join(parts, " ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
