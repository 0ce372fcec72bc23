package activities

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// InputError reports a stage context value that a task cannot use. Tasks
// turn it into a TERMINAL result: retrying bad input cannot help.
type InputError struct {
	// Task is the implementing_class that read the value.
	Task string
	// Key is the context key, e.g. "expected_codes[1]".
	Key string
	// Got is the offending value.
	Got any
	// Want says what was expected.
	Want string
}

// Error names the task, the key, what was expected and what was got.
func (e *InputError) Error() string {
	got := fmt.Sprintf("%#v", e.Got)
	if b, err := json.Marshal(e.Got); err == nil {
		got = string(b)
	}
	if len(got) > 200 {
		got = got[:200] + "..."
	}
	return fmt.Sprintf("%s: context.%s: expected %s, got %s", e.Task, e.Key, e.Want, got)
}

// params reads typed values from a stage context and collects every
// problem, so that one TERMINAL message lists them all.
type params struct {
	task string
	ctx  map[string]any
	errs []error
}

func newParams(task string, ctx map[string]any) *params { return &params{task: task, ctx: ctx} }

func (p *params) fail(key string, got any, want string) {
	p.errs = append(p.errs, &InputError{Task: p.task, Key: key, Got: got, Want: want})
}

// err returns the joined problems, or nil.
func (p *params) err() error { return errors.Join(p.errs...) }

// terminal returns the TERMINAL result that reports the problems.
func (p *params) terminal() model.TaskResult { return model.Terminal(p.err().Error()) }

func (p *params) get(key string) (any, bool) {
	v, ok := p.ctx[key]
	return v, ok && v != nil
}

func (p *params) str(key, def string) string {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	s, ok := v.(string)
	if !ok {
		p.fail(key, v, "a string")
		return def
	}
	return s
}

func (p *params) requiredStr(key string) string {
	if _, ok := p.get(key); !ok {
		p.fail(key, nil, "a non-empty string (required)")
		return ""
	}
	s := p.str(key, "")
	if s == "" {
		p.fail(key, s, "a non-empty string (required)")
	}
	return s
}

func (p *params) boolean(key string, def bool) bool {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		p.fail(key, v, "true or false")
		return def
	}
	return b
}

// seconds reads a positive duration: a number of seconds or a Go duration
// string such as "90s".
func (p *params) seconds(key string, def time.Duration) time.Duration {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	const want = `a positive number of seconds or a Go duration such as "90s"`
	if s, ok := v.(string); ok {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			p.fail(key, v, want)
			return def
		}
		return d
	}
	f, ok := toFloat(v)
	if !ok || f <= 0 || f > math.MaxInt64/float64(time.Second) {
		p.fail(key, v, want)
		return def
	}
	return time.Duration(f * float64(time.Second))
}

// ints reads one whole number or a list of them.
func (p *params) ints(key string, def []int) []int {
	v, ok := p.get(key)
	if !ok {
		return def
	}
	if n, ok := toInt(v); ok {
		return []int{n}
	}
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		p.fail(key, v, "a whole number or a non-empty list of them")
		return def
	}
	out := make([]int, 0, len(list))
	for i, item := range list {
		n, ok := toInt(item)
		if !ok {
			p.fail(fmt.Sprintf("%s[%d]", key, i), item, "a whole number")
			continue
		}
		out = append(out, n)
	}
	return out
}

// stringMap reads an object whose values are strings, numbers or booleans,
// rendered as strings.
func (p *params) stringMap(key string) map[string]string {
	v, ok := p.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		p.fail(key, v, "an object of strings")
		return nil
	}
	out := make(map[string]string, len(m))
	for _, k := range sortedKeys(m) {
		s, ok := scalarString(m[k])
		if !ok {
			p.fail(key+"."+k, m[k], "a string, number or boolean")
			continue
		}
		out[k] = s
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// scalarString renders a string, number or boolean the way a person writes
// it: 3 rather than 3.0, true rather than True.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return x.String(), true
	}
	if n, ok := toInt(v); ok {
		return strconv.Itoa(n), true
	}
	if f, ok := toFloat(v); ok {
		return strconv.FormatFloat(f, 'f', -1, 64), true
	}
	return "", false
}

func toFloat(v any) (float64, bool) { return model.Float(v) }

func toInt(v any) (int, bool) {
	f, ok := toFloat(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}
