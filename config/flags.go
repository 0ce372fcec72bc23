package config

import (
	"fmt"

	"github.com/spf13/pflag"
)

// FlagConfig is the flag that names the config file.
const FlagConfig = "config"

// EnvConfig is the environment variable that names the config file when
// the flag is absent.
const EnvConfig = EnvPrefix + "CONFIG"

// DefaultFile is the config file read from the working directory when
// neither --config nor STABILIZE_CONFIG names one.
const DefaultFile = "stabilize.yaml"

// AddConfigFlag registers --config on fs.
func AddConfigFlag(fs *pflag.FlagSet) {
	fs.String(FlagConfig, "", "config file (default: ./"+DefaultFile+" if present; env "+EnvConfig+")")
}

// AddFlags registers on fs the flags of the named keys, with their defaults
// and usage from the key table. It panics on an unknown name: the names are
// constants of this package.
func AddFlags(fs *pflag.FlagSet, names ...string) {
	for _, name := range names {
		k, ok := Lookup(name)
		if !ok {
			panic(fmt.Sprintf("config: AddFlags: unknown key %q", name))
		}
		usage := k.Usage + " (env " + k.Env() + ")"
		switch k.Kind {
		case KindString:
			fs.String(k.Flag, k.Default.(string), usage)
		case KindBool:
			fs.Bool(k.Flag, k.Default.(bool), usage)
		case KindInt:
			fs.Int(k.Flag, k.Default.(int), usage)
		case KindList:
			fs.StringSlice(k.Flag, k.Default.([]string), usage)
		}
	}
}

// flagValue returns a changed flag's value in the raw form coerce accepts.
func flagValue(f *pflag.Flag) any {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		return sv.GetSlice()
	}
	return f.Value.String()
}

// fillFlag sets a flag the user did not pass to the effective value, so a
// command that reads its flags sees the same value as Config (the
// stingoftheviper wiring). The Changed bit is restored: the flag still
// counts as not given.
func fillFlag(f *pflag.Flag, value any) error {
	var err error
	switch v := value.(type) {
	case []string:
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			err = sv.Replace(v)
		}
	default:
		err = f.Value.Set(fmt.Sprint(v))
	}
	if err != nil {
		return fmt.Errorf("set flag --%s to %v: %w", f.Name, value, err)
	}
	return nil
}
