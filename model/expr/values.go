package expr

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Tuple is the value of a tuple expression such as (1, 2) or a bare
// top-level `1, 2`. It is distinct from a list ([]any): Python never finds
// a tuple equal to a list and cannot order one against the other.
type Tuple []any

// Bytes is the value of a bytes literal such as b"abc". It is distinct from
// a string: b"a" == "a" is false, and bytes cannot be ordered against a
// string. The underlying string holds the raw bytes.
type Bytes string

// Truthy reports Python truthiness: false for null, false, 0, 0.0, "", b"",
// and an empty list, tuple or map; true for anything else (NaN included).
func Truthy(v any) bool {
	switch x := normalize(v).(type) {
	case nil:
		return false
	case bool:
		return x
	case int64:
		return x != 0
	case float64:
		return x != 0
	case *big.Int:
		return x.Sign() != 0
	case string:
		return x != ""
	case Bytes:
		return x != ""
	case []any:
		return len(x) > 0
	case Tuple:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// normalize maps the defensive input types (Go integer kinds, float32,
// json.Number, typed slices and string-keyed maps) onto the value model the
// evaluator works with: nil, bool, int64, *big.Int (beyond int64), float64,
// string, Bytes, []any, Tuple and map[string]any.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, bool, int64, float64, string, []any, map[string]any, Tuple, Bytes:
		return v
	case *big.Int:
		if x == nil {
			return nil
		}
		return normalizeBig(x)
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return normalizeUint(uint64(x))
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return normalizeUint(x)
	case float32:
		return float64(x)
	case json.Number:
		if n, ok := new(big.Int).SetString(string(x), 10); ok {
			return normalizeBig(n)
		}
		if f, err := strconv.ParseFloat(string(x), 64); err == nil || isRangeError(err) {
			return f
		}
		return string(x)
	}
	return normalizeReflect(v)
}

// normalizeReflect converts other slices to []any and maps with string keys
// to map[string]any; anything else is returned unchanged (and behaves as an
// opaque, truthy value that equals only itself).
func normalizeReflect(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return []any{}
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return v
		}
		out := make(map[string]any, rv.Len())
		iter := rv.MapRange()
		for iter.Next() {
			out[iter.Key().String()] = iter.Value().Interface()
		}
		return out
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil
		}
	}
	return v
}

func normalizeUint(u uint64) any {
	if u <= math.MaxInt64 {
		return int64(u)
	}
	return new(big.Int).SetUint64(u)
}

// normalizeBig returns n as an int64 when it fits, else n itself.
func normalizeBig(n *big.Int) any {
	if n.IsInt64() {
		return n.Int64()
	}
	return n
}

// typeName names the type of v in error messages, in the vocabulary of the
// JSON data the expressions read.
func typeName(v any) string {
	switch normalize(v).(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case string:
		return "string"
	case Bytes:
		return "bytes"
	case []any:
		return "list"
	case Tuple:
		return "tuple"
	case map[string]any:
		return "map"
	}
	return fmt.Sprintf("%T", v)
}

// maxRepr bounds the length of a value quoted in an error message.
const maxRepr = 60

// repr formats v for error messages (JSON-like, map keys sorted) and
// truncates long results.
func repr(v any) string {
	var b strings.Builder
	writeRepr(&b, v, 0)
	s := b.String()
	if len(s) > maxRepr {
		s = s[:maxRepr] + "..."
	}
	return s
}

func writeRepr(b *strings.Builder, v any, depth int) {
	if b.Len() > maxRepr || depth > 8 {
		b.WriteString("...")
		return
	}
	switch x := normalize(v).(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case *big.Int:
		b.WriteString(x.String())
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eIN") {
			s += ".0"
		}
		b.WriteString(s)
	case string:
		b.WriteString(strconv.Quote(x))
	case Bytes:
		b.WriteString("b" + strconv.Quote(string(x)))
	case []any:
		writeSeq(b, "[", "]", x, depth)
	case Tuple:
		writeSeq(b, "(", ")", x, depth)
	case map[string]any:
		b.WriteString("{")
		for i, k := range slices.Sorted(maps.Keys(x)) {
			if i > 0 {
				b.WriteString(", ")
			}
			if b.Len() > maxRepr {
				b.WriteString("...")
				break
			}
			b.WriteString(strconv.Quote(k) + ": ")
			writeRepr(b, x[k], depth+1)
		}
		b.WriteString("}")
	default:
		fmt.Fprintf(b, "%v", x)
	}
}

func writeSeq(b *strings.Builder, open, close string, xs []any, depth int) {
	b.WriteString(open)
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		if b.Len() > maxRepr {
			b.WriteString("...")
			break
		}
		writeRepr(b, x, depth+1)
	}
	b.WriteString(close)
}
