package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// TaskOptionsKey is the stage context key that holds per-task activity
// options (see ParseTaskOptions).
const TaskOptionsKey = "task_options"

// Defaults of ParseTaskOptions. The 4 h start-to-close default is the
// engine's per-call cap when no stageTimeoutMs is set (semantics §3.7); the
// 10 attempts are the Go rule of semantics §3.8.
const (
	DefaultStartToCloseTimeout = 4 * time.Hour
	DefaultHeartbeatTimeout    = 30 * time.Second
	DefaultMaximumAttempts     = 10
	DefaultInitialInterval     = time.Second
	DefaultBackoffCoefficient  = 2.0
	DefaultMaximumInterval     = 60 * time.Second
	// DefaultPollInterval is the engine's usual delay before a RUNNING
	// task runs again (§3.6); ParseTaskOptions leaves PollInterval zero
	// rather than filling it in, so the engine's own setting applies.
	DefaultPollInterval = time.Second
)

// ErrInvalidTaskOptions is wrapped by every error of ParseTaskOptions.
var ErrInvalidTaskOptions = errors.New("invalid task options")

// RetryOptions is the activity retry policy of one task, in plain types so
// that this package needs no Temporal import. The workflow shell turns it
// into a temporal.RetryPolicy.
type RetryOptions struct {
	// MaximumAttempts caps the executions of one activity, first included.
	// Defaults to 10 (semantics §3.8, Go rule); 0 never comes out of
	// ParseTaskOptions.
	MaximumAttempts int32
	// InitialInterval is the delay before the first retry. Defaults to 1 s.
	InitialInterval time.Duration
	// MaximumInterval caps the delay between retries. Defaults to 60 s.
	MaximumInterval time.Duration
	// BackoffCoefficient multiplies the delay after each retry. Defaults
	// to 2.0; must be at least 1.
	BackoffCoefficient float64
	// NonRetryableErrorTypes lists application error types that are never
	// retried. Optional: defaults to none.
	NonRetryableErrorTypes []string
}

// TaskOptions are the activity options of one task, read from the stage
// context key "task_options" by ParseTaskOptions.
type TaskOptions struct {
	// StartToCloseTimeout caps one execution of the task (semantics §3.7).
	// Defaults to context.stageTimeoutMs when set, else 4 h.
	StartToCloseTimeout time.Duration
	// ScheduleToCloseTimeout caps all attempts together. Optional: zero
	// means no cap beyond the retry policy.
	ScheduleToCloseTimeout time.Duration
	// HeartbeatTimeout fails an attempt that has not heartbeated for this
	// long. Zero means no heartbeat timeout; ForTask sets 30 s for the
	// heartbeating built-ins shell and http when the definition gives none.
	HeartbeatTimeout time.Duration
	// TaskQueue runs the activity on another task queue, for example one
	// served by a worker written with another Temporal SDK (see
	// docs/wire-contract.md). Optional: empty means the workflow's queue.
	TaskQueue string
	// PollInterval is the delay before a task that returned RUNNING runs
	// again (semantics §3.6). Read from task_options.poll_interval, else
	// from the http task's own "interval" key. Optional: zero means the
	// engine's default (DefaultPollInterval unless configured otherwise).
	PollInterval time.Duration
	// Local, when set, says whether the task runs as a local activity
	// (task_options.local). Optional: nil leaves the choice to the workflow
	// shell, which runs the pure built-ins noop and fail locally unless a
	// task_queue is given. Local true with a task_queue is an error, since
	// a local activity runs on the workflow's own worker.
	Local *bool
	// Retry is the activity retry policy.
	Retry RetryOptions
}

// heartbeatingTasks are the built-ins that heartbeat while they run and
// therefore get a heartbeat timeout by default.
var heartbeatingTasks = []string{TaskHTTP, TaskShell}

// ForTask returns the options completed with the defaults that depend on
// the task's implementing_class: a 30 s heartbeat timeout for shell and
// http unless one was given. Other tasks keep a zero heartbeat timeout,
// because a task that never heartbeats would otherwise time out.
func (o TaskOptions) ForTask(implementingClass string) TaskOptions {
	if o.HeartbeatTimeout == 0 && slices.Contains(heartbeatingTasks, implementingClass) {
		o.HeartbeatTimeout = DefaultHeartbeatTimeout
	}
	return o
}

