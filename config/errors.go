package config

import (
	"errors"
	"fmt"
)

// ErrUnknownKey is wrapped by the KeyError of a key that the config file
// sets but that does not exist.
var ErrUnknownKey = errors.New("unknown key")

// KeyError is an invalid configuration value: it names the key, where the
// value came from and the value itself.
type KeyError struct {
	// Key is the dotted key, e.g. "output".
	Key string
	// Origin is where the offending value was set.
	Origin Origin
	// Value is the offending value.
	Value any
	// Err says what was expected.
	Err error
}

// Error returns "config key <key> (from <origin>): <err> (got <value>)".
func (e *KeyError) Error() string {
	return fmt.Sprintf("config key %s (from %s): %v (got %#v)", e.Key, e.Origin, e.Err, e.Value)
}

// Unwrap returns the underlying reason.
func (e *KeyError) Unwrap() error { return e.Err }
