package activities

import (
	"errors"
	"fmt"
	"net/netip"
	"os/exec"
	"slices"
	"strings"

	"github.com/stabilize-go/stabilize/model"
)

// builtinNames are the built-in tasks that run as activities, in the order
// Builtins registers them.
var builtinNames = []string{model.TaskFail, model.TaskHTTP, model.TaskNoop, model.TaskShell,
	model.TaskLoopCondition, model.TaskLoopBack}

// Policy restricts the built-in tasks of one worker. It comes from the
// worker's configuration; the zero value allows every built-in with safe
// defaults.
type Policy struct {
	// Disabled lists built-ins this worker refuses, e.g. ["shell"]. A
	// refused task answers with TERMINAL "No task found for type: shell
	// (disabled by worker policy)". Optional: defaults to none.
	Disabled []string
	// Allowed, when not empty, is the allow-list of built-ins: the others
	// are refused as if Disabled. Optional: empty allows all. Custom tasks
	// registered on the registry are never affected.
	Allowed []string
	// HTTPAllowPrivate lets the http task reach loopback, private,
	// link-local and other non-public addresses. Optional: defaults to
	// false, refusing them (SSRF guard).
	HTTPAllowPrivate bool
	// HTTPAllowedHosts are exempt from the SSRF guard: host names
	// ("vault.internal"), wildcard suffixes ("*.corp.example"), IP
	// addresses or CIDR prefixes ("10.1.0.0/16"). They do not restrict
	// other hosts. Optional: defaults to none.
	HTTPAllowedHosts []string
	// MaxOutputBytes caps each captured stream of the shell task and the
	// body kept by the http task. Optional: zero means 1 MiB; negative is
	// an error.
	MaxOutputBytes int
	// ShellPath is the shell that runs shell commands when the stage names
	// none. Optional: defaults to /bin/sh.
	ShellPath string
}

// validate reports unknown task names, an impossible allow-list and a
// negative size limit, all at once.
func (p Policy) validate() error {
	var errs []error
	// Workflow-side names are accepted and have no effect here, so that
	// one allow-list can name every task a deployment uses.
	known := append(slices.Clone(builtinNames), model.WorkflowSideTasks()...)
	for _, list := range []struct {
		field string
		names []string
	}{{"Disabled", p.Disabled}, {"Allowed", p.Allowed}} {
		for i, n := range list.names {
			if !slices.Contains(known, n) {
				errs = append(errs, fmt.Errorf("policy.%s[%d]: unknown built-in task %q (expected one of %s)",
					list.field, i, n, strings.Join(builtinNames, ", ")))
			}
		}
	}
	if p.MaxOutputBytes < 0 {
		errs = append(errs, fmt.Errorf("policy.MaxOutputBytes: expected 0 (1 MiB) or a positive size, got %d", p.MaxOutputBytes))
	}
	if _, off := p.refuses(model.TaskShell); !off && p.ShellPath != "" {
		if _, err := exec.LookPath(p.ShellPath); err != nil {
			errs = append(errs, fmt.Errorf("policy.ShellPath: expected an executable shell, got %q: %w", p.ShellPath, err))
		}
	}
	for i, h := range p.HTTPAllowedHosts {
		if _, err := parseHostRule(h); err != nil {
			errs = append(errs, fmt.Errorf("policy.HTTPAllowedHosts[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// refuses says whether the policy turns the built-in off, and why.
func (p Policy) refuses(name string) (string, bool) {
	if slices.Contains(p.Disabled, name) {
		return "disabled by worker policy", true
	}
	if len(p.Allowed) > 0 && !slices.Contains(p.Allowed, name) {
		return "not in the worker policy's allowed tasks", true
	}
	return "", false
}

func (p Policy) maxOutput() int {
	if p.MaxOutputBytes > 0 {
		return p.MaxOutputBytes
	}
	return DefaultMaxOutputBytes
}

// hostRule is one entry of HTTPAllowedHosts.
type hostRule struct {
	host   string       // exact host name, lower case
	suffix string       // ".corp.example" for "*.corp.example"
	prefix netip.Prefix // an address is a /32 or /128 prefix
}

func parseHostRule(s string) (hostRule, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return hostRule{}, errors.New("empty host")
	case strings.Contains(s, "/"):
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return hostRule{}, fmt.Errorf("bad CIDR prefix %q: %w", s, err)
		}
		return hostRule{prefix: p.Masked()}, nil
	case strings.HasPrefix(s, "*."):
		return hostRule{suffix: s[1:]}, nil
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return hostRule{prefix: netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())}, nil
	}
	if strings.ContainsAny(s, ":*") {
		return hostRule{}, fmt.Errorf("bad host %q: expected a host name, *.suffix, an IP address or a CIDR prefix", s)
	}
	return hostRule{host: s}, nil
}

// matchesHost reports whether a URL host name matches the rule.
func (r hostRule) matchesHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	switch {
	case r.host != "":
		return host == r.host
	case r.suffix != "":
		return strings.HasSuffix(host, r.suffix)
	}
	return false
}

// matchesAddr reports whether a resolved address matches the rule.
func (r hostRule) matchesAddr(a netip.Addr) bool {
	return r.prefix.IsValid() && r.prefix.Contains(a.Unmap())
}