// taskOptionKeys and retryOptionKeys are the accepted keys; any other key
// is an error, so that a typo does not silently fall back to a default.
var (
	taskOptionKeys = []string{
		"heartbeat_timeout", "local", "poll_interval", "retry", "schedule_to_close_timeout",
		"start_to_close_timeout", "task_queue",
	}
	retryOptionKeys = []string{
		"backoff_coefficient", "initial_interval", "maximum_attempts", "maximum_interval",
		"non_retryable_error_types",
	}
)

// ParseTaskOptions reads the activity options of a task from its stage
// context. The key "task_options" is optional and may hold
// start_to_close_timeout, schedule_to_close_timeout, heartbeat_timeout and
// poll_interval (Go duration strings such as "30s", or numbers of
// seconds), task_queue (string), local (boolean) and retry (maximum_attempts,
// initial_interval, maximum_interval, backoff_coefficient,
// non_retryable_error_types).
//
// Defaults: start-to-close is context.stageTimeoutMs (milliseconds) when
// set, else 4 h (semantics §3.7); maximum_attempts 10 (§3.8, Go rule);
// initial_interval 1 s; backoff_coefficient 2.0; maximum_interval 60 s;
// poll interval the context's "interval" (seconds, the http task's key),
// else zero, meaning the engine's default (§3.6). The heartbeat timeout
// stays zero unless given: call ForTask to apply the per-task default.
//
// Every problem is reported, joined, each naming the key path and the
// value; all wrap ErrInvalidTaskOptions.
func ParseTaskOptions(ctx map[string]any) (TaskOptions, error) {
	p := optionParser{}
	o := TaskOptions{
		StartToCloseTimeout: DefaultStartToCloseTimeout,
		Retry: RetryOptions{
			MaximumAttempts:    DefaultMaximumAttempts,
			InitialInterval:    DefaultInitialInterval,
			MaximumInterval:    DefaultMaximumInterval,
			BackoffCoefficient: DefaultBackoffCoefficient,
		},
	}
	if v, ok := ctx["stageTimeoutMs"]; ok && v != nil {
		if ms, ok := p.number("stageTimeoutMs", v, "a positive number of milliseconds"); ok {
			if ms <= 0 {
				p.fail("stageTimeoutMs", v, "a positive number of milliseconds")
			} else {
				o.StartToCloseTimeout = time.Duration(ms * float64(time.Millisecond))
			}
		}
	}
	if v, ok := ctx["interval"]; ok && v != nil {
		// Only the http task defines "interval" and validates it itself; a
		// custom task may use the key for something else, so a value that
		// is not a duration is ignored here rather than failing the task.
		lenient, d := optionParser{}, o.PollInterval
		if lenient.duration("interval", v, &d); lenient.err() == nil {
			o.PollInterval = d
		}
	}
	raw, ok := ctx[TaskOptionsKey]
	if !ok || raw == nil {
		return o, p.err()
	}
	opts, ok := raw.(map[string]any)
	if !ok {
		p.fail(TaskOptionsKey, raw, "an object")
		return o, p.err()
	}
	p.unknownKeys(TaskOptionsKey, opts, taskOptionKeys)
	p.duration(TaskOptionsKey+".start_to_close_timeout", opts["start_to_close_timeout"], &o.StartToCloseTimeout)
	p.duration(TaskOptionsKey+".schedule_to_close_timeout", opts["schedule_to_close_timeout"], &o.ScheduleToCloseTimeout)
	p.duration(TaskOptionsKey+".heartbeat_timeout", opts["heartbeat_timeout"], &o.HeartbeatTimeout)
	p.duration(TaskOptionsKey+".poll_interval", opts["poll_interval"], &o.PollInterval)
	if v, ok := opts["task_queue"]; ok && v != nil {
		if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
			o.TaskQueue = s
		} else {
			p.fail(TaskOptionsKey+".task_queue", v, "a non-empty string")
		}
	}
	if v, ok := opts["local"]; ok && v != nil {
		if b, ok := v.(bool); !ok {
			p.fail(TaskOptionsKey+".local", v, "true or false")
		} else if b && o.TaskQueue != "" {
			p.fail(TaskOptionsKey+".local", v, "false when task_queue is set (a local activity runs on the workflow's own worker)")
		} else {
			o.Local = &b
		}
	}
	if v, ok := opts["retry"]; ok && v != nil {
		if r, ok := v.(map[string]any); ok {
			p.retry(TaskOptionsKey+".retry", r, &o.Retry)
		} else {
			p.fail(TaskOptionsKey+".retry", v, "an object")
		}
	}
	return o, p.err()
}

