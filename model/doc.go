// Package model holds the Stabilize model (Workflow, StageExecution,
// TaskExecution and their enums), the loader and validator for definitions,
// and the wire contract shared by the workflow, its activities and its
// clients (task input and result, query, signal and update names).
//
// The package imports no Temporal code and none of this module's other
// packages, so every other package can depend on it.
package model
