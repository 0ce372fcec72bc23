package activities

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/stabilize-go/stabilize/model"
)

// Shell defaults.
const (
	// DefaultShellPath runs commands when neither the policy nor the stage
	// names a shell.
	DefaultShellPath = "/bin/sh"
	// DefaultShellTimeout caps a command whose stage gives no timeout, as
	// Stabilize's shell task does (60 s).
	DefaultShellTimeout = 60 * time.Second
	// DefaultMaxOutputBytes caps each captured stream and http body: 1 MiB.
	DefaultMaxOutputBytes = 1 << 20
	// shellWaitDelay bounds the wait for output pipes once the command has
	// exited or been killed, in case a stray grandchild keeps them open.
	shellWaitDelay = 2 * time.Second
)

// Shell is the built-in task "shell": it runs context.command through a
// shell (`<shell> -c <command>`) in its own process group. Stage context
// keys: command (required), cwd, env (added to the worker's environment),
// stdin, timeout (seconds or a Go duration; default 60 s), expected_codes
// (default [0]) and shell (a path; true means the default).
//
// {key} placeholders in the command are filled from the stage context,
// upstream outputs included: {build.image} and {hosts.0} reach nested
// values, "{{" and "}}" are literal braces, ${VAR} is left to the shell,
// and a missing or null key is TERMINAL, never an empty string. Values are
// inserted verbatim, so quote them when they may hold shell syntax.
//
// Outputs: stdout, stderr (white space trimmed, cut at MaxOutputBytes with
// a marker), returncode (negative signal number when killed by a signal)
// and truncated. An exit code outside expected_codes, a timeout or bad
// input is TERMINAL, with the captured streams in the stage context. While
// the command runs the task heartbeats. When the activity is canceled or
// times out, or the command's timeout passes, the whole process group is
// killed; so are children still running when the shell exits. No child
// outlives the task unless it leaves the group (setsid).
type Shell struct {
	// ShellPath is the shell used when the stage names none. Optional:
	// defaults to /bin/sh.
	ShellPath string
	// MaxOutputBytes caps stdout and stderr each. Optional: defaults to
	// 1 MiB.
	MaxOutputBytes int
	// DefaultTimeout caps a command whose stage gives no timeout.
	// Optional: defaults to 60 s.
	DefaultTimeout time.Duration
}

// shellRun is one validated command line.
type shellRun struct {
	shell, command, cwd, stdin string
	hasStdin                   bool
	env                        map[string]string
	timeout                    time.Duration
	expected                   []int
}

