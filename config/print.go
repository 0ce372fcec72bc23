package config

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Mask is what a set secret prints as.
const Mask = "********"

// Masked returns a copy of c with every secret key replaced by Mask when
// set, so it can be printed or logged.
func (c Config) Masked() Config {
	if c.APIKey != "" {
		c.APIKey = Mask
	}
	return c
}

// Setting is one key's effective value, masked if secret, and its origin.
type Setting struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Origin Origin `json:"origin"`
	Env    string `json:"env"`
}

// Settings lists every key with its masked effective value and origin,
// sorted by key.
func (l *Loaded) Settings() []Setting {
	m := l.Masked()
	values := map[string]any{
		KeyAddress: m.Address, KeyNamespace: m.Namespace, KeyTaskQueue: m.TaskQueue,
		KeyTLSCert: m.TLS.Cert, KeyTLSKey: m.TLS.Key, KeyTLSCA: m.TLS.CA, KeyAPIKey: m.APIKey,
		KeyOutput: string(m.Output), KeyTasksDisabled: m.Tasks.Disabled, KeyTasksAllowed: m.Tasks.Allowed,
		KeyHTTPAllowPrivate: m.HTTP.AllowPrivate, KeyHTTPAllowedHosts: m.HTTP.AllowedHosts,
		KeyOutputMaxBytes: m.OutputMaxBytes, KeyMaxPendingTasks: m.Engine.MaxPendingTasks,
		KeyContinueAsNewEvents: m.Engine.ContinueAsNewEvents,
	}
	var out []Setting
	for _, k := range Keys() {
		out = append(out, Setting{Key: k.Name, Value: values[k.Name], Origin: l.Origins[k.Name], Env: k.Env()})
	}
	return out
}

// Print writes the effective configuration with secrets masked: one
// "key = value  # origin" line per key in text, or a JSON object with the
// file, the masked config and the origins.
func (l *Loaded) Print(w io.Writer, format Output) error {
	if format == OutputJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			File    string            `json:"file"`
			Config  Config            `json:"config"`
			Origins map[string]Origin `json:"origins"`
		}{l.File, l.Masked(), l.Origins})
	}
	file := l.File
	if file == "" {
		file = "(none)"
	}
	if _, err := fmt.Fprintf(w, "# config file: %s\n", file); err != nil {
		return err
	}
	for _, s := range l.Settings() {
		val := fmt.Sprint(s.Value)
		switch v := s.Value.(type) {
		case string:
			val = fmt.Sprintf("%q", v)
		case []string:
			val = "[" + strings.Join(v, ", ") + "]"
		}
		if _, err := fmt.Fprintf(w, "%s = %s  # %s\n", s.Key, val, s.Origin); err != nil {
			return err
		}
	}
	return nil
}
