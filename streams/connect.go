package streams

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// ConnConfig describes a connection to an external NATS cluster.
type ConnConfig struct {
	// URLs is a comma-separated list of nats:// or tls:// server URLs.
	URLs string
	Name string
	User string
	// PasswordFile holds the password; the password itself never sits in a flag.
	PasswordFile string
	// CredsFile is a NATS .creds file (JWT + nkey seed).
	CredsFile string
	// TLS client settings; CAFile alone verifies the server, CertFile+KeyFile add
	// mutual TLS.
	CAFile, CertFile, KeyFile string
	// ConnectTimeout bounds the first connection. Default 10 s.
	ConnectTimeout time.Duration
}

// Check validates the configuration and fills defaults.
func (c *ConnConfig) Check() error {
	if strings.TrimSpace(c.URLs) == "" {
		return errors.New("nats: no server URL")
	}
	if c.PasswordFile != "" && c.User == "" {
		return errors.New("nats: a password file needs a user")
	}
	if c.CredsFile != "" && c.User != "" {
		return errors.New("nats: use either a creds file or user/password, not both")
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return errors.New("nats: a client certificate needs both cert and key files")
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 10 * time.Second
	}
	if c.Name == "" {
		c.Name = "chainrelay"
	}
	return nil
}

// Connect dials the cluster and keeps reconnecting for ever once connected: a stage
// outlives a NATS restart instead of exiting.
func Connect(ctx context.Context, cfg ConnConfig, log *slog.Logger) (*nats.Conn, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	opts := []nats.Option{
		nats.Name(cfg.Name),
		nats.Timeout(cfg.ConnectTimeout),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.ReconnectJitter(500*time.Millisecond, 2*time.Second),
		nats.RetryOnFailedConnect(false),
	}
	if log != nil {
		opts = append(opts,
			nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
				if err != nil {
					log.Warn("nats disconnected", "err", err)
				}
			}),
			nats.ReconnectHandler(func(nc *nats.Conn) { log.Info("nats reconnected", "url", nc.ConnectedUrlRedacted()) }),
		)
	}
	if cfg.User != "" {
		pw, err := readSecretFile(cfg.PasswordFile)
		if err != nil {
			return nil, fmt.Errorf("nats: password: %w", err)
		}
		opts = append(opts, nats.UserInfo(cfg.User, pw))
	}
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	}
	if cfg.CAFile != "" || cfg.CertFile != "" {
		tc, err := tlsConfig(cfg)
		if err != nil {
			return nil, err
		}
		opts = append(opts, nats.Secure(tc))
	}
	nc, err := nats.Connect(cfg.URLs, opts...)
	if err != nil {
		return nil, fmt.Errorf("nats: connect %s: %w", redactURLs(cfg.URLs), err)
	}
	return nc, nil
}

func tlsConfig(cfg ConnConfig) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("nats: tls ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("nats: tls ca %s: no certificate found", cfg.CAFile)
		}
		tc.RootCAs = pool
	}
	if cfg.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("nats: tls client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}

// readSecretFile reads a secret kept in a file, trimming the trailing newline editors add.
func readSecretFile(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// redactURLs hides credentials embedded in server URLs before they reach a log or error.
func redactURLs(urls string) string {
	parts := strings.Split(urls, ",")
	for i, p := range parts {
		if at := strings.LastIndex(p, "@"); at >= 0 {
			if scheme := strings.Index(p, "://"); scheme >= 0 && scheme < at {
				parts[i] = p[:scheme+3] + "***@" + p[at+1:]
			}
		}
	}
	return strings.Join(parts, ",")
}
