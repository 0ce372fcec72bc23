package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/stabilize-go/stabilize/activities"
	"github.com/stabilize-go/stabilize/interpreter"
	"github.com/stabilize-go/stabilize/model"
)

// smallShapes are the standard kinds at sizes the SDK test environment
// runs in milliseconds.
var smallShapes = []Shape{
	{Name: "chain-5", Kind: KindChain, Size: 5},
	{Name: "fan-1-4-1", Kind: KindFan, Size: 4},
	{Name: "http-1+3", Kind: KindHTTPFan, Size: 3},
	{Name: "loop-7", Kind: KindLoop, Size: 7},
}

// TestShapeDefinitions checks that every generated definition passes
// model.Validate and counts the tasks the shape's description promises
// (definition-format.md: stages, built-in tasks noop, http, router).
func TestShapeDefinitions(t *testing.T) {
	tests := []struct {
		shape  Shape
		stages int
		tasks  int
	}{
		{Shape{Name: "chain-100", Kind: KindChain, Size: 100}, 100, 100},
		{Shape{Name: "fan-1-100-1", Kind: KindFan, Size: 100}, 102, 102},
		{Shape{Name: "http-1+32", Kind: KindHTTPFan, Size: 32}, 33, 33},
		{Shape{Name: "loop-1000", Kind: KindLoop, Size: 1000}, 2, 1000},
	}
	for _, tc := range tests {
		t.Run("definition-format/"+tc.shape.Name, func(t *testing.T) {
			def, err := tc.shape.Definition("http://127.0.0.1:1/")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := model.Validate(def, tc.shape.Name, model.ValidateOptions{}); err != nil {
				t.Fatalf("generated definition does not validate: %v", err)
			}
			if len(def.Stages) != tc.stages {
				t.Errorf("stages: got %d, want %d", len(def.Stages), tc.stages)
			}
			if got := tc.shape.Tasks(); got != tc.tasks {
				t.Errorf("Tasks(): got %d, want %d", got, tc.tasks)
			}
		})
	}
	t.Run("definition-format/regular noop stages", func(t *testing.T) {
		def, err := (Shape{Name: "fan", Kind: KindFan, Size: 3, Regular: true}).Definition("")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := model.Validate(def, "fan", model.ValidateOptions{}); err != nil {
			t.Fatalf("generated definition does not validate: %v", err)
		}
		for _, st := range def.Stages {
			opts, err := model.ParseTaskOptions(st.Context)
			if err != nil || opts.Local == nil || *opts.Local {
				t.Errorf("stage %s: task_options %v, %v; want local false", st.RefID, opts.Local, err)
			}
		}
	})
	t.Run("size 0 is refused", func(t *testing.T) {
		if _, err := (Shape{Name: "empty", Kind: KindChain}).Definition(""); err == nil {
			t.Fatal("expected an error for size 0")
		}
	})
}

// TestStandardShapes pins the names the command and the doc use.
func TestStandardShapes(t *testing.T) {
	var names []string
	for _, s := range StandardShapes() {
		names = append(names, s.Name)
		got, err := ShapeByName(s.Name)
		if err != nil || got != s {
			t.Errorf("ShapeByName(%q) = %v, %v", s.Name, got, err)
		}
	}
	want := []string{"chain-100", "fan-1-100-1", "http-1+32", "loop-1000"}
	if !slices.Equal(names, want) {
		t.Errorf("StandardShapes names: got %v, want %v", names, want)
	}
	for name, want := range map[string]Shape{
		"chain-1000": {Name: "chain-1000", Kind: KindChain, Size: 1000},
		"fan-1-10-1": {Name: "fan-1-10-1", Kind: KindFan, Size: 10},
		"http-1+8":   {Name: "http-1+8", Kind: KindHTTPFan, Size: 8},
		"loop-50":    {Name: "loop-50", Kind: KindLoop, Size: 50},
	} {
		if got, err := ShapeByName(name); err != nil || got != want {
			t.Errorf("ShapeByName(%q) = %+v, %v; want %+v", name, got, err, want)
		}
	}
	for _, bad := range []string{"chain-0", "chain-x", "chain-10x", "fan-10", "star-5", "chain-010"} {
		if _, err := ShapeByName(bad); err == nil {
			t.Errorf("ShapeByName(%q): expected an error", bad)
		}
	}
}

