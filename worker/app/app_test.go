package app

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stabilize-go/stabilize/config"
)

// run runs the worker command with a fixed environment.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), Options{
		Args: args, Stdout: &out, Stderr: &errOut,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
	})
	return code, out.String(), errOut.String()
}

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		output string
	}{
		{"help exits 0 and lists flags", nil, []string{"--help"}, ExitOK, "--task-queue"},
		{"unknown flag exits 2", nil, []string{"--nope"}, ExitUsage, "unknown flag"},
		{"extra arguments exit 2", nil, []string{"extra"}, ExitUsage, "unexpected arguments"},
		{"invalid config names the key", map[string]string{"STABILIZE_OUTPUT_MAX_BYTES": "-1"}, nil, ExitUsage, "config key output_max_bytes"},
		{"issue: unreachable Temporal exits 1 naming the address", nil, []string{"--address", "127.0.0.1:1"}, ExitError, "127.0.0.1:1"},
		{"a missing client certificate names the key", nil, []string{"--address", "127.0.0.1:1", "--tls-cert", "/nope.pem", "--tls-key", "/nope.key"}, ExitError, "tls.cert"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.env, tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stdout+stderr, tc.output)
		})
	}
}

func TestTLSConfig(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(bad, []byte("not a certificate"), 0o600))
	t.Run("no TLS settings, no TLS", func(t *testing.T) {
		c, err := tlsConfig(config.Default())
		require.NoError(t, err)
		assert.Nil(t, c)
	})
	t.Run("a CA file without PEM names tls.ca", func(t *testing.T) {
		cfg := config.Default()
		cfg.TLS.CA = bad
		_, err := tlsConfig(cfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "config key tls.ca")
	})
	t.Run("a CA file sets the roots and the server name comes from the address", func(t *testing.T) {
		cfg := config.Default()
		cfg.Address = "temporal.example:7233"
		cfg.TLS.CA = writeSelfSigned(t, dir)
		c, err := tlsConfig(cfg)
		require.NoError(t, err)
		require.NotNil(t, c)
		assert.NotNil(t, c.RootCAs)
		assert.Equal(t, "temporal.example", c.ServerName)
	})
}

func TestPolicy(t *testing.T) {
	cfg := config.Default()
	cfg.Tasks.Disabled = []string{"shell"}
	cfg.HTTP.AllowPrivate = true
	cfg.HTTP.AllowedHosts = []string{"api.example.com"}
	cfg.OutputMaxBytes = 42
	p := Policy(cfg)
	assert.Equal(t, []string{"shell"}, p.Disabled)
	assert.True(t, p.HTTPAllowPrivate)
	assert.Equal(t, []string{"api.example.com"}, p.HTTPAllowedHosts)
	assert.Equal(t, 42, p.MaxOutputBytes)
}

// writeSelfSigned writes a self-signed CA certificate as PEM.
func writeSelfSigned(t *testing.T, dir string) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1<<32, 0), IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	p := filepath.Join(dir, "real-ca.pem")
	require.NoError(t, os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	return p
}
