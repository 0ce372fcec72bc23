package devserver

import (
	"fmt"
	"log/slog"
	"strings"
)

// Defaults applied by Start to the zero values of Options.
const (
	// DefaultIP is the address every listener binds to when Options.IP is empty.
	DefaultIP = "127.0.0.1"
	// DefaultNamespace is registered when Options.Namespace is empty.
	DefaultNamespace = "default"
	// DefaultLogLevel keeps the server quiet unless something goes wrong.
	DefaultLogLevel = "warn"
)

// Options configures Start. The zero value is a usable in-memory server with a
// Web UI, both on free ports of 127.0.0.1.
type Options struct {
	// IP is the address the frontend, the internal services and the Web UI
	// bind to. Optional: defaults to DefaultIP (127.0.0.1).
	IP string

	// Port is the frontend gRPC port. Optional: 0 picks a free port.
	Port int

	// UIPort is the Web UI HTTP port. Optional: 0 picks a free port; -1
	// disables the Web UI.
	UIPort int

	// DBFile is the SQLite database file. Optional: "" keeps the database in
	// memory, so it vanishes at Stop; a path keeps workflows across restarts
	// (the file is created, with its schema, when missing; its directory must
	// exist).
	DBFile string

	// Namespace is registered at start and returned by Server.Namespace.
	// Optional: defaults to DefaultNamespace ("default").
	Namespace string

	// ExtraNamespaces are registered at start as well, each with the same
	// search attributes. Optional: nil registers none.
	ExtraNamespaces []string

	// LogLevel is the minimum level of server logs: "debug", "info", "warn"
	// or "error". Optional: defaults to DefaultLogLevel ("warn").
	LogLevel string

	// Logger receives the server logs at LogLevel and above. Optional: nil
	// writes text logs to stderr.
	Logger *slog.Logger

	// DynamicConfig holds dynamic-config overrides (key to value, e.g.
	// "history.timerProcessorMaxTimeShift": 10*time.Millisecond) applied on
	// top of FastDynamicConfig. Optional: nil keeps the fast defaults.
	DynamicConfig map[string]any

	// PlainDefaults drops FastDynamicConfig, so the server runs with
	// Temporal's stock dynamic config plus DynamicConfig. It exists for
	// benchmarks that compare the two. Optional: false uses the fast defaults.
	PlainDefaults bool
}

// withDefaults returns a copy of o with every optional field filled in, or an
// error naming the first invalid field.
func (o Options) withDefaults() (Options, error) {
	if o.IP == "" {
		o.IP = DefaultIP
	}
	if o.Namespace == "" {
		o.Namespace = DefaultNamespace
	}
	if o.LogLevel == "" {
		o.LogLevel = DefaultLogLevel
	}
	if o.Port < 0 || o.Port > 65535 {
		return o, fmt.Errorf("devserver options: Port must be 0..65535, got %d", o.Port)
	}
	if o.UIPort < -1 || o.UIPort > 65535 {
		return o, fmt.Errorf("devserver options: UIPort must be -1..65535, got %d", o.UIPort)
	}
	if _, err := parseLevel(o.LogLevel); err != nil {
		return o, fmt.Errorf("devserver options: LogLevel: %w", err)
	}
	seen := map[string]bool{o.Namespace: true}
	for i, ns := range o.ExtraNamespaces {
		if strings.TrimSpace(ns) == "" {
			return o, fmt.Errorf("devserver options: ExtraNamespaces[%d] must not be empty, got %q", i, ns)
		}
		if seen[ns] {
			return o, fmt.Errorf("devserver options: ExtraNamespaces[%d]: duplicate namespace %q", i, ns)
		}
		seen[ns] = true
	}
	return o, nil
}

// namespaces lists the primary namespace first, then the extra ones.
func (o Options) namespaces() []string {
	return append([]string{o.Namespace}, o.ExtraNamespaces...)
}
