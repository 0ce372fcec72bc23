package config

import (
	"sort"
	"strings"
)

// EnvPrefix prefixes the environment variable of every key: the key
// upper-cased with dots turned into underscores, e.g. tls.cert is read from
// STABILIZE_TLS_CERT.
const EnvPrefix = "STABILIZE_"

// Kind is the type of a key's value.
type Kind uint8

// Key kinds.
const (
	// KindString is a string.
	KindString Kind = iota
	// KindBool is true or false (strconv.ParseBool spellings in the environment).
	KindBool
	// KindInt is a whole number.
	KindInt
	// KindList is a list of strings; the environment and flags give it
	// comma-separated.
	KindList
)

var kindNames = [...]string{"a string", "a boolean", "an integer", "a list of strings"}

// String describes the kind for error messages, e.g. "an integer".
func (k Kind) String() string { return kindNames[k] }

// Key describes one configuration key: the single table that drives
// defaults, environment names, flags, validation messages, masking and the
// documentation in doc.go.
type Key struct {
	// Name is the dotted key as written in the config file, e.g. "tls.cert".
	Name string
	// Kind is the value's type.
	Kind Kind
	// Default is the value used when no file, variable or flag sets the key.
	Default any
	// Flag is the command-line flag name, e.g. "tls-cert".
	Flag string
	// Secret marks values that are masked when printed.
	Secret bool
	// Usage is the one-line help of the flag.
	Usage string
}

// Env returns the environment variable that sets the key.
func (k Key) Env() string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(k.Name, ".", "_"))
}

// Key names.
const (
	KeyAddress             = "address"
	KeyNamespace           = "namespace"
	KeyTaskQueue           = "task_queue"
	KeyTLSCert             = "tls.cert"
	KeyTLSKey              = "tls.key"
	KeyTLSCA               = "tls.ca"
	KeyAPIKey              = "api_key"
	KeyOutput              = "output"
	KeyTasksDisabled       = "tasks.disabled"
	KeyTasksAllowed        = "tasks.allowed"
	KeyHTTPAllowPrivate    = "http.allow_private"
	KeyHTTPAllowedHosts    = "http.allowed_hosts"
	KeyOutputMaxBytes      = "output_max_bytes"
	KeyMaxPendingTasks     = "engine.max_pending_tasks"
	KeyContinueAsNewEvents = "engine.continue_as_new_events"
)

// Defaults of the keys that have one.
const (
	// DefaultNamespace is the Temporal namespace used when none is set.
	DefaultNamespace = "default"
	// DefaultTaskQueue is the task queue of the generic workflow and its
	// activities.
	DefaultTaskQueue = "stabilize"
	// DefaultDialAddress is where commands other than `starter run` connect
	// when no address is configured.
	DefaultDialAddress = "localhost:7233"
	// DefaultOutputMaxBytes caps a task's captured output (shell stdout and
	// stderr, http body): 1 MiB.
	DefaultOutputMaxBytes = 1 << 20
	// DefaultMaxPendingTasks caps the tasks in flight in one run.
	DefaultMaxPendingTasks = 500
	// DefaultContinueAsNewEvents is the history length after which a run
	// continues as new.
	DefaultContinueAsNewEvents = 10000
)

var keys = []Key{
	{Name: KeyAddress, Kind: KindString, Default: "", Flag: "address",
		Usage: "Temporal frontend host:port (empty: embedded server for run, " + DefaultDialAddress + " otherwise)"},
	{Name: KeyNamespace, Kind: KindString, Default: DefaultNamespace, Flag: "namespace", Usage: "Temporal namespace"},
	{Name: KeyTaskQueue, Kind: KindString, Default: DefaultTaskQueue, Flag: "task-queue", Usage: "task queue of the workflow and its tasks"},
	{Name: KeyTLSCert, Kind: KindString, Default: "", Flag: "tls-cert", Usage: "path of the client TLS certificate (PEM)"},
	{Name: KeyTLSKey, Kind: KindString, Default: "", Flag: "tls-key", Usage: "path of the client TLS private key (PEM)"},
	{Name: KeyTLSCA, Kind: KindString, Default: "", Flag: "tls-ca", Usage: "path of the CA certificate that signs the server's (PEM)"},
	{Name: KeyAPIKey, Kind: KindString, Default: "", Flag: "api-key", Secret: true, Usage: "Temporal Cloud API key (implies TLS)"},
	{Name: KeyOutput, Kind: KindString, Default: string(OutputText), Flag: "output", Usage: "output format: text or json"},
	{Name: KeyTasksDisabled, Kind: KindList, Default: []string{}, Flag: "tasks-disabled", Usage: "built-in tasks the worker does not register, e.g. shell"},
	{Name: KeyTasksAllowed, Kind: KindList, Default: []string{}, Flag: "tasks-allowed", Usage: "if set, the only built-in tasks the worker registers"},
	{Name: KeyHTTPAllowPrivate, Kind: KindBool, Default: false, Flag: "http-allow-private", Usage: "let the http task reach private, loopback and link-local addresses"},
	{Name: KeyHTTPAllowedHosts, Kind: KindList, Default: []string{}, Flag: "http-allowed-hosts", Usage: "if set, the only hosts the http task may call"},
	{Name: KeyOutputMaxBytes, Kind: KindInt, Default: DefaultOutputMaxBytes, Flag: "output-max-bytes", Usage: "cap on a task's captured output, in bytes"},
	{Name: KeyMaxPendingTasks, Kind: KindInt, Default: DefaultMaxPendingTasks, Flag: "max-pending-tasks", Usage: "cap on the tasks in flight in one run"},
	{Name: KeyContinueAsNewEvents, Kind: KindInt, Default: DefaultContinueAsNewEvents, Flag: "continue-as-new-events", Usage: "history events after which a run continues as new"},
}

// Keys returns every configuration key, sorted by name.
func Keys() []Key {
	out := append([]Key(nil), keys...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the key with the given dotted name.
func Lookup(name string) (Key, bool) {
	for _, k := range keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// KeyForEnv returns the key that the environment variable env sets.
func KeyForEnv(env string) (Key, bool) {
	for _, k := range keys {
		if k.Env() == env {
			return k, true
		}
	}
	return Key{}, false
}

// isSection reports whether name is the parent of some keys, e.g. "tls".
func isSection(name string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k.Name, name+".") {
			return true
		}
	}
	return false
}