// optionParser collects every problem found while parsing task options.
type optionParser struct{ errs []error }

func (p *optionParser) fail(path string, got any, want string) {
	p.errs = append(p.errs, fmt.Errorf("%w: %s: expected %s, got %#v", ErrInvalidTaskOptions, path, want, got))
}

func (p *optionParser) err() error { return errors.Join(p.errs...) }

func (p *optionParser) unknownKeys(path string, m map[string]any, known []string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(known, k) {
			p.errs = append(p.errs, fmt.Errorf("%w: %s.%s: unknown key (expected one of %s)",
				ErrInvalidTaskOptions, path, k, strings.Join(known, ", ")))
		}
	}
}

func (p *optionParser) retry(path string, r map[string]any, out *RetryOptions) {
	p.unknownKeys(path, r, retryOptionKeys)
	if v, ok := r["maximum_attempts"]; ok && v != nil {
		const want = "a whole number of attempts from 1 to 2147483647"
		if n, ok := p.number(path+".maximum_attempts", v, want); ok {
			if n < 1 || n != math.Trunc(n) || n > math.MaxInt32 {
				p.fail(path+".maximum_attempts", v, want)
			} else {
				out.MaximumAttempts = int32(n)
			}
		}
	}
	p.duration(path+".initial_interval", r["initial_interval"], &out.InitialInterval)
	p.duration(path+".maximum_interval", r["maximum_interval"], &out.MaximumInterval)
	if v, ok := r["backoff_coefficient"]; ok && v != nil {
		if f, ok := p.number(path+".backoff_coefficient", v, "a number of at least 1"); ok {
			if f < 1 {
				p.fail(path+".backoff_coefficient", v, "a number of at least 1")
			} else {
				out.BackoffCoefficient = f
			}
		}
	}
	if v, ok := r["non_retryable_error_types"]; ok && v != nil {
		list, ok := v.([]any)
		if !ok {
			p.fail(path+".non_retryable_error_types", v, "a list of strings")
			return
		}
		for i, item := range list {
			s, ok := item.(string)
			if !ok || s == "" {
				p.fail(fmt.Sprintf("%s.non_retryable_error_types[%d]", path, i), item, "a non-empty string")
				continue
			}
			out.NonRetryableErrorTypes = append(out.NonRetryableErrorTypes, s)
		}
	}
	if out.MaximumInterval < out.InitialInterval {
		p.errs = append(p.errs, fmt.Errorf("%w: %s.maximum_interval: %s is shorter than initial_interval %s",
			ErrInvalidTaskOptions, path, out.MaximumInterval, out.InitialInterval))
	}
}

// duration parses v into *out when v is present: a Go duration string or a
// number of seconds, neither negative.
func (p *optionParser) duration(path string, v any, out *time.Duration) {
	const want = `a Go duration such as "30s" or a non-negative number of seconds`
	if v == nil {
		return
	}
	if s, ok := v.(string); ok {
		d, err := time.ParseDuration(s)
		if err != nil {
			p.errs = append(p.errs, fmt.Errorf("%w: %s: expected %s, got %q: %w", ErrInvalidTaskOptions, path, want, s, err))
			return
		}
		if d < 0 {
			p.fail(path, v, want)
			return
		}
		*out = d
		return
	}
	secs, ok := p.number(path, v, want)
	if !ok {
		return
	}
	if secs < 0 || secs > math.MaxInt64/float64(time.Second) {
		p.fail(path, v, want)
		return
	}
	*out = time.Duration(secs * float64(time.Second))
}

// number converts the numeric types that JSON and YAML decoding produce.
func (p *optionParser) number(path string, v any, want string) (float64, bool) {
	if f, ok := Float(v); ok {
		return f, true
	}
	p.fail(path, v, want)
	return 0, false
}
