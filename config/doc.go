// Package config loads the configuration shared by the worker and the
// starter: where Temporal is, how to authenticate, and the worker's task
// policy.
//
// # Layers
//
// Load merges four layers, each overriding the one before:
//
//  1. defaults (below);
//  2. the config file: --config PATH, else $STABILIZE_CONFIG, else
//     ./stabilize.yaml if it exists (YAML or JSON, nested by section);
//  3. the environment: STABILIZE_ plus the key upper-cased with dots as
//     underscores (tls.cert is STABILIZE_TLS_CERT); lists are
//     comma-separated;
//  4. flags given on the command line.
//
// As in carolynvs/stingoftheviper, flags that were not given are filled
// with the effective value, and everything is decoded once into a typed,
// validated Config; nothing reads viper afterwards. Every invalid value is
// reported as a *KeyError naming its key and origin; an unknown key in the
// file is an error too.
//
// # Keys
//
//	key                            default          flag                      meaning
//	address                        ""               --address                 Temporal frontend host:port; empty: an embedded
//	                                                                          server for `starter run`, localhost:7233 otherwise
//	namespace                      default          --namespace               Temporal namespace
//	task_queue                     stabilize        --task-queue              task queue of the workflow and its tasks
//	tls.cert, tls.key              ""               --tls-cert, --tls-key     client certificate and key (PEM paths), both or neither
//	tls.ca                         ""               --tls-ca                  CA of the server certificate (PEM path)
//	api_key                        ""               --api-key (worker only)   Temporal Cloud API key; implies TLS; printed masked
//	output                         text             --output                  starter output: text or json
//	tasks.disabled                 []               --tasks-disabled          built-in tasks the worker does not register
//	tasks.allowed                  []               --tasks-allowed           if non-empty, the only built-in tasks registered
//	http.allow_private             false            --http-allow-private      let the http task reach private addresses
//	http.allowed_hosts             []               --http-allowed-hosts      if non-empty, the only hosts http may call
//	output_max_bytes               1048576          --output-max-bytes        cap on a task's captured output
//	engine.max_pending_tasks       500              --max-pending-tasks       cap on the tasks in flight in one run
//	engine.continue_as_new_events  10000            --continue-as-new-events  history events before continue-as-new
//	                                                                          (0: only when Temporal suggests it)
//
// Where the flags exist: address, namespace, task-queue, output and config
// on every starter command; the task policy flags (tasks-*, http-*,
// output-max-bytes) on the worker and on `starter run` and `starter dev`,
// which run a worker in-process; the engine flags on `starter run` and
// `starter start`, which pass them in each run's workflow input; TLS and
// api-key flags on the worker only (the starter reads them from the file
// or the environment). An example file:
//
//	address: temporal.example:7233
//	namespace: ci
//	tls:
//	  cert: /etc/stabilize/client.pem
//	  key: /etc/stabilize/client.key
//	tasks:
//	  disabled: [shell]
//	http:
//	  allowed_hosts: [api.example.com]
package config
