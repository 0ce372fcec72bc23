package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/stabilize-go/stabilize/model"
)

// Scenario is one conformance scenario file.
type Scenario struct {
	// Name is the file name without extension; Group is its directory
	// (a lowercase rule prefix such as join); Path is the file read.
	Name, Group, Path string `yaml:"-"`
	// Rules are the §12 rule ids the scenario demonstrates (at least one).
	Rules []string `yaml:"rules"`
	// Description says what the semantics doc promises, in a sentence or two.
	Description string `yaml:"description"`
	// Skip, when set, is why the scenario does not run (e.g. the engine
	// disagrees with the doc and the fix is pending).
	Skip string `yaml:"skip"`
	// Definition is the inline definition, in the input format.
	Definition yaml.Node `yaml:"definition"`
	// Submit is the starter command whose validation the definition goes
	// through: SubmitRun (the default) checks task names against the
	// worker's tasks, SubmitStart does not.
	Submit string `yaml:"submit"`
	// Options are interpreter run options.
	Options Options `yaml:"options"`
	// Actions are fired in file order, each at most once.
	Actions []Action `yaml:"actions"`
	// Expect is the expected outcome.
	Expect Expect `yaml:"expect"`
}

// ID is the scenario's name with its group, e.g. join/and-waits.
func (s *Scenario) ID() string { return s.Group + "/" + s.Name }

// Scenario.Submit values.
const (
	// SubmitRun validates like `starter run` with its embedded worker:
	// an unknown task name refuses the definition.
	SubmitRun = "run"
	// SubmitStart validates like `starter start`: task names are not
	// checked (a remote worker may have more), so an unknown task reaches
	// the worker, which answers TERMINAL (semantics §3.3, TASK-ERR-4).
	SubmitStart = "start"
)

// Options are the run options a scenario may set (as the CLI's engine.*
// keys do).
type Options struct {
	// ContinueAsNewAfter is interpreter.RunOptions.ContinueAsNewAfterEvents.
	ContinueAsNewAfter int `yaml:"continue_as_new_after"`
	// MaxPendingTasks is interpreter.RunOptions.MaxPendingTasks.
	MaxPendingTasks int `yaml:"max_pending_tasks"`
}

// Action kinds (Action.Do).
const (
	DoSignal       = "signal"
	DoApprove      = "approve"
	DoReject       = "reject"
	DoPause        = "pause"
	DoResume       = "resume"
	DoCancel       = "cancel"
	DoCancelStage  = "cancel_stage"
	DoCancelRegion = "cancel_region"
	DoAddInstance  = "add_instance"
	DoRestartStage = "restart_stage"
	DoTerminate    = "terminate"
)

// actionKinds lists the valid Action.Do values and whether each needs a
// stage.
var actionKinds = map[string]bool{
	DoSignal: true, DoApprove: true, DoReject: true, DoPause: false, DoResume: false,
	DoCancel: false, DoCancelStage: true, DoCancelRegion: false, DoAddInstance: true,
	DoRestartStage: true, DoTerminate: false,
}

// Action is one scripted control.
type Action struct {
	When       Trigger `yaml:"when"`
	Do         string  `yaml:"do"`
	Stage      string  `yaml:"stage"`
	Name       string  `yaml:"name"`
	Data       any     `yaml:"data"`
	Persistent bool    `yaml:"persistent"`
	Region     string  `yaml:"region"`
	User       string  `yaml:"user"`
	Reason     string  `yaml:"reason"`
	// ExpectError, when set, means the action must fail with an error
	// containing this text.
	ExpectError string `yaml:"expect_error"`
	// AllowError tolerates a failure of the action (for controls whose
	// refusal and no-op acceptance are both correct).
	AllowError bool `yaml:"allow_error"`
	// Check lists stage statuses (ref_id -> status) that must hold in the
	// status model seen when the action fires; "workflow" names the
	// workflow status. A mismatch fails the scenario.
	Check map[string]string `yaml:"check"`
}

// String describes the action for failure messages.
func (a Action) String() string {
	var b strings.Builder
	b.WriteString(a.Do)
	if a.Stage != "" {
		b.WriteString(" " + a.Stage)
	}
	if a.Name != "" {
		b.WriteString(" " + a.Name)
	}
	if a.Region != "" {
		b.WriteString(" region " + a.Region)
	}
	b.WriteString(" when " + a.When.String())
	return b.String()
}