// TestTwinRunsTheInterpretersTasks runs each small shape through the
// interpreter (its default: noop as a local activity, and Shape.Regular:
// every noop a regular activity) and through TwinWorkflow in the SDK test
// environment with the real built-in activities, and checks that both
// start the same activity types in the same order (the issue's "same
// activities in the same DAG order"), Shape.Tasks() of them: the
// interpreter's default matches the local twin task for task, regular or
// local, and Regular matches the regular twin; the inline twin runs no
// activity (semantics §8.2 for the loop's jump count).
func TestTwinRunsTheInterpretersTasks(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer target.Close()
	for _, sh := range smallShapes {
		t.Run(sh.Name, func(t *testing.T) {
			interp := map[bool]*env{}
			for _, regular := range []bool{false, true} {
				s := sh
				s.Regular = regular
				def, err := s.Definition(target.URL)
				if err != nil {
					t.Fatal(err)
				}
				e := newEnv(t)
				e.env.ExecuteWorkflow(model.WorkflowName, interpreter.Input{Definition: def})
				var final model.Workflow
				e.result(t, &final)
				if final.Status != model.StatusSucceeded {
					t.Fatalf("interpreter (regular %v): status %s", regular, final.Status)
				}
				if len(e.tasks) != sh.Tasks() {
					t.Errorf("interpreter (regular %v) ran %d tasks %v, want %d", regular, len(e.tasks), e.tasks, sh.Tasks())
				}
				interp[regular] = e
			}
			if sh.Kind != KindHTTPFan && len(interp[false].started) != 0 {
				t.Errorf("interpreter default: noop ran as regular activities %v, want local ones", interp[false].started)
			}
			for _, mode := range []Mode{ModeActivity, ModeLocal, ModeInline} {
				if mode == ModeInline && sh.Kind == KindHTTPFan {
					continue
				}
				t.Run(mode.String(), func(t *testing.T) {
					tw := newEnv(t)
					tw.env.ExecuteWorkflow(TwinWorkflowName, TwinInput{Kind: sh.Kind, Size: sh.Size, Mode: mode, URL: target.URL})
					var ran int
					tw.result(t, &ran)
					if ran != sh.Tasks() {
						t.Errorf("twin ran %d tasks, want %d", ran, sh.Tasks())
					}
					switch mode {
					case ModeActivity:
						if !slices.Equal(tw.started, interp[true].started) {
							t.Errorf("activity order differs:\ntwin                %v\ninterpreter-regular %v", tw.started, interp[true].started)
						}
					case ModeLocal:
						if !slices.Equal(tw.tasks, interp[false].tasks) || len(tw.started) != 0 {
							t.Errorf("task order differs:\ntwin        %v (regular %v)\ninterpreter %v", tw.tasks, tw.started, interp[false].tasks)
						}
					case ModeInline:
						if len(tw.tasks) != 0 {
							t.Errorf("inline twin started activities: %v", tw.tasks)
						}
					}
				})
			}
		})
	}
}

// TestTwinRefusesInlineHTTP pins that only the pure noop runs inline.
func TestTwinRefusesInlineHTTP(t *testing.T) {
	e := newEnv(t)
	e.env.ExecuteWorkflow(TwinWorkflowName, TwinInput{Kind: KindHTTPFan, Size: 1, Mode: ModeInline, URL: "http://127.0.0.1:1/"})
	if err := e.env.GetWorkflowError(); err == nil {
		t.Fatal("expected an error for an inline http task")
	}
	if SideHandWrittenInline.appliesTo(Shape{Kind: KindHTTPFan}) {
		t.Error("SideHandWrittenInline applies to an http shape")
	}
}

// env is one SDK test environment with the built-in activities, the
// interpreter and the twin, recording activity types in start order.
type env struct {
	env *testsuite.TestWorkflowEnvironment

	mu      sync.Mutex
	started []string // regular activities
	local   []string // local activities
	tasks   []string // both, in start order
}

func newEnv(t *testing.T) *env {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	e := &env{env: s.NewTestWorkflowEnvironment()}
	// The shared 2-core machine can starve a workflow coroutine past the
	// 1 s default deadlock detector; a real deadlock still fails here.
	e.env.SetWorkerOptions(worker.Options{DeadlockDetectionTimeout: time.Minute})
	reg, err := activities.Builtins(activities.Policy{HTTPAllowPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	interpreter.Register(e.env)
	e.env.RegisterWorkflowWithOptions(TwinWorkflow, workflow.RegisterOptions{Name: TwinWorkflowName})
	for _, name := range reg.Names() {
		task, _ := reg.Lookup(name)
		e.env.RegisterActivityWithOptions(task.Execute, activity.RegisterOptions{Name: name})
	}
	e.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, _ converter.EncodedValues) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.started = append(e.started, info.ActivityType.Name)
		e.tasks = append(e.tasks, info.ActivityType.Name)
	})
	e.env.SetOnLocalActivityStartedListener(func(info *activity.Info, _ context.Context, _ []any) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.local = append(e.local, info.ActivityType.Name)
		e.tasks = append(e.tasks, info.ActivityType.Name)
	})
	return e
}

// result checks that the workflow completed without error and decodes its
// result into v.
func (e *env) result(t *testing.T, v any) {
	t.Helper()
	if !e.env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := e.env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	if err := e.env.GetWorkflowResult(v); err != nil {
		t.Fatal(fmt.Errorf("decode result: %w", err))
	}
}
