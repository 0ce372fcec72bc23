package config

import (
	"fmt"
	"strconv"
	"strings"
)

// coerce converts a raw value from a file (YAML types), the environment or
// a flag (strings) to the Go type of kind: string, bool, int or []string.
func coerce(kind Kind, raw any) (any, error) {
	switch kind {
	case KindString:
		switch v := raw.(type) {
		case string:
			return v, nil
		case int, int64, float64, bool:
			return fmt.Sprint(v), nil
		}
	case KindBool:
		switch v := raw.(type) {
		case bool:
			return v, nil
		case string:
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return nil, fmt.Errorf("expected %s (true or false)", kind)
			}
			return b, nil
		}
	case KindInt:
		switch v := raw.(type) {
		case int:
			return v, nil
		case int64:
			return int(v), nil
		case float64:
			if v == float64(int(v)) {
				return int(v), nil
			}
		case string:
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return nil, fmt.Errorf("expected %s", kind)
			}
			return n, nil
		}
	case KindList:
		switch v := raw.(type) {
		case []string:
			return v, nil
		case string:
			return splitList(v), nil
		case []any:
			out := make([]string, 0, len(v))
			for i, e := range v {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("expected %s, item %d is %T", kind, i, e)
				}
				out = append(out, s)
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("expected %s", kind)
}

// splitList splits a comma-separated list, trimming blanks and dropping
// empty items, so "" is the empty list.
func splitList(s string) []string {
	out := []string{}
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