// Expect is the expected outcome of a scenario.
type Expect struct {
	// Rejected, when set, means the definition must be refused before it
	// starts, with a validation error containing this text.
	Rejected        string                    `yaml:"rejected"`
	Status          string                    `yaml:"status"`
	Stages          map[string]string         `yaml:"stages"`
	Absent          []string                  `yaml:"absent"`
	Outputs         map[string]map[string]any `yaml:"outputs"`
	Context         map[string]map[string]any `yaml:"context"`
	WorkflowContext map[string]any            `yaml:"workflow_context"`
	RunCount        map[string]int            `yaml:"run_count"`
	Tasks           map[string][]string       `yaml:"tasks"`
	Order           [][]string                `yaml:"order"`
	Exclusive       [][]string                `yaml:"exclusive"`
	ErrorContains   map[string]string         `yaml:"error_contains"`
	// StageFields is a subset of each stage's JSON in the status model
	// (e.g. {name: x, join_type: AND, withdrawn: true}).
	StageFields map[string]map[string]any `yaml:"stage_fields"`
	// WorkflowFields is a subset of the workflow's JSON in the status
	// model, stages excluded (e.g. {origin: unknown, trigger: {user: anonymous}}).
	WorkflowFields map[string]any `yaml:"workflow_fields"`
}

// Parse decodes one scenario file (strictly: unknown keys are errors) and
// checks it is well-formed. name and group are set from the arguments.
func Parse(path, group, name string, data []byte) (*Scenario, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	sc := &Scenario{}
	if err := dec.Decode(sc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("scenario %s: expected a YAML document, got an empty file", path)
		}
		return nil, fmt.Errorf("scenario %s: %w", path, err)
	}
	sc.Path, sc.Group, sc.Name = path, group, name
	if err := sc.validate(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", path, err)
	}
	return sc, nil
}

// validate checks the scenario's own fields.
func (s *Scenario) validate() error {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if len(s.Rules) == 0 {
		add("rules: expected at least one rule id")
	}
	if strings.TrimSpace(s.Description) == "" {
		add("description: required")
	}
	if s.Definition.Kind == 0 {
		add("definition: required")
	}
	if s.Submit != "" && s.Submit != SubmitRun && s.Submit != SubmitStart {
		add("submit: expected %s or %s, got %q", SubmitRun, SubmitStart, s.Submit)
	}
	if s.Expect.Rejected == "" {
		if s.Expect.Status == "" {
			add("expect.status: required unless expect.rejected is set")
		} else if _, err := model.ParseStatus(s.Expect.Status); err != nil {
			add("expect.status: %v", err)
		}
	}
	for ref, st := range s.Expect.Stages {
		if _, err := model.ParseStatus(st); err != nil {
			add("expect.stages.%s: %v", ref, err)
		}
	}
	for ref, list := range s.Expect.Tasks {
		for i, st := range list {
			if _, err := model.ParseStatus(st); err != nil {
				add("expect.tasks.%s[%d]: %v", ref, i, err)
			}
		}
	}
	for i, pair := range s.Expect.Order {
		if len(pair) != 2 {
			add("expect.order[%d]: expected [before, after], got %v", i, pair)
		}
	}
	for i, set := range s.Expect.Exclusive {
		if len(set) < 2 {
			add("expect.exclusive[%d]: expected at least two stages, got %v", i, set)
		}
	}
	for i, a := range s.Actions {
		for ref, st := range a.Check {
			if _, err := model.ParseStatus(st); err != nil {
				add("actions[%d].check.%s: %v", i, ref, err)
			}
		}
		if err := a.validate(i); err != nil {
			add("actions[%d]: %v", i, err)
		}
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "; "))
	}
	return nil
}

// validate checks one action; i is its index (the first cannot follow a
// previous one).
func (a Action) validate(i int) error {
	needsStage, ok := actionKinds[a.Do]
	if !ok {
		kinds := make([]string, 0, len(actionKinds))
		for k := range actionKinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		return fmt.Errorf("do: expected one of %s, got %q", strings.Join(kinds, ", "), a.Do)
	}
	if needsStage && a.Stage == "" {
		return fmt.Errorf("%s: expected a stage", a.Do)
	}
	if a.Do == DoSignal && a.Name == "" {
		return fmt.Errorf("signal: expected a name")
	}
	if a.Do == DoCancelRegion && a.Region == "" {
		return fmt.Errorf("cancel_region: expected a region")
	}
	if a.Do == DoAddInstance && a.Data != nil {
		if _, ok := a.Data.(map[string]any); !ok {
			return fmt.Errorf("add_instance: data: expected an object, got %T", a.Data)
		}
	}
	return a.When.validate(i)
}

// DefinitionYAML returns the inline definition as a YAML document, the
// bytes a user would put in a definition file.
func (s *Scenario) DefinitionYAML() ([]byte, error) {
	b, err := yaml.Marshal(&s.Definition)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: encode definition: %w", s.Path, err)
	}
	return b, nil
}

// LoadDir reads every <group>/<name>.yaml under root, sorted by group then
// name. Any malformed file is an error naming it.
func LoadDir(root string) ([]*Scenario, error) {
	var out []*Scenario
	var errs []error
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || (filepath.Ext(path) != ".yaml" && filepath.Ext(path) != ".yml") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) != 2 {
			errs = append(errs, fmt.Errorf("scenario %s: expected <group>/<name>.yaml under %s", path, root))
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		name := strings.TrimSuffix(parts[1], filepath.Ext(parts[1]))
		sc, err := Parse(path, parts[0], name, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		out = append(out, sc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read scenarios under %s: %w", root, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out, nil
}
