// Package app is the Stabilize worker as a library: Run is the whole
// worker command, and Dial, NewWorker and Policy are the pieces that the
// starter reuses to run an embedded worker in-process.
//
// A worker connects to Temporal with Dial (address, namespace, TLS
// certificates, API key from config.Config), makes sure the namespace has
// the Stabilize search attributes, registers the generic workflow
// (interpreter.Register) and every task of the registry under its
// implementing_class, and polls the task queue until its context ends. It
// then stops polling and waits up to DrainTimeout for running tasks.
package app
