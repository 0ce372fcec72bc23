package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// env returns a LookupEnv over a fixed map.
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// writeFile writes a config file in a fresh directory and returns its dir.
func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
	return dir
}

// flags returns a flag set with every key's flag, parsed from args.
func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	AddConfigFlag(fs)
	AddFlags(fs, names()...)
	require.NoError(t, fs.Parse(args))
	return fs
}

func TestLoadPrecedence(t *testing.T) {
	const file = "namespace: from-file\ntask_queue: q-file\nengine:\n  max_pending_tasks: 7\ntasks:\n  disabled: [shell]\n"
	tests := []struct {
		name   string
		file   string
		env    map[string]string
		args   []string
		check  func(t *testing.T, l *Loaded)
		check2 func(t *testing.T, l *Loaded)
		origin map[string]Origin
	}{{
		name: "style.md §6 defaults only",
		check: func(t *testing.T, l *Loaded) {
			assert.Equal(t, Default(), l.Config)
			assert.Equal(t, "", l.File)
			assert.True(t, l.Embedded())
			assert.Equal(t, DefaultDialAddress, l.DialAddress())
		},
		origin: map[string]Origin{KeyNamespace: OriginDefault, KeyAddress: OriginDefault},
	}, {
		name: "style.md §6 file overrides defaults",
		file: file,
		check: func(t *testing.T, l *Loaded) {
			assert.Equal(t, "from-file", l.Namespace)
			assert.Equal(t, "q-file", l.TaskQueue)
			assert.Equal(t, 7, l.Engine.MaxPendingTasks)
			assert.Equal(t, []string{"shell"}, l.Tasks.Disabled)
			assert.Equal(t, DefaultOutputMaxBytes, l.OutputMaxBytes)
		},
		origin: map[string]Origin{KeyNamespace: OriginFile, KeyMaxPendingTasks: OriginFile, KeyOutputMaxBytes: OriginDefault},
	}, {
		name: "style.md §6 environment overrides file",
		file: file,
		env: map[string]string{"STABILIZE_NAMESPACE": "from-env", "STABILIZE_ENGINE_MAX_PENDING_TASKS": "9",
			"STABILIZE_TASKS_DISABLED": "shell, http", "STABILIZE_HTTP_ALLOW_PRIVATE": "true"},
		check: func(t *testing.T, l *Loaded) {
			assert.Equal(t, "from-env", l.Namespace)
			assert.Equal(t, "q-file", l.TaskQueue)
			assert.Equal(t, 9, l.Engine.MaxPendingTasks)
			assert.Equal(t, []string{"shell", "http"}, l.Tasks.Disabled)
			assert.True(t, l.HTTP.AllowPrivate)
		},
		origin: map[string]Origin{KeyNamespace: OriginEnv, KeyTaskQueue: OriginFile, KeyHTTPAllowPrivate: OriginEnv},
		check2: func(t *testing.T, l *Loaded) {
			assert.Len(t, l.Warnings, 3, "namespace, max_pending_tasks and tasks.disabled come from both")
			assert.Contains(t, l.Warnings[0], "STABILIZE_")
		},
	}, {
		name: "style.md §6 flags override environment",
		file: file,
		env:  map[string]string{"STABILIZE_NAMESPACE": "from-env", "STABILIZE_TASK_QUEUE": "q-env"},
		args: []string{"--namespace", "from-flag", "--tasks-disabled", "fail", "--address", "h:1"},
		check: func(t *testing.T, l *Loaded) {
			assert.Equal(t, "from-flag", l.Namespace)
			assert.Equal(t, "q-env", l.TaskQueue)
			assert.Equal(t, []string{"fail"}, l.Tasks.Disabled)
			assert.Equal(t, "h:1", l.DialAddress())
			assert.False(t, l.Embedded())
		},
		origin: map[string]Origin{KeyNamespace: OriginFlag, KeyTaskQueue: OriginEnv, KeyTasksDisabled: OriginFlag, KeyAddress: OriginFlag},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				dir = writeFile(t, DefaultFile, tc.file)
			}
			l, err := Load(LoadOptions{Flags: flags(t, tc.args...), LookupEnv: env(tc.env), Dir: dir})
			require.NoError(t, err)
			tc.check(t, l)
			if tc.check2 != nil {
				tc.check2(t, l)
			} else if tc.file == "" || tc.env == nil {
				assert.Empty(t, l.Warnings)
			}
			for k, o := range tc.origin {
				assert.Equal(t, o, l.Origins[k], "origin of %s", k)
			}
		})
	}
}

func TestLoadFillsFlagsNotGiven(t *testing.T) {
	// stingoftheviper: a flag not given shows the effective value, and
	// still counts as not given.
	fs := flags(t)
	_, err := Load(LoadOptions{Flags: fs, LookupEnv: env(map[string]string{"STABILIZE_TASK_QUEUE": "q-env"}), Dir: t.TempDir()})
	require.NoError(t, err)
	f := fs.Lookup("task-queue")
	assert.Equal(t, "q-env", f.Value.String())
	assert.False(t, f.Changed)
}

