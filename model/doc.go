// Package model holds the Stabilize model (Workflow, StageExecution,
// TaskExecution and their enums), the loader and validator for definitions,
// and the wire contract shared by the workflow, its activities and its
// clients (task input and result, query, signal and update names).
//
// # Loading a definition
//
// A starter turns a file into a runnable model in one call:
//
//	wf, warnings, err := model.LoadAndValidate(path, data, model.ValidateOptions{KnownTask: registry.Has})
//
// Load decodes JSON or YAML strictly (unknown fields and wrong types are
// errors), normalises YAML to JSON values so both formats give equal
// models, and applies the defaults of definition-format.md, ULID ids
// included. Validate then checks everything that would otherwise fail
// late: the graph rules of semantics §1.9, synthetic links, joins, splits,
// milestones, mi_config, reducers, context flags, expressions and task
// names. Both report every problem at once as a *ValidationError whose
// *FieldError lines read "file: path: message (got value)".
//
// # Helpers for the engine
//
// Navigation (StageByRefID, Upstream, Downstream, BeforeStages,
// AfterStages, Ancestors, TopologicalOrder), the stage status of semantics
// §2.12 (DetermineStatus) and §6.2 (FailureStatus), the flag readers, and
// the data-flow functions of §4 (MergeOutputs, ApplyReducers,
// BuildStageContext, GetContext) are pure and iterate in definition or
// sorted order, so workflow code may call them. NewID and the New*
// factories read the clock and a random source: only the starter may.
// Clone and StateSnapshot give deep copies for queries.
//
// The package imports no Temporal code and none of this module's other
// packages except model/expr, so every other package can depend on it.
package model
