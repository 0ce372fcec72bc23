package config

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Validate checks every key of c and returns all problems joined, each a
// *KeyError naming its key. origins, when not nil, says where each key was
// set, for the messages.
func (c Config) Validate(origins map[string]Origin) error {
	var errs []error
	bad := func(key string, value any, format string, args ...any) {
		errs = append(errs, &KeyError{Key: key, Origin: origins[key], Value: value, Err: fmt.Errorf(format, args...)})
	}
	if c.Address != "" {
		if err := checkHostPort(c.Address); err != nil {
			bad(KeyAddress, c.Address, "expected host:port: %w", err)
		}
	}
	if strings.TrimSpace(c.Namespace) == "" {
		bad(KeyNamespace, c.Namespace, "expected a non-empty namespace")
	}
	if strings.TrimSpace(c.TaskQueue) == "" {
		bad(KeyTaskQueue, c.TaskQueue, "expected a non-empty task queue")
	}
	if (c.TLS.Cert == "") != (c.TLS.Key == "") {
		if c.TLS.Cert == "" {
			bad(KeyTLSCert, c.TLS.Cert, "expected a certificate path because tls.key is set")
		} else {
			bad(KeyTLSKey, c.TLS.Key, "expected a key path because tls.cert is set")
		}
	}
	if c.Output != OutputText && c.Output != OutputJSON {
		bad(KeyOutput, string(c.Output), "expected %q or %q", OutputText, OutputJSON)
	}
	for _, l := range []struct {
		key   string
		items []string
	}{{KeyTasksDisabled, c.Tasks.Disabled}, {KeyTasksAllowed, c.Tasks.Allowed}, {KeyHTTPAllowedHosts, c.HTTP.AllowedHosts}} {
		for i, s := range l.items {
			if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t/") {
				bad(l.key, s, "expected item %d to be a bare name", i)
			}
		}
	}
	if c.OutputMaxBytes <= 0 {
		bad(KeyOutputMaxBytes, c.OutputMaxBytes, "expected a positive number of bytes")
	}
	if c.Engine.MaxPendingTasks <= 0 {
		bad(KeyMaxPendingTasks, c.Engine.MaxPendingTasks, "expected a positive number of tasks")
	}
	if c.Engine.ContinueAsNewEvents < 0 {
		bad(KeyContinueAsNewEvents, c.Engine.ContinueAsNewEvents, "expected 0 (only when Temporal suggests it) or a positive number of events")
	}
	return errors.Join(errs...)
}

// checkHostPort accepts "host:port" with a numeric port.
func checkHostPort(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" {
		return errors.New("missing host")
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return nil
}
