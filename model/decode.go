package model

import (
	"encoding"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// decoder fills Go values from JSON values strictly: unknown fields and
// values of the wrong type are problems, each with its path. It keeps
// going after a problem so that one pass reports them all.
type decoder struct{ probs *problems }

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// decode stores v, found at path, into rv.
func (d *decoder) decode(path string, v any, rv reflect.Value) {
	t := rv.Type()
	if v == nil {
		// null leaves the zero value: Python exports None for unset fields.
		rv.SetZero()
		return
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		s, ok := v.(string)
		if !ok {
			d.wrongType(path, v, "a string")
			return
		}
		if err := rv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			d.probs.add(path, v, ErrInvalid, "%s", err.Error())
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			d.wrongType(path, v, "a string")
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			d.wrongType(path, v, "a boolean")
			return
		}
		rv.SetBool(b)
	case reflect.Int, reflect.Int64:
		f, ok := v.(float64)
		if !ok {
			d.wrongType(path, v, "an integer")
			return
		}
		if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			d.probs.add(path, v, ErrType, "expected an integer")
			return
		}
		rv.SetInt(int64(f))
	case reflect.Interface:
		rv.Set(reflect.ValueOf(CloneValue(v)))
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if def, ok := p.Interface().(interface{ setDecodeDefaults() }); ok {
			def.setDecodeDefaults()
		}
		d.decode(path, v, p.Elem())
		rv.Set(p)
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			d.wrongType(path, v, "an array")
			return
		}
		s := reflect.MakeSlice(t, len(l), len(l))
		for i, e := range l {
			d.decode(indexPath(path, i), e, s.Index(i))
		}
		rv.Set(s)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			d.wrongType(path, v, "an object")
			return
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for _, k := range sortedKeys(m) {
			e := reflect.New(t.Elem()).Elem()
			d.decode(joinPath(path, k), m[k], e)
			out.SetMapIndex(reflect.ValueOf(k), e)
		}
		rv.Set(out)
	case reflect.Struct:
		d.decodeStruct(path, v, rv)
	default:
		panic(fmt.Sprintf("model: decode: unsupported type %s", t))
	}
}

func (d *decoder) decodeStruct(path string, v any, rv reflect.Value) {
	m, ok := v.(map[string]any)
	if !ok {
		d.wrongType(path, v, "an object")
		return
	}
	fields := jsonFields(rv.Type())
	for _, k := range sortedKeys(m) {
		i, ok := fields[k]
		if !ok {
			d.unknownField(joinPath(path, k), m[k], slices.Sorted(maps.Keys(fields)))
			continue
		}
		d.decode(joinPath(path, k), m[k], rv.Field(i))
	}
}

func (d *decoder) wrongType(path string, v any, want string) {
	d.probs.add(path, v, ErrType, "expected %s", want)
}

func (d *decoder) unknownField(path string, v any, known []string) {
	name := path[strings.LastIndexAny(path, ".[")+1:]
	name = strings.Trim(name, `"]`)
	if s := suggest(name, known); s != "" {
		d.probs.add(path, v, ErrUnknownField, "did you mean %q?", s)
		return
	}
	d.probs.add(path, v, ErrUnknownField, "expected one of %s", strings.Join(known, ", "))
}

// fieldCache memoizes jsonFields per struct type.
var fieldCache sync.Map // reflect.Type -> map[string]int

// jsonFields maps the JSON names of a struct's fields to their indexes.
// The result is shared: callers must not modify it.
func jsonFields(t reflect.Type) map[string]int {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]int)
	}
	out := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = i
	}
	fieldCache.Store(t, out)
	return out
}

// setDecodeDefaults presets sync_on_complete to true, Stabilize's default
// when the field is absent.
func (c *MultiInstanceConfig) setDecodeDefaults() { c.SyncOnComplete = true }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
