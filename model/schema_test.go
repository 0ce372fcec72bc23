package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// This file checks schema/definition.schema.json with a small checker for
// the subset of JSON Schema 2020-12 the schema uses: an unknown keyword
// fails the test, so the schema cannot drift outside what is checked.

const schemaPath = "../schema/definition.schema.json"

// annotations are keywords with no effect on validity.
var annotations = []string{"$schema", "$id", "$defs", "title", "description", "default", "examples"}

type schemaChecker struct {
	root map[string]any
}

func loadSchema(t *testing.T) *schemaChecker {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("%s: %v", schemaPath, err)
	}
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("$schema = %v, want draft 2020-12", root["$schema"])
	}
	return &schemaChecker{root: root}
}

// check validates v against schema s at path, returning the problems.
func (c *schemaChecker) check(s any, v any, path string) []string {
	switch b := s.(type) {
	case bool:
		if !b {
			return []string{path + ": no value is allowed here"}
		}
		return nil
	case map[string]any:
		var out []string
		for _, k := range slices.Sorted(maps.Keys(b)) {
			out = append(out, c.keyword(b, k, v, path)...)
		}
		return out
	}
	return []string{fmt.Sprintf("%s: schema is a %T", path, s)}
}

func (c *schemaChecker) keyword(s map[string]any, k string, v any, path string) []string {
	arg := s[k]
	fail := func(format string, args ...any) []string {
		return []string{path + ": " + fmt.Sprintf(format, args...)}
	}
	switch k {
	case "$ref":
		ref := arg.(string)
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		def, found := c.root["$defs"].(map[string]any)[name]
		if !ok || !found {
			return fail("unresolved $ref %s", ref)
		}
		return c.check(def, v, path)
	case "type":
		types, ok := arg.([]any)
		if !ok {
			types = []any{arg}
		}
		for _, ty := range types {
			if hasType(v, ty.(string)) {
				return nil
			}
		}
		return fail("expected type %v, got %s", arg, jsonType(v))
	case "enum":
		for _, e := range arg.([]any) {
			if reflect.DeepEqual(e, v) {
				return nil
			}
		}
		return fail("%s not in enum %v", renderValue(v), arg)
	case "const":
		if !reflect.DeepEqual(arg, v) {
			return fail("expected %s, got %s", renderValue(arg), renderValue(v))
		}
	case "properties":
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		var out []string
		props := arg.(map[string]any)
		for _, name := range slices.Sorted(maps.Keys(props)) {
			if e, ok := m[name]; ok {
				out = append(out, c.check(props[name], e, joinPath(path, name))...)
			}
		}
		return out
	case "additionalProperties":
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		props, _ := s["properties"].(map[string]any)
		var out []string
		for _, name := range slices.Sorted(maps.Keys(m)) {
			if _, known := props[name]; !known {
				out = append(out, c.check(arg, m[name], joinPath(path, name))...)
			}
		}
		return out
	case "required":
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		var out []string
		for _, r := range arg.([]any) {
			if _, ok := m[r.(string)]; !ok {
				out = append(out, fmt.Sprintf("%s: missing required %s", path, r))
			}
		}
		return out
	case "items":
		l, ok := v.([]any)
		if !ok {
			return nil
		}
		var out []string
		for i, e := range l {
			out = append(out, c.check(arg, e, indexPath(path, i))...)
		}
		return out
	case "minItems":
		if l, ok := v.([]any); ok && float64(len(l)) < arg.(float64) {
			return fail("fewer than %v items", arg)
		}
	case "minLength":
		if str, ok := v.(string); ok && float64(len(str)) < arg.(float64) {
			return fail("shorter than %v", arg)
		}
	case "maxProperties":
		if m, ok := v.(map[string]any); ok && float64(len(m)) > arg.(float64) {
			return fail("more than %v properties", arg)
		}
	case "minimum":
		if f, ok := v.(float64); ok && f < arg.(float64) {
			return fail("%v is below the minimum %v", f, arg)
		}
	case "anyOf":
		for _, alt := range arg.([]any) {
			if len(c.check(alt, v, path)) == 0 {
				return nil
			}
		}
		return fail("%s matches no alternative of anyOf", renderValue(v))
	case "not":
		if len(c.check(arg, v, path)) == 0 {
			return fail("%s must not match", renderValue(v))
		}
	default:
		if !slices.Contains(annotations, k) {
			return fail("schema keyword %q is not supported by this checker", k)
		}
	}
	return nil
}

func hasType(v any, ty string) bool {
	switch ty {
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	case "number":
		_, ok := v.(float64)
		return ok
	}
	return jsonType(v) == ty || (ty == "null" && v == nil)
}

