package redisbridge

import (
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/schemas"
)

// DefaultCheckpointKey is the Redis string holding the last HOKUSAI stream sequence
// mirrored to the outbound lists.
const DefaultCheckpointKey = "chainrelay:bridge:outbound_seq"

// Lists names the Redis keys the bridge reads and writes.
type Lists struct {
	// Inbound is where legacy producers LPUSH ModelReadyToDeploy messages.
	Inbound string
	// Processing is the bridge-owned working list: messages claimed from Inbound wait
	// here, each with its request id, until JetStream has acknowledged them.
	Processing string
	// Outbound is where legacy consumers read TokenDeployed messages.
	Outbound string
	// DeadLetter receives rejected and failed requests in the legacy dead-letter shape.
	DeadLetter string
	// Checkpoint is a string key holding the last mirrored HOKUSAI sequence.
	Checkpoint string
}

// DefaultLists are the Hokusai defaults.
func DefaultLists() Lists {
	return Lists{
		Inbound:    schemas.QueueModelReady,
		Processing: schemas.QueueProcessing,
		Outbound:   schemas.QueueTokenDeployed,
		DeadLetter: schemas.QueueDeadLetter,
		Checkpoint: DefaultCheckpointKey,
	}
}

// Check fills empty names with the defaults and refuses two roles sharing a key.
func (l *Lists) Check() error {
	def := DefaultLists()
	fill := func(p *string, d string) {
		if *p == "" {
			*p = d
		}
	}
	fill(&l.Inbound, def.Inbound)
	fill(&l.Processing, def.Processing)
	fill(&l.Outbound, def.Outbound)
	fill(&l.DeadLetter, def.DeadLetter)
	fill(&l.Checkpoint, def.Checkpoint)
	seen := map[string]string{}
	for _, kv := range [][2]string{
		{"inbound", l.Inbound}, {"processing", l.Processing}, {"outbound", l.Outbound},
		{"dead-letter", l.DeadLetter}, {"checkpoint", l.Checkpoint},
	} {
		if other, ok := seen[kv[1]]; ok {
			return fmt.Errorf("redisbridge: %s and %s lists are both %q", other, kv[0], kv[1])
		}
		seen[kv[1]] = kv[0]
	}
	return nil
}

// RedisConfig says how to reach Redis.
type RedisConfig struct {
	// URL is redis://[user[:password]@]host:port[/db] or rediss:// for TLS.
	URL string
	// Username selects an ACL user; it overrides the URL's.
	Username string
	// Password overrides the URL's. Fill it from the environment, never from a flag.
	Password string
	// PasswordFile holds the password (trailing newline ignored); exclusive with Password.
	PasswordFile string
	// CAFile verifies the server; CertFile and KeyFile add a client certificate. Any of
	// them turns TLS on, as does a rediss:// URL.
	CAFile, CertFile, KeyFile string
	// TLSServerName overrides the name checked in the server's certificate.
	TLSServerName string
	// DialTimeout bounds a connection attempt. Default 5 s.
	DialTimeout time.Duration
	// CommandTimeout bounds every non-blocking command. Default 5 s.
	CommandTimeout time.Duration
}

// DefaultRedisURL is used when no URL is configured.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// Check validates the configuration and fills defaults.
func (c *RedisConfig) Check() error {
	if c.URL == "" {
		c.URL = DefaultRedisURL
	}
	if _, err := redis.ParseURL(c.URL); err != nil {
		return fmt.Errorf("redisbridge: redis url %s: %w", redactURL(c.URL), err)
	}
	if c.Password != "" && c.PasswordFile != "" {
		return errors.New("redisbridge: give the redis password or a password file, not both")
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return errors.New("redisbridge: a redis client certificate needs both cert and key files")
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = 5 * time.Second
	}
	if c.CommandTimeout <= 0 {
		c.CommandTimeout = 5 * time.Second
	}
	return nil
}

// Config configures a Bridge.
type Config struct {
	Redis RedisConfig
	Lists Lists
	// BatchSize is the most messages claimed (or mirrored out) per Redis script call.
	// Default 512.
	BatchSize int
	// MaxBatchBytes caps the payload bytes of one inbound claim; at least one message is
	// always claimed. Default 16 MiB.
	MaxBatchBytes int
	// InFlightBatches is how many claimed batches may await their PubAcks while the next
	// one is claimed. Default 4.
	InFlightBatches int
	// BlockTimeout is how long one blocking wait on an empty inbound list lasts. Whole
	// seconds, 1 s at least. Default 2 s.
	BlockTimeout time.Duration
	// PublishTimeout bounds the wait for a PubAck. Default 10 s.
	PublishTimeout time.Duration
	// DepthInterval is how often queue depths are sampled into the gauges. Default 5 s.
	DepthInterval time.Duration
	// BackoffMin and BackoffMax bound the reconnect back-off (exponential, jittered).
	// Defaults 100 ms and 10 s.
	BackoffMin, BackoffMax time.Duration
	// ShutdownTimeout bounds how long Run spends, once its context is done, finishing
	// batches already published. Default 5 s.
	ShutdownTimeout time.Duration
}

// Check validates the configuration and fills defaults.
func (c *Config) Check() error {
	if err := c.Redis.Check(); err != nil {
		return err
	}
	if err := c.Lists.Check(); err != nil {
		return err
	}
	def := func(p *time.Duration, d time.Duration) {
		if *p <= 0 {
			*p = d
		}
	}
	if c.BatchSize == 0 {
		c.BatchSize = 512
	}
	if c.BatchSize < 1 || c.BatchSize > 10000 {
		return fmt.Errorf("redisbridge: batch size %d not in 1..10000", c.BatchSize)
	}
	if c.MaxBatchBytes <= 0 {
		c.MaxBatchBytes = 16 << 20
	}
	if c.InFlightBatches <= 0 {
		c.InFlightBatches = 4
	}
	def(&c.BlockTimeout, 2*time.Second)
	if c.BlockTimeout < time.Second {
		// BLMOVE takes whole seconds through the client; less would be silently rounded.
		c.BlockTimeout = time.Second
	}
	c.BlockTimeout = c.BlockTimeout.Truncate(time.Second)
	def(&c.PublishTimeout, 10*time.Second)
	def(&c.DepthInterval, 5*time.Second)
	def(&c.BackoffMin, 100*time.Millisecond)
	def(&c.BackoffMax, 10*time.Second)
	if c.BackoffMax < c.BackoffMin {
		return fmt.Errorf("redisbridge: backoff max %s below min %s", c.BackoffMax, c.BackoffMin)
	}
	def(&c.ShutdownTimeout, 5*time.Second)
	return nil
}
