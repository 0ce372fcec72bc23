package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// LoadOptions say where Load finds the layers of configuration. The zero
// value reads ./stabilize.yaml if present and the process environment.
type LoadOptions struct {
	// Flags is the parsed flag set; flags that were given override every
	// other layer, and the others are filled with the effective values.
	// Optional: no flags.
	Flags *pflag.FlagSet
	// LookupEnv reads the environment. Optional: defaults to os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// File is the config file to read; it must exist. Optional: defaults to
	// the --config flag, then STABILIZE_CONFIG, then DefaultFile in Dir if
	// that exists.
	File string
	// Dir is where DefaultFile is looked for. Optional: defaults to the
	// working directory.
	Dir string
}

// Loaded is the effective configuration and where each value came from.
type Loaded struct {
	Config
	// File is the config file that was read, or "" if none.
	File string
	// Origins maps every key name to the layer that set its value.
	Origins map[string]Origin
	// Warnings name the keys that the environment set over the file, a
	// common surprise (as temporalio/cli warns).
	Warnings []string
}

// Load merges defaults < file < environment (STABILIZE_*) < flags, checks
// every key and decodes them once into a validated Config. Every problem
// is reported, each naming its key, joined into one error.
func Load(o LoadOptions) (*Loaded, error) {
	lookup := o.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	v := viper.New()
	origins := make(map[string]Origin, len(keys))
	for _, k := range keys {
		v.SetDefault(k.Name, k.Default)
		origins[k.Name] = OriginDefault
	}

	file, err := configFile(o, lookup)
	if err != nil {
		return nil, err
	}
	var errs []error
	if file != "" {
		set, err := readFile(v, file)
		if err != nil {
			return nil, err
		}
		for _, name := range slices.Sorted(maps.Keys(set)) {
			if _, ok := Lookup(name); ok {
				origins[name] = OriginFile
				continue
			}
			errs = append(errs, unknownKey(name, set[name]))
		}
	}
	var warnings []string
	for _, k := range keys {
		if val, ok := lookup(k.Env()); ok {
			if origins[k.Name] == OriginFile {
				warnings = append(warnings, fmt.Sprintf("environment %s overrides %s from %s", k.Env(), k.Name, file))
			}
			v.Set(k.Name, val)
			origins[k.Name] = OriginEnv
		}
	}
	if o.Flags != nil {
		for _, k := range keys {
			if f := o.Flags.Lookup(k.Flag); f != nil && f.Changed {
				v.Set(k.Name, flagValue(f))
				origins[k.Name] = OriginFlag
			}
		}
	}

	// Coerce every value to its kind first, so each bad value is reported
	// with its key, then decode once.
	for _, k := range keys {
		raw := v.Get(k.Name)
		val, err := coerce(k.Kind, raw)
		if err != nil {
			errs = append(errs, &KeyError{Key: k.Name, Origin: origins[k.Name], Value: raw, Err: err})
			continue
		}
		v.Set(k.Name, val)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("decode config: %w", err)
	}
	if err := c.Validate(origins); err != nil {
		return nil, err
	}
	if o.Flags != nil {
		if err := fillFlags(o.Flags, v, origins); err != nil {
			return nil, err
		}
	}
	return &Loaded{Config: c, File: file, Origins: origins, Warnings: warnings}, nil
}

// configFile picks the file to read: explicit, flag, environment, or the
// default file if it exists.
func configFile(o LoadOptions, lookup func(string) (string, bool)) (string, error) {
	if o.File != "" {
		return o.File, nil
	}
	if o.Flags != nil {
		if f := o.Flags.Lookup(FlagConfig); f != nil && f.Value.String() != "" {
			return f.Value.String(), nil
		}
	}
	if p, ok := lookup(EnvConfig); ok && p != "" {
		return p, nil
	}
	p := filepath.Join(o.Dir, DefaultFile)
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		return "", fmt.Errorf("look for config file %s: %w", p, err)
	}
	return p, nil
}

// readFile reads a YAML or JSON config file into v and returns the dotted
// keys it sets, with their values.
func readFile(v *viper.Viper, path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config file: %w", err)
	}
	typ := strings.TrimPrefix(filepath.Ext(path), ".")
	if typ == "" || typ == "yml" {
		typ = "yaml"
	}
	// A separate instance sees only the file's keys, not the defaults.
	only := viper.New()
	only.SetConfigType(typ)
	if err := only.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("parse config file %s: %w", path, err)
	}
	set := make(map[string]any)
	for _, k := range only.AllKeys() {
		set[k] = only.Get(k)
		v.Set(k, set[k])
	}
	return set, nil
}

// unknownKey explains a key of the file that is not in the table.
func unknownKey(name string, value any) error {
	err := ErrUnknownKey
	if isSection(name) {
		err = fmt.Errorf("%w: %s is a section, expected a mapping of its keys", ErrUnknownKey, name)
	} else if i := strings.LastIndex(name, "."); i > 0 && !isSection(name[:i]) {
		err = fmt.Errorf("%w: no section %s", ErrUnknownKey, name[:i])
	}
	return &KeyError{Key: name, Origin: OriginFile, Value: value, Err: fmt.Errorf("%w; known keys: %s", err, strings.Join(names(), ", "))}
}

// names lists the key names, sorted.
func names() []string {
	var out []string
	for _, k := range Keys() {
		out = append(out, k.Name)
	}
	return out
}

// fillFlags gives the flags that were not passed the effective values set
// by the file or the environment.
func fillFlags(fs *pflag.FlagSet, v *viper.Viper, origins map[string]Origin) error {
	for _, k := range keys {
		f := fs.Lookup(k.Flag)
		if f == nil || f.Changed || origins[k.Name] == OriginDefault {
			continue
		}
		if err := fillFlag(f, v.Get(k.Name)); err != nil {
			return err
		}
		f.Changed = false
	}
	return nil
}
