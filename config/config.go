package config

// Output is the output format of the starter: text for people, json for
// programs.
type Output string

// Output formats.
const (
	OutputText Output = "text"
	OutputJSON Output = "json"
)

// Config is the validated, typed configuration of the worker and the
// starter. Load builds it once from defaults, file, environment and flags;
// nothing reads viper afterwards.
type Config struct {
	// Address is the Temporal frontend host:port. Empty means: start an
	// embedded server for `starter run`, DefaultDialAddress otherwise (see
	// DialAddress).
	Address string `mapstructure:"address" json:"address"`
	// Namespace is the Temporal namespace.
	Namespace string `mapstructure:"namespace" json:"namespace"`
	// TaskQueue is the task queue of the workflow and its activities.
	TaskQueue string `mapstructure:"task_queue" json:"task_queue"`
	// TLS holds client certificate paths; empty fields mean no mutual TLS.
	TLS TLS `mapstructure:"tls" json:"tls"`
	// APIKey authenticates to Temporal Cloud; it implies TLS.
	APIKey string `mapstructure:"api_key" json:"api_key"`
	// Output is the starter's output format.
	Output Output `mapstructure:"output" json:"output"`
	// Tasks selects the built-in tasks a worker registers.
	Tasks Tasks `mapstructure:"tasks" json:"tasks"`
	// HTTP restricts the http built-in task.
	HTTP HTTP `mapstructure:"http" json:"http"`
	// OutputMaxBytes caps a task's captured output.
	OutputMaxBytes int `mapstructure:"output_max_bytes" json:"output_max_bytes"`
	// Engine tunes each run of the interpreter.
	Engine Engine `mapstructure:"engine" json:"engine"`
}

// TLS holds the paths of PEM files for a TLS connection to Temporal.
type TLS struct {
	// Cert and Key are the client certificate and its key, both or neither.
	Cert string `mapstructure:"cert" json:"cert"`
	Key  string `mapstructure:"key" json:"key"`
	// CA is the certificate authority that signs the server's certificate.
	// Optional: defaults to the system roots.
	CA string `mapstructure:"ca" json:"ca"`
}

// Enabled reports whether any TLS setting is present.
func (t TLS) Enabled() bool { return t.Cert != "" || t.Key != "" || t.CA != "" }

// Tasks selects the built-in tasks a worker registers.
type Tasks struct {
	// Disabled names built-ins that are not registered.
	Disabled []string `mapstructure:"disabled" json:"disabled"`
	// Allowed, when non-empty, names the only built-ins registered.
	Allowed []string `mapstructure:"allowed" json:"allowed"`
}

// HTTP restricts the http built-in task.
type HTTP struct {
	// AllowPrivate lets requests reach private, loopback and link-local
	// addresses (off by default, against SSRF).
	AllowPrivate bool `mapstructure:"allow_private" json:"allow_private"`
	// AllowedHosts, when non-empty, names the only hosts that may be called.
	AllowedHosts []string `mapstructure:"allowed_hosts" json:"allowed_hosts"`
}

// Engine tunes each run of the interpreter; the starter passes it in the
// workflow input.
type Engine struct {
	// MaxPendingTasks caps the tasks in flight in one run.
	MaxPendingTasks int `mapstructure:"max_pending_tasks" json:"max_pending_tasks"`
	// ContinueAsNewEvents is the history length after which a run continues
	// as new.
	ContinueAsNewEvents int `mapstructure:"continue_as_new_events" json:"continue_as_new_events"`
}

// Default returns the configuration that applies when nothing is set.
func Default() Config {
	return Config{
		Namespace:      DefaultNamespace,
		TaskQueue:      DefaultTaskQueue,
		Output:         OutputText,
		Tasks:          Tasks{Disabled: []string{}, Allowed: []string{}},
		HTTP:           HTTP{AllowedHosts: []string{}},
		OutputMaxBytes: DefaultOutputMaxBytes,
		Engine:         Engine{MaxPendingTasks: DefaultMaxPendingTasks, ContinueAsNewEvents: DefaultContinueAsNewEvents},
	}
}

// DialAddress returns the address to connect to: Address, or
// DefaultDialAddress when it is empty.
func (c Config) DialAddress() string {
	if c.Address == "" {
		return DefaultDialAddress
	}
	return c.Address
}

// Embedded reports whether `starter run` should start an embedded server:
// no address is configured.
func (c Config) Embedded() bool { return c.Address == "" }
