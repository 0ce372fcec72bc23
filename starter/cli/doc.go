// Package cli is the starter command line as a library: Execute runs one
// invocation in-process with injected streams, arguments and environment
// and returns the exit code, so tests drive the real commands.
//
// Data goes to stdout and progress to stderr. With --output json, stdout
// holds exactly one JSON document and no progress is printed. Exit codes
// are mapped in one place (exit.go):
//
//	0   SUCCEEDED (or FAILED_CONTINUE, with a warning)
//	1   unexpected error, Temporal unreachable included
//	2   bad usage or invalid definition
//	3   the run ended TERMINAL, STOPPED or CANCELED, or an update was refused
//	4   still running when --timeout ran out
//	130 interrupted
//
// `starter run` without a configured address starts an embedded Temporal
// server (devserver, in memory, no Web UI) and a worker in this process,
// so it works on a fresh machine.
package cli
