package redisbridge

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// redisCommands is the part of a Redis client the bridge uses.
type redisCommands interface {
	redis.Scripter
	BLMove(ctx context.Context, source, destination, srcpos, destpos string, timeout time.Duration) *redis.StringCmd
	LRange(ctx context.Context, key string, start, stop int64) *redis.StringSliceCmd
	LLen(ctx context.Context, key string) *redis.IntCmd
	Get(ctx context.Context, key string) *redis.StringCmd
	Ping(ctx context.Context) *redis.StatusCmd
	Pipelined(ctx context.Context, fn func(redis.Pipeliner) error) ([]redis.Cmder, error)
}

var _ redisCommands = (*redis.Client)(nil)

// NewRedisClient opens a client for cfg (after cfg.Check). The bridge keeps two: one for
// ordinary commands and one of its own for blocking waits, so that a blocked BLMOVE never
// holds up a claim or a checkpoint. Projections may use it to read queue depths.
//
// The client does not retry commands itself: a script whose reply was lost must not run
// again blindly; the bridge recovers from Redis state instead.
func NewRedisClient(cfg RedisConfig) (*redis.Client, error) {
	return newRedisClient(cfg, 8)
}

func newRedisClient(cfg RedisConfig, poolSize int) (*redis.Client, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	opt, err := redis.ParseURL(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("redis url %s: %w", redactURL(cfg.URL), err)
	}
	if cfg.Username != "" {
		opt.Username = cfg.Username
	}
	switch {
	case cfg.Password != "":
		opt.Password = cfg.Password
	case cfg.PasswordFile != "":
		b, err := os.ReadFile(cfg.PasswordFile)
		if err != nil {
			return nil, fmt.Errorf("redis password file: %w", err)
		}
		opt.Password = strings.TrimRight(string(b), "\r\n")
	}
	if cfg.CAFile != "" || cfg.CertFile != "" || cfg.TLSServerName != "" {
		if opt.TLSConfig == nil {
			opt.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		if err := applyTLS(opt.TLSConfig, cfg); err != nil {
			return nil, err
		}
	}
	opt.MaxRetries = -1
	opt.DialTimeout = cfg.DialTimeout
	opt.ReadTimeout = cfg.CommandTimeout
	opt.WriteTimeout = cfg.CommandTimeout
	opt.ContextTimeoutEnabled = true
	opt.DisableIdentity = true
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	opt.PoolSize = poolSize
	return redis.NewClient(opt), nil
}

func applyTLS(tc *tls.Config, cfg RedisConfig) error {
	if tc.MinVersion == 0 {
		tc.MinVersion = tls.VersionTLS12
	}
	if cfg.TLSServerName != "" {
		tc.ServerName = cfg.TLSServerName
	}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return fmt.Errorf("redis tls ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("redis tls ca %s: no certificate found", cfg.CAFile)
		}
		tc.RootCAs = pool
	}
	if cfg.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return fmt.Errorf("redis tls client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return nil
}

// redactURL hides a password embedded in a Redis URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

// backoff is an exponential back-off with jitter; reset after a success.
type backoff struct {
	min, max time.Duration
	attempt  int
}

// next returns the wait before the next attempt: min·2^n capped at max, then a random
// point in its upper half so that bridges restarted together do not retry in step.
func (b *backoff) next() time.Duration {
	d := b.min << min(b.attempt, 30)
	if d > b.max || d <= 0 {
		d = b.max
	}
	b.attempt++
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

func (b *backoff) reset() { b.attempt = 0 }

// wait sleeps for the next back-off or until ctx is done.
func (b *backoff) wait(ctx context.Context) error {
	t := time.NewTimer(b.next())
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// outage logs a dependency going away once, and its return once, however many attempts
// fail in between.
type outage struct {
	name string
	log  *slog.Logger

	mu    sync.Mutex
	since time.Time
	up    func(bool)
}

func (o *outage) fail(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.since.IsZero() {
		return
	}
	o.since = time.Now()
	if o.up != nil {
		o.up(false)
	}
	o.log.Warn(o.name+" unavailable; retrying with back-off", "err", err)
}

func (o *outage) ok() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.since.IsZero() {
		return
	}
	o.log.Info(o.name+" available again", "outage", time.Since(o.since).Round(time.Millisecond))
	o.since = time.Time{}
	if o.up != nil {
		o.up(true)
	}
}
