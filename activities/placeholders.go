package activities

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// fillPlaceholders replaces each {key} in s with the stage context's value
// of key, as Stabilize's shell task does, so that "echo deploy {lint}" sees
// an upstream stage's output. A key may be a dotted path into nested
// objects and lists ({build.image}, {hosts.0}). Strings are inserted as
// they are, numbers and booleans as written in JSON, objects and lists as
// JSON. Text is inserted verbatim: quote placeholders in the command when
// values may hold shell syntax.
//
// "{{" and "}}" stand for literal braces, "${NAME}" is left to the shell,
// and braces around anything that is not a key ("{print $1}") are kept. A
// key that is missing or null is an error naming it: an empty string would
// run a different command than the one written.
func fillPlaceholders(s string, ctx map[string]any) (string, error) {
	if !strings.ContainsAny(s, "{}") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			b.WriteByte('{')
			i++
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			b.WriteByte('}')
			i++
		case c == '{' && (i == 0 || s[i-1] != '$'):
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 || !isPlaceholderKey(s[i+1:i+1+end]) {
				b.WriteByte(c)
				continue
			}
			key := s[i+1 : i+1+end]
			v, err := lookupPath(ctx, key)
			if err != nil {
				return "", fmt.Errorf("placeholder {%s}: %w", key, err)
			}
			b.WriteString(v)
			i += end + 1
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// isPlaceholderKey reports an identifier path: letters, digits, _ and -,
// dot-separated, starting with a letter or _.
func isPlaceholderKey(k string) bool {
	if k == "" || !(k[0] == '_' || isLetter(k[0])) {
		return false
	}
	for _, part := range strings.Split(k, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(isLetter(c) || c == '_' || c == '-' || (c >= '0' && c <= '9')) {
				return false
			}
		}
	}
	return true
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// lookupPath resolves a dotted path in the context and renders the value.
func lookupPath(ctx map[string]any, path string) (string, error) {
	var cur any = ctx
	walked := ""
	for _, part := range strings.Split(path, ".") {
		switch node := cur.(type) {
		case map[string]any:
			v, ok := node[part]
			if !ok {
				if walked == "" {
					return "", fmt.Errorf("no key %q in the stage context", part)
				}
				return "", fmt.Errorf("no key %q in context value %s", part, walked)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(node) {
				return "", fmt.Errorf("index %q out of range for list %s of length %d", part, walked, len(node))
			}
			cur = node[i]
		default:
			return "", fmt.Errorf("context value %s is not an object or a list", walked)
		}
		walked = strings.TrimPrefix(walked+"."+part, ".")
	}
	if cur == nil {
		return "", fmt.Errorf("context value %s is null", walked)
	}
	if s, ok := scalarString(cur); ok {
		return s, nil
	}
	b, err := json.Marshal(cur)
	if err != nil {
		return "", fmt.Errorf("render context value %s: %w", walked, err)
	}
	return string(b), nil
}