// Execute runs the command. A context error (activity canceled or timed
// out) is returned as an error after the process group is killed.
func (s *Shell) Execute(ctx context.Context, in model.TaskInput) (model.TaskResult, error) {
	run, bad := s.parse(in.Context)
	if bad != nil {
		return *bad, nil
	}
	stdout, stderr := newCappedBuffer(s.maxOutput()), newCappedBuffer(s.maxOutput())
	runCtx, cancel := context.WithTimeout(ctx, run.timeout)
	defer cancel()

	cmd := exec.CommandContext(runCtx, run.shell, "-c", run.command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid) }
	cmd.WaitDelay = shellWaitDelay
	cmd.Dir = run.cwd
	cmd.Env = os.Environ()
	for _, k := range sortedKeys(run.env) {
		cmd.Env = append(cmd.Env, k+"="+run.env[k])
	}
	if run.hasStdin {
		cmd.Stdin = strings.NewReader(run.stdin)
	}
	cmd.Stdout, cmd.Stderr = stdout, stderr

	if err := cmd.Start(); err != nil {
		if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.ENOMEM) {
			return model.TaskResult{}, fmt.Errorf("shell: start %s: %w", run.shell, err)
		}
		return model.Terminal(fmt.Sprintf("shell: cannot start %s in %q: %v", run.shell, run.cwd, err)), nil
	}
	pid := cmd.Process.Pid
	stop := startHeartbeats(ctx, func() any { return map[string]any{"pid": pid} })
	waitErr := cmd.Wait()
	stop()
	// Children left in the background die with the task, as on a kill:
	// a worker must not accumulate strays. (setsid escapes on purpose.)
	if err := killGroup(pid); err != nil {
		return model.TaskResult{}, fmt.Errorf("shell: %w", err)
	}

	if err := ctx.Err(); err != nil {
		return model.TaskResult{}, fmt.Errorf("shell: command interrupted, process group %d killed: %w", pid, err)
	}
	code := exitCode(cmd.ProcessState)
	outputs := map[string]any{
		"stdout":     stdout.Text(),
		"stderr":     stderr.Text(),
		"returncode": code,
		"truncated":  stdout.Truncated() || stderr.Truncated(),
	}
	var msg string
	switch {
	case errors.Is(runCtx.Err(), context.DeadlineExceeded):
		msg = fmt.Sprintf("shell: command timed out after %s; process group %d killed", run.timeout, pid)
	case cmd.ProcessState == nil:
		return model.TaskResult{}, fmt.Errorf("shell: wait for process %d: %w", pid, waitErr)
	case !slices.Contains(run.expected, code):
		msg = fmt.Sprintf("shell: command exited with code %d, expected one of %v", code, run.expected)
		if tail := lastLine(outputs["stderr"].(string)); tail != "" {
			msg += ": " + tail
		}
	default:
		return model.Success(outputs), nil
	}
	res := model.Terminal(msg)
	res.Context = outputs
	res.ExceptionDetails["returncode"] = code
	return res, nil
}

// parse reads and validates the stage context; a non-nil result is the
// TERMINAL answer to bad input.
func (s *Shell) parse(ctx map[string]any) (shellRun, *model.TaskResult) {
	p := newParams(model.TaskShell, ctx)
	run := shellRun{
		command:  p.requiredStr("command"),
		cwd:      p.str("cwd", ""),
		env:      p.stringMap("env"),
		timeout:  p.seconds("timeout", s.defaultTimeout()),
		expected: p.ints("expected_codes", []int{0}),
		shell:    s.shellPath(),
	}
	if _, ok := p.get("stdin"); ok {
		run.stdin, run.hasStdin = p.str("stdin", ""), true
	}
	switch v, _ := p.get("shell"); sh := v.(type) {
	case nil:
	case bool:
		if !sh {
			p.fail("shell", sh, "a shell path or true (commands always run through a shell)")
		}
	case string:
		if sh == "" {
			p.fail("shell", sh, "a shell path or true")
		}
		run.shell = sh
	default:
		p.fail("shell", sh, "a shell path or true")
	}
	if p.err() != nil {
		r := p.terminal()
		return run, &r
	}
	cmd, err := fillPlaceholders(run.command, ctx)
	if err != nil {
		r := model.Terminal(fmt.Sprintf("shell: command %q: %v", run.command, err))
		return run, &r
	}
	run.command = cmd
	return run, nil
}

func (s *Shell) shellPath() string {
	if s.ShellPath != "" {
		return s.ShellPath
	}
	return DefaultShellPath
}

func (s *Shell) maxOutput() int {
	if s.MaxOutputBytes > 0 {
		return s.MaxOutputBytes
	}
	return DefaultMaxOutputBytes
}

func (s *Shell) defaultTimeout() time.Duration {
	if s.DefaultTimeout > 0 {
		return s.DefaultTimeout
	}
	return DefaultShellTimeout
}

// killGroup kills every process of the group led by pid. ESRCH (the group
// is already gone) is not an error.
func killGroup(pid int) error {
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("kill process group %d: %w", pid, err)
	}
	return nil
}

// exitCode returns the exit status, or minus the signal number when a
// signal ended the process (as Python's subprocess reports it).
func exitCode(ps *os.ProcessState) int {
	if ps == nil {
		return -1
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -int(ws.Signal())
	}
	return ps.ExitCode()
}

// lastLine returns the last non-empty line of s, for error messages.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}
