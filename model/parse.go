package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// Format is the syntax of a definition document.
type Format uint8

// Definition formats.
const (
	FormatYAML Format = iota
	FormatJSON
)

// DetectFormat picks the format of a definition: by the extension of name
// (.json, or .yaml/.yml), else by content: a document whose first
// non-blank character is '{' or '[' is JSON, anything else YAML. The
// content rule serves stdin ("-").
func DetectFormat(name string, data []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return FormatJSON
	case ".yaml", ".yml":
		return FormatYAML
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return FormatJSON
	}
	return FormatYAML
}

// parseDocument decodes data into JSON values (nil, bool, float64, string,
// []any, map[string]any), whatever the format, so that JSON and YAML
// definitions decode to equal models.
func parseDocument(format Format, data []byte) (any, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if format == FormatJSON {
		return parseJSON(data)
	}
	return parseYAML(data)
}

func parseJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := lineCol(data, se.Offset-1)
			return nil, fmt.Errorf("%w: JSON line %d column %d: %s", ErrSyntax, line, col, se.Error())
		}
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty document: expected a JSON object", ErrSyntax)
		}
		return nil, fmt.Errorf("%w: JSON: %s", ErrSyntax, err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line, col := lineCol(data, dec.InputOffset())
		return nil, fmt.Errorf("%w: JSON line %d column %d: unexpected data after the top-level value", ErrSyntax, line, col)
	}
	return v, nil
}

// lineCol returns the 1-based line and column of the byte at offset.
func lineCol(data []byte, offset int64) (int, int) {
	offset = max(offset, 0)
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// maxYAMLNodes bounds alias expansion ("billion laughs").
const maxYAMLNodes = 1_000_000

func parseYAML(data []byte) (any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: empty document: expected a YAML mapping", ErrSyntax)
		}
		return nil, fmt.Errorf("%w: YAML: %s", ErrSyntax, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: YAML: expected a single document, found another at line %d", ErrSyntax, extra.Line)
	}
	c := &yamlConverter{}
	return c.convert(&doc)
}

// yamlConverter turns a yaml.Node tree into JSON values.
type yamlConverter struct{ nodes int }

func (c *yamlConverter) convert(n *yaml.Node) (any, error) {
	c.nodes++
	if c.nodes > maxYAMLNodes {
		return nil, fmt.Errorf("%w: YAML: more than %d nodes after alias expansion", ErrSyntax, maxYAMLNodes)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.convert(n.Content[0])
	case yaml.AliasNode:
		return c.convert(n.Alias)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, e := range n.Content {
			v, err := c.convert(e)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.ScalarNode:
		return scalar(n)
	}
	return nil, fmt.Errorf("%w: YAML line %d: unsupported node", ErrSyntax, n.Line)
}

func (c *yamlConverter) mapping(n *yaml.Node) (map[string]any, error) {
	out := make(map[string]any, len(n.Content)/2)
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%w: YAML line %d: a mapping key must be a scalar", ErrSyntax, k.Line)
		}
		if k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("%w: YAML line %d: duplicate key %q", ErrSyntax, k.Line, k.Value)
		}
		val, err := c.convert(v)
		if err != nil {
			return nil, err
		}
		out[k.Value] = val
	}
	// "<<: *base" fills in the keys the mapping does not set itself.
	for _, m := range merges {
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, src := range srcs {
			v, err := c.convert(src)
			if err != nil {
				return nil, err
			}
			mm, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%w: YAML line %d: a merge key needs a mapping", ErrSyntax, src.Line)
			}
			for k, e := range mm {
				if _, set := out[k]; !set {
					out[k] = e
				}
			}
		}
	}
	return out, nil
}

func scalar(n *yaml.Node) (any, error) {
	switch n.ShortTag() {
	case "!!null":
		return nil, nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return nil, fmt.Errorf("%w: YAML line %d: %s", ErrSyntax, n.Line, err.Error())
		}
		return b, nil
	case "!!int", "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("%w: YAML line %d: number %q: %s", ErrSyntax, n.Line, n.Value, err.Error())
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("%w: YAML line %d: number %q has no JSON form", ErrSyntax, n.Line, n.Value)
		}
		return f, nil
	case "!!str", "!!timestamp", "!!binary":
		return n.Value, nil
	}
	return nil, fmt.Errorf("%w: YAML line %d: unsupported tag %s: expected a JSON-compatible value", ErrSyntax, n.Line, n.Tag)
}
