package model

import "github.com/oklog/ulid/v2"

// NewID returns a new ULID string, the id format of workflows, stages and
// tasks. It reads the clock and a random source, so workflow code must not
// call it: ids are assigned when a definition is loaded, before the run.
func NewID() string { return ulid.Make().String() }