func TestLoadFileChoice(t *testing.T) {
	dir := writeFile(t, "other.yaml", "namespace: other\n")
	t.Run("--config names the file", func(t *testing.T) {
		l, err := Load(LoadOptions{Flags: flags(t, "--config", filepath.Join(dir, "other.yaml")), LookupEnv: env(nil), Dir: t.TempDir()})
		require.NoError(t, err)
		assert.Equal(t, "other", l.Namespace)
		assert.Equal(t, filepath.Join(dir, "other.yaml"), l.File)
	})
	t.Run("STABILIZE_CONFIG names the file", func(t *testing.T) {
		l, err := Load(LoadOptions{LookupEnv: env(map[string]string{EnvConfig: filepath.Join(dir, "other.yaml")}), Dir: t.TempDir()})
		require.NoError(t, err)
		assert.Equal(t, "other", l.Namespace)
	})
	t.Run("a named file that is missing is an error", func(t *testing.T) {
		_, err := Load(LoadOptions{File: filepath.Join(dir, "missing.yaml"), LookupEnv: env(nil)})
		require.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("JSON files are read by extension", func(t *testing.T) {
		jdir := writeFile(t, "c.json", `{"tls": {"ca": "/ca.pem"}}`)
		l, err := Load(LoadOptions{File: filepath.Join(jdir, "c.json"), LookupEnv: env(nil)})
		require.NoError(t, err)
		assert.Equal(t, "/ca.pem", l.TLS.CA)
		assert.True(t, l.TLS.Enabled())
	})
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  map[string]string
		args []string
		keys []string // every key the error must name
		want string
	}{
		{name: "unknown key in file", file: "namespce: x\n", keys: []string{"namespce"}, want: "unknown key"},
		{name: "unknown nested key names the section", file: "tls:\n  crt: a\n", keys: []string{"tls.crt"}, want: "unknown key"},
		{name: "a section given a scalar", file: "tls: /a.pem\n", keys: []string{"tls"}, want: "is a section"},
		{name: "output not text or json", env: map[string]string{"STABILIZE_OUTPUT": "xml"}, keys: []string{"output"}, want: `expected "text" or "json"`},
		{name: "int from env that is not a number", env: map[string]string{"STABILIZE_OUTPUT_MAX_BYTES": "lots"}, keys: []string{"output_max_bytes"}, want: "expected an integer"},
		{name: "bool from file that is a list", file: "http:\n  allow_private: [1]\n", keys: []string{"http.allow_private"}, want: "expected a boolean"},
		{name: "address without port", args: []string{"--address", "localhost"}, keys: []string{"address"}, want: "expected host:port"},
		{name: "tls key without cert", file: "tls:\n  key: k.pem\n", keys: []string{"tls.cert"}, want: "because tls.key is set"},
		{name: "every problem is reported", env: map[string]string{"STABILIZE_NAMESPACE": " ", "STABILIZE_ENGINE_MAX_PENDING_TASKS": "0"},
			keys: []string{"namespace", "engine.max_pending_tasks"}, want: "expected a positive number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.file != "" {
				dir = writeFile(t, DefaultFile, tc.file)
			}
			_, err := Load(LoadOptions{Flags: flags(t, tc.args...), LookupEnv: env(tc.env), Dir: dir})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var ke *KeyError
			require.True(t, errors.As(err, &ke), "a *KeyError in %v", err)
			for _, k := range tc.keys {
				assert.Contains(t, err.Error(), "config key "+k+" ")
			}
		})
	}
}

func TestMasking(t *testing.T) {
	const secret = "sk-very-secret-123"
	l, err := Load(LoadOptions{LookupEnv: env(map[string]string{"STABILIZE_API_KEY": secret}), Dir: t.TempDir()})
	require.NoError(t, err)
	require.Equal(t, secret, l.APIKey, "the config itself keeps the secret")
	for _, format := range []Output{OutputText, OutputJSON} {
		t.Run("issue: starter config masks secrets/"+string(format), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, l.Print(&buf, format))
			assert.NotContains(t, buf.String(), secret)
			assert.Contains(t, buf.String(), Mask)
			if format == OutputJSON {
				var got struct {
					Config  Config
					Origins map[string]string
				}
				require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
				assert.Equal(t, Mask, got.Config.APIKey)
				assert.Equal(t, "environment", got.Origins[KeyAPIKey])
			} else {
				assert.Contains(t, buf.String(), `api_key = "`+Mask+`"  # environment`)
			}
		})
	}
	t.Run("an unset secret prints empty", func(t *testing.T) {
		assert.Equal(t, "", Default().Masked().APIKey)
	})
}

func TestKeyTable(t *testing.T) {
	for _, k := range Keys() {
		t.Run(k.Name, func(t *testing.T) {
			got, ok := KeyForEnv(k.Env())
			require.True(t, ok)
			assert.Equal(t, k.Name, got.Name)
			assert.True(t, strings.HasPrefix(k.Env(), EnvPrefix))
			doc, err := os.ReadFile("doc.go")
			require.NoError(t, err)
			assert.Contains(t, string(doc), k.Name, "doc.go documents every key")
		})
	}
}
