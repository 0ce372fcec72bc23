package model

import (
	"encoding/json"
	"fmt"
)

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64, float32, int, int64, int32, uint64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// maxRendered bounds how much of a value an error message shows.
const maxRendered = 80

// renderValue renders v as compact JSON, shortened to maxRendered bytes.
func renderValue(v any) string {
	b, err := json.Marshal(v)
	s := string(b)
	if err != nil {
		s = fmt.Sprintf("%v", v)
	}
	if len(s) > maxRendered {
		s = s[:maxRendered-3] + "..."
	}
	return s
}
