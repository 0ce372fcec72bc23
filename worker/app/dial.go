package app

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"

	"github.com/stabilize-go/stabilize/config"
	"github.com/stabilize-go/stabilize/payload"
)

// DialTimeout bounds how long Dial waits for Temporal to answer.
const DialTimeout = 10 * time.Second

// Dial connects to the Temporal frontend that cfg names (DialAddress, so
// localhost:7233 when no address is set), with mutual TLS when tls.cert and
// tls.key are set, a custom CA when tls.ca is set, and the API key as
// credentials (which turns TLS on). The error names the address when
// Temporal cannot be reached. logger may be nil, which discards SDK logs
// below warnings.
func Dial(ctx context.Context, cfg config.Config, logger *slog.Logger) (client.Client, error) {
	addr := cfg.DialAddress()
	tlsCfg, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	opts := client.Options{
		HostPort:         addr,
		Namespace:        cfg.Namespace,
		Logger:           log.NewStructuredLogger(logger),
		DataConverter:    payload.DataConverter(),
		FailureConverter: payload.FailureConverter(),
	}
	if cfg.APIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(cfg.APIKey)
		if tlsCfg == nil {
			tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12}
		}
	}
	opts.ConnectionOptions.TLS = tlsCfg
	dctx, cancel := context.WithTimeout(ctx, DialTimeout)
	defer cancel()
	c, err := client.DialContext(dctx, opts)
	if err != nil {
		return nil, fmt.Errorf("connect to Temporal at %s (namespace %s): %w", addr, cfg.Namespace, err)
	}
	return c, nil
}

// tlsConfig builds the TLS settings from cfg.TLS, or nil without any.
func tlsConfig(cfg config.Config) (*tls.Config, error) {
	if !cfg.TLS.Enabled() {
		return nil, nil
	}
	out := &tls.Config{MinVersion: tls.VersionTLS12}
	if host, _, err := net.SplitHostPort(cfg.DialAddress()); err == nil {
		out.ServerName = host
	}
	if cfg.TLS.Cert != "" {
		pair, err := tls.LoadX509KeyPair(cfg.TLS.Cert, cfg.TLS.Key)
		if err != nil {
			return nil, fmt.Errorf("config keys %s/%s: load client certificate %s and key %s: %w",
				config.KeyTLSCert, config.KeyTLSKey, cfg.TLS.Cert, cfg.TLS.Key, err)
		}
		out.Certificates = []tls.Certificate{pair}
	}
	if cfg.TLS.CA != "" {
		pem, err := os.ReadFile(cfg.TLS.CA)
		if err != nil {
			return nil, fmt.Errorf("config key %s: read CA certificate: %w", config.KeyTLSCA, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("config key %s: expected PEM certificates in %s, found none", config.KeyTLSCA, cfg.TLS.CA)
		}
		out.RootCAs = pool
	}
	return out, nil
}
