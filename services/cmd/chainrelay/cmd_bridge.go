package main

import (
	"context"
	"flag"
	"time"

	"github.com/chainrelay/chainrelay/redisbridge"
)

// Flag names of the bridge's own tuning; the Redis connection and list flags are
// redisFlags, shared with up and the operator tools.
const (
	flagBridgeBatch       = "bridge-batch"
	flagBridgeInFlight    = "bridge-in-flight"
	flagRedisBlockTimeout = "redis-block-timeout"
	flagQueueDepthEvery   = "queue-depth-interval"
)

type bridgeCmd struct{}

func (c *bridgeCmd) Usage() string {
	return `chainrelay bridge — mirror the legacy Redis lists to and from JetStream

Claims ModelReadyToDeploy messages from the inbound list (exactly once, byte for byte)
into hokusai.deploy.requested.<model>, and mirrors published, rejected and failed events
back to the outbound and dead-letter lists, with the last mirrored stream sequence kept
in Redis beside them. Queue depths are exported as chainrelay_redis_queue_depth.

Redis: --redis-url (env CHAINRELAY_REDIS_URL, else REDIS_URL), --redis-user,
--redis-password-file or env ` + envRedisPassword + `, --redis-ca/--redis-cert/--redis-key
for TLS (or a rediss:// URL). Every list name is a flag. Run with -h for all flags.
`
}

func (c *bridgeCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bridge", flag.ContinueOnError)
	var common commonFlags
	var rf redisFlags
	common.register(fs, false, "127.0.0.1:8081")
	rf.register(fs)
	cfg := &rf.cfg
	fs.IntVar(&cfg.BatchSize, flagBridgeBatch, envInt(flagBridgeBatch, 512), "most messages per Redis claim or mirror call (env "+envName(flagBridgeBatch)+")")
	fs.IntVar(&cfg.InFlightBatches, flagBridgeInFlight, envInt(flagBridgeInFlight, 4), "claimed batches that may await their PubAcks at once (env "+envName(flagBridgeInFlight)+")")
	fs.DurationVar(&cfg.BlockTimeout, flagRedisBlockTimeout, envDuration(flagRedisBlockTimeout, 2*time.Second), "longest blocking wait on an empty inbound list, whole seconds (env "+envName(flagRedisBlockTimeout)+")")
	fs.DurationVar(&cfg.DepthInterval, flagQueueDepthEvery, envDuration(flagQueueDepthEvery, 5*time.Second), "how often queue depths are sampled (env "+envName(flagQueueDepthEvery)+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	*cfg = rf.config()
	// Refuse a bad configuration before connecting anywhere.
	if err := cfg.Check(); err != nil {
		return err
	}
	p, err := common.start(ctx, "bridge")
	if err != nil {
		return err
	}
	defer p.Close()
	br, err := redisbridge.New(*cfg, p.nc, p.log, p.reg)
	if err != nil {
		return err
	}
	defer br.Close()
	p.health.Add("redis", true, br.Ping)
	l := cfg.Lists
	p.log.Info("bridge running", "inbound", l.Inbound, "processing", l.Processing, "outbound", l.Outbound,
		"dlq", l.DeadLetter, "checkpoint", l.Checkpoint, "batch", cfg.BatchSize)
	return serve(ctx, p, br.Run)
}
