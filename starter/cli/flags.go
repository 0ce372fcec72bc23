package cli

import "github.com/stabilize-go/stabilize/config"

// engineKeys are the config keys passed in each run's workflow input;
// run and start accept them as flags.
var engineKeys = []string{config.KeyMaxPendingTasks, config.KeyContinueAsNewEvents}

// policyKeys are the worker's task policy keys; run (embedded worker) and
// dev accept them as flags.
var policyKeys = []string{
	config.KeyTasksDisabled, config.KeyTasksAllowed, config.KeyHTTPAllowPrivate,
	config.KeyHTTPAllowedHosts, config.KeyOutputMaxBytes,
}
