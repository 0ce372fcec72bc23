// Package control holds the client-side calls that start, steer and
// inspect a StabilizeWorkflow run: the starter CLI and the conformance
// runner both go through it, so a scenario exercises exactly the calls a
// user makes.
//
// Every control is an update with a validator on the workflow side; a
// refusal (invalid transition, unknown stage, finished run) comes back as a
// *RefusedError that carries the workflow's reason.
package control
