// Package fault runs crash, restart, sharing, load and control-misuse
// tests against a real embedded Temporal server and real worker processes.
//
// The first test builds the worker binary once per test binary (go build
// ./worker), starts the embedded server (devserver) in-process on a
// file-backed SQLite database so that it can be stopped and started again,
// and dials one client; TestMain stops them. A run that selects no fault
// test (go test -list, -short) sets nothing up. Each test
// starts its own worker processes on its own task queue and kills or stops
// them itself.
//
// The shell stages of these tests append "<stage> start|end <worker pid>"
// to an execution log named in their context, so a test counts task
// executions: at-least-once delivery shows as a second start, a lost stage
// as a missing end. Waits poll the log, queries or the task queue with a
// deadline; nothing sleeps a fixed time.
package fault
