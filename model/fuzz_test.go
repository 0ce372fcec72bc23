package model

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fuzzSeedGlobs are the definitions that seed FuzzLoad: every example and
// every invalid-definition fixture (definition-format.md, "Everything not
// listed is an error at load time").
var fuzzSeedGlobs = []string{
	filepath.Join("..", "examples", "*.yaml"),
	filepath.Join("testdata", "invalid", "*.yaml"),
}

// FuzzLoad feeds arbitrary bytes to Load as JSON (asJSON, file name
// fuzz.json) or YAML (fuzz.yaml). Load must never panic, and every error
// must be a *ValidationError or at least name the file, so that a user
// always learns which definition is wrong. A definition that loads must
// also survive Validate and a JSON round trip, since the starter sends it
// to the workflow as JSON.
func FuzzLoad(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed.data, seed.asJSON)
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "fuzz.yaml"
		if asJSON {
			name = "fuzz.json"
		}
		w, err := Load(name, data)
		if err != nil {
			checkLoadError(t, name, err)
			return
		}
		if w == nil {
			t.Fatalf("Load(%s) returned neither a workflow nor an error", name)
		}
		if w.ID == "" {
			t.Fatalf("Load(%s): ApplyDefaults left the workflow id empty", name)
		}
		if _, err := Validate(w, name, ValidateOptions{}); err != nil {
			checkLoadError(t, name, err)
		}
		if _, err := json.Marshal(w); err != nil {
			t.Fatalf("Load(%s) returned a workflow that does not marshal to JSON: %v", name, err)
		}
	})
}

// checkLoadError fails t unless err is a *ValidationError whose problems
// all name the file, or a plain error whose message names it.
func checkLoadError(t *testing.T, name string, err error) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		if !strings.Contains(err.Error(), name) {
			t.Fatalf("error is neither a *ValidationError nor names %s: %T %v", name, err, err)
		}
		return
	}
	if len(ve.Problems) == 0 {
		t.Fatalf("*ValidationError with no problems for %s", name)
	}
	for i, p := range ve.Problems {
		if p == nil || p.Err == nil {
			t.Fatalf("problem %d of %s is empty: %#v", i, name, p)
		}
		if p.File != name {
			t.Fatalf("problem %d names file %q, expected %q: %v", i, p.File, name, p)
		}
	}
	_ = err.Error() // rendering every problem must not panic either
}

// fuzzSeed is one corpus entry of FuzzLoad.
type fuzzSeed struct {
	data   []byte
	asJSON bool
}

// fuzzSeeds reads the seed definitions as YAML and, where they parse,
// their JSON rendering as well, so both decoders start from real inputs.
func fuzzSeeds(f *testing.F) []fuzzSeed {
	f.Helper()
	var seeds []fuzzSeed
	for _, glob := range fuzzSeedGlobs {
		paths, err := filepath.Glob(glob)
		if err != nil {
			f.Fatalf("glob %s: %v", glob, err)
		}
		if len(paths) == 0 {
			f.Fatalf("glob %s: expected seed definitions, found none", glob)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatalf("read seed: %v", err)
			}
			seeds = append(seeds, fuzzSeed{data: data})
			var doc any
			if yaml.Unmarshal(data, &doc) != nil {
				continue
			}
			if js, err := json.Marshal(doc); err == nil {
				seeds = append(seeds, fuzzSeed{data: js, asJSON: true})
			}
		}
	}
	return seeds
}