// TestSchemaAcceptsExamples validates every example against the schema.
func TestSchemaAcceptsExamples(t *testing.T) {
	c := loadSchema(t)
	for _, file := range exampleFiles(t) {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := parseDocument(DetectFormat(file, data), data)
			if err != nil {
				t.Fatal(err)
			}
			if probs := c.check(c.root, doc, ""); len(probs) > 0 {
				t.Fatalf("schema rejects %s:\n%s", file, strings.Join(probs, "\n"))
			}
			// A loaded and marshaled model is a definition too.
			w, err := Load(file, data)
			if err != nil {
				t.Fatal(err)
			}
			var back any
			if err := json.Unmarshal([]byte(mustJSON(t, w)), &back); err != nil {
				t.Fatal(err)
			}
			if probs := c.check(c.root, back, ""); len(probs) > 0 {
				t.Fatalf("schema rejects the loaded model:\n%s", strings.Join(probs, "\n"))
			}
		})
	}
}

func TestSchemaNestedSubWorkflow(t *testing.T) {
	c := loadSchema(t)
	var doc any
	src := `{"application":"a","name":"n","stages":[{"ref_id":"s","type":"sub_workflow","context":{"_sub_workflow_config":{"stages":[{"ref_id":"x","type":"noop"}]}}}]}`
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	if probs := c.check(c.root, doc, ""); len(probs) > 0 {
		t.Fatalf("a nested definition may omit application and name: %v", probs)
	}
	doc.(map[string]any)["stages"].([]any)[0].(map[string]any)["context"].(map[string]any)["_sub_workflow_config"].(map[string]any)["bogus"] = 1.0
	if len(c.check(c.root, doc, "")) == 0 {
		t.Fatal("unknown fields in a nested definition must be rejected")
	}
}

// TestSchemaRejects pins a few mistakes an editor should flag.
func TestSchemaRejects(t *testing.T) {
	c := loadSchema(t)
	tests := []struct{ name, doc string }{
		{"unknown stage field", `{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","jointype":"AND"}]}`},
		{"bad join type", `{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","join_type":"XOR"}]}`},
		{"§4.8 string flag", `{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","context":{"failPipeline":"false"}}]}`},
		{"§4.8 continuePipeline", `{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","context":{"continuePipeline":true}}]}`},
		{"unknown reducer", `{"application":"a","name":"n","stages":[{"ref_id":"a","type":"noop","output_reducers":{"x":"avg"}}]}`},
		{"empty stages", `{"application":"a","name":"n","stages":[]}`},
		{"runtime status", `{"application":"a","name":"n","status":"RUNNING","stages":[{"ref_id":"a","type":"noop"}]}`},
		{"missing application", `{"name":"n","stages":[{"ref_id":"a","type":"noop"}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc any
			if err := json.Unmarshal([]byte(tc.doc), &doc); err != nil {
				t.Fatal(err)
			}
			if len(c.check(c.root, doc, "")) == 0 {
				t.Fatal("schema accepted an invalid definition")
			}
		})
	}
}

// TestSchemaCoversGoFields: every JSON field of the model types appears in
// the schema definition for that type, and the schema lists no other.
func TestSchemaCoversGoFields(t *testing.T) {
	c := loadSchema(t)
	defs := c.root["$defs"].(map[string]any)
	types := map[string]reflect.Type{
		"workflow_body": reflect.TypeFor[Workflow](), "trigger": reflect.TypeFor[Trigger](),
		"paused": reflect.TypeFor[PausedDetails](), "stage": reflect.TypeFor[StageExecution](),
		"mi_config": reflect.TypeFor[MultiInstanceConfig](), "task": reflect.TypeFor[TaskExecution](),
	}
	seen := map[reflect.Type]bool{}
	for name, typ := range types {
		seen[typ] = true
		t.Run(name, func(t *testing.T) {
			def, ok := defs[name].(map[string]any)
			if !ok {
				t.Fatalf("$defs/%s missing", name)
			}
			props, _ := def["properties"].(map[string]any)
			goFields := slices.Sorted(maps.Keys(jsonFields(typ)))
			schemaFields := slices.Sorted(maps.Keys(props))
			if !slices.Equal(goFields, schemaFields) {
				t.Fatalf("fields differ:\nGo:     %v\nschema: %v", goFields, schemaFields)
			}
		})
	}
	// Every struct reachable from Workflow must be one of the types above.
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		if !seen[typ] {
			t.Errorf("struct %s reachable from Workflow has no schema definition", typ)
			return
		}
		for i := range typ.NumField() {
			if typ.Field(i).IsExported() {
				walk(typ.Field(i).Type)
			}
		}
	}
	for i := range reflect.TypeFor[Workflow]().NumField() {
		walk(reflect.TypeFor[Workflow]().Field(i).Type)
	}
}
