// Package redisbridge mirrors the legacy Hokusai Redis lists to and from JetStream,
// exactly once both ways.
//
// Inbound, messages LPUSHed by legacy producers are claimed atomically (a Lua script)
// from the inbound list into a bridge-owned processing list, each wrapped with a request
// id, published to hokusai.deploy.requested.<model> with that id in Nats-Msg-Id, and
// removed from the processing list only after the PubAck. A crash at any point leaves
// them in the processing list with their ids; the next start publishes them again and
// JetStream drops what it already has.
//
// Outbound, published, rejected and failed events are read from HOKUSAI with an ordered
// consumer starting after a checkpoint kept in Redis, and pushed to the outbound and
// dead-letter lists by a Lua script that advances the checkpoint in the same step and
// skips what is at or below it.
package redisbridge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Bridge mirrors the legacy Redis lists to and from JetStream.
type Bridge struct {
	cfg   Config
	log   *slog.Logger
	m     *metrics
	rdb   *redis.Client // ordinary commands and scripts
	block *redis.Client // blocking waits only
	nc    *nats.Conn
	js    jetstream.JetStream

	redisDown, natsDown *outage
	closed              atomic.Bool
	hooks               hooks
}

// hooks stop the bridge at chosen points in tests, as a crash would there.
type hooks struct {
	afterClaim  func([]entry) error               // claimed, not yet published
	afterAck    func([]entry) error               // acknowledged, not yet removed
	afterMirror func(pushed int, cp uint64) error // outbound script done
}

// New builds a bridge publishing on nc. log and reg may be nil (no logs, metrics not
// registered). It does not touch Redis until Run.
func New(cfg Config, nc *nats.Conn, log *slog.Logger, reg prometheus.Registerer) (*Bridge, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if nc == nil {
		return nil, errors.New("redisbridge: no NATS connection")
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	log = log.With("component", "redisbridge")
	m, err := newMetrics(reg)
	if err != nil {
		return nil, fmt.Errorf("redisbridge: metrics: %w", err)
	}
	// A JetStream context of its own, so that the bridge's async publishes neither count
	// against nor wait behind another component's on the same connection. Room for every
	// batch that can be unacknowledged at once: those queued for the remover, the one it
	// waits on and the one being published.
	js, err := jetstream.New(nc,
		jetstream.WithPublishAsyncMaxPending(cfg.BatchSize*(cfg.InFlightBatches+2)+64),
		jetstream.WithPublishAsyncTimeout(cfg.PublishTimeout))
	if err != nil {
		return nil, fmt.Errorf("redisbridge: jetstream: %w", err)
	}
	rdb, err := newRedisClient(cfg.Redis, 8)
	if err != nil {
		return nil, err
	}
	block, err := newRedisClient(cfg.Redis, 1)
	if err != nil {
		_ = rdb.Close()
		return nil, err
	}
	b := &Bridge{cfg: cfg, log: log, m: m, rdb: rdb, block: block, nc: nc, js: js}
	b.redisDown = &outage{name: "redis", log: log, up: func(up bool) {
		if up {
			m.redisUp.Set(1)
		} else {
			m.redisUp.Set(0)
		}
	}}
	b.natsDown = &outage{name: "jetstream", log: log}
	return b, nil
}

// Config returns the checked configuration (defaults filled in).
func (b *Bridge) Config() Config { return b.cfg }

// Run mirrors both ways and samples queue depths until ctx is done, then finishes the
// batches already published (up to ShutdownTimeout) and returns nil. Redis and JetStream
// outages are retried with back-off, never returned.
func (b *Bridge) Run(ctx context.Context) error {
	if b.closed.Load() {
		return ErrClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i, run := range []func(context.Context) error{b.RunInbound, b.RunOutbound, b.RunDepths} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = run(ctx); errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Ping checks that Redis answers; it is the bridge's health check.
func (b *Bridge) Ping(ctx context.Context) error {
	if err := b.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis ping: %w", err)
	}
	return nil
}

// Close releases the Redis clients. Run must have returned.
func (b *Bridge) Close() error {
	if b.closed.Swap(true) {
		return nil
	}
	return errors.Join(b.rdb.Close(), b.block.Close())
}

// QueueDepth is the length of one bridged list.
type QueueDepth struct {
	// Role is inbound, processing, outbound or dlq.
	Role string `json:"role"`
	// Queue is the Redis key.
	Queue string `json:"queue"`
	Len   int64  `json:"len"`
}

// ReadDepths reads the lengths of the four bridged lists in one round trip, in the order
// inbound, processing, outbound, dlq.
func ReadDepths(ctx context.Context, rdb redis.Cmdable, l Lists) ([]QueueDepth, error) {
	if err := l.Check(); err != nil {
		return nil, err
	}
	out := []QueueDepth{
		{Role: "inbound", Queue: l.Inbound},
		{Role: "processing", Queue: l.Processing},
		{Role: "outbound", Queue: l.Outbound},
		{Role: "dlq", Queue: l.DeadLetter},
	}
	cmds := make([]*redis.IntCmd, len(out))
	if _, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, d := range out {
			cmds[i] = p.LLen(ctx, d.Queue)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read queue depths: %w", err)
	}
	for i := range out {
		out[i].Len = cmds[i].Val()
	}
	return out, nil
}

// Depths reads the bridged lists' lengths once.
func (b *Bridge) Depths(ctx context.Context) ([]QueueDepth, error) {
	return ReadDepths(ctx, b.rdb, b.cfg.Lists)
}

// RunDepths samples queue depths into the chainrelay_redis_queue_depth gauges every
// DepthInterval until ctx is done.
func (b *Bridge) RunDepths(ctx context.Context) error {
	t := time.NewTicker(b.cfg.DepthInterval)
	defer t.Stop()
	for {
		ds, err := b.Depths(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			b.noteErr("depth", opErr("read depths", ClassRedis, err))
		} else {
			b.redisDown.ok()
			for _, d := range ds {
				b.m.depth.WithLabelValues(d.Queue, d.Role).Set(float64(d.Len))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// noteErr counts an error and logs the start of an outage once.
func (b *Bridge) noteErr(dir string, err error) {
	class := ClassOf(err)
	b.m.errors.WithLabelValues(dir, string(class)).Inc()
	switch class {
	case ClassRedis:
		b.redisDown.fail(err)
	case ClassPublish, ClassConsume:
		b.natsDown.fail(err)
	default:
		b.log.Error("bridge error", "direction", dir, "class", class, "err", err)
	}
}

// loop runs once until it fails, then again after a back-off, until ctx is done or a
// test hook stops it.
func (b *Bridge) loop(ctx context.Context, dir string, once func(context.Context, *backoff) error) error {
	if b.closed.Load() {
		return ErrClosed
	}
	bo := &backoff{min: b.cfg.BackoffMin, max: b.cfg.BackoffMax}
	for {
		err := once(ctx, bo)
		if errors.Is(err, errStopped) {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			b.noteErr(dir, err)
		}
		if bo.wait(ctx) != nil {
			return nil
		}
	}
}
