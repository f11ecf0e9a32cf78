package redisbridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// harness is a real redis-server and a real embedded JetStream with the topology.
type harness struct {
	t     testing.TB
	nats  *natstest.Node
	redis *redistest.Server
	rdb   *redis.Client
	cfg   Config
}

func newHarness(t testing.TB, opts ...redistest.Option) *harness {
	t.Helper()
	h := &harness{t: t, nats: natstest.Start(t), redis: redistest.Start(t, opts...)}
	h.rdb = h.redis.Client(t)
	h.cfg = Config{
		Redis:           RedisConfig{URL: h.redis.URL()},
		Lists:           DefaultLists(),
		BlockTimeout:    time.Second,
		DepthInterval:   100 * time.Millisecond,
		BackoffMin:      20 * time.Millisecond,
		BackoffMax:      200 * time.Millisecond,
		PublishTimeout:  5 * time.Second,
		ShutdownTimeout: 2 * time.Second,
	}
	return h
}

// newBridge builds a bridge on a connection of its own, closed at the end of the test.
func (h *harness) newBridge(mutate ...func(*Bridge)) *Bridge {
	h.t.Helper()
	nc, err := h.nats.Connect()
	if err != nil {
		h.t.Fatalf("connect nats: %v", err)
	}
	h.t.Cleanup(nc.Close)
	var log *slog.Logger
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	b, err := New(h.cfg, nc, log, prometheus.NewRegistry())
	if err != nil {
		h.t.Fatalf("new bridge: %v", err)
	}
	h.t.Cleanup(func() { _ = b.Close() })
	for _, m := range mutate {
		m(b)
	}
	return b
}

// running is a bridge running in the background.
type running struct {
	cancel context.CancelFunc
	done   chan error
}

func (h *harness) start(b *Bridge, run func(*Bridge, context.Context) error) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- run(b, ctx) }()
	h.t.Cleanup(func() { r.stop(h.t) })
	return r
}

// stop cancels the bridge and returns what Run returned.
func (r *running) stop(t testing.TB) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err
		return err
	case <-time.After(15 * time.Second):
		t.Fatalf("bridge did not stop within 15s")
		return nil
	}
}

// wait waits for Run to return by itself (a test hook stopped it).
func (r *running) wait(t testing.TB) error {
	t.Helper()
	select {
	case err := <-r.done:
		r.done <- err
		return err
	case <-time.After(15 * time.Second):
		t.Fatalf("bridge did not stop by itself within 15s")
		return nil
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, why := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %s: %s", timeout, why)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	h.t.Cleanup(cancel)
	return ctx
}

// streamMsgs is the number of messages in HOKUSAI.
func (h *harness) streamMsgs() uint64 {
	h.t.Helper()
	s, err := h.nats.JS.Stream(h.ctx(), schemas.StreamHokusai)
	if err != nil {
		h.t.Fatalf("stream: %v", err)
	}
	info, err := s.Info(h.ctx())
	if err != nil {
		h.t.Fatalf("stream info: %v", err)
	}
	return info.State.Msgs
}

func (h *harness) llen(key string) int64 {
	h.t.Helper()
	n, err := h.rdb.LLen(h.ctx(), key).Result()
	if err != nil {
		h.t.Fatalf("llen %s: %v", key, err)
	}
	return n
}

// events reads every message of HOKUSAI matching filter, in stream order.
func (h *harness) events(filter string) []jetstream.Msg {
	h.t.Helper()
	cons, err := h.nats.JS.OrderedConsumer(h.ctx(), schemas.StreamHokusai, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		h.t.Fatalf("ordered consumer: %v", err)
	}
	var out []jetstream.Msg
	for {
		batch, err := cons.Fetch(1000, jetstream.FetchMaxWait(200*time.Millisecond))
		if err != nil {
			h.t.Fatalf("fetch: %v", err)
		}
		n := 0
		for m := range batch.Messages() {
			out = append(out, m)
			n++
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			h.t.Fatalf("fetch: %v", err)
		}
		if n == 0 {
			return out
		}
	}
}

// requested decodes every requested event in the stream.
func (h *harness) requested() ([]schemas.Requested, []jetstream.Msg) {
	h.t.Helper()
	msgs := h.events(schemas.DeployFilter(schemas.EventRequested))
	out := make([]schemas.Requested, len(msgs))
	for i, m := range msgs {
		if err := schemas.Unmarshal(m.Data(), &out[i]); err != nil {
			h.t.Fatalf("decode requested %d: %v", i, err)
		}
	}
	return out, msgs
}

// publishEvent appends a deploy-flow event to HOKUSAI and returns its sequence.
func (h *harness) publishEvent(ev schemas.EventType, modelID string, v any) uint64 {
	h.t.Helper()
	data, err := schemas.Marshal(v)
	if err != nil {
		h.t.Fatalf("marshal: %v", err)
	}
	return h.publishRaw(schemas.DeploySubject(ev, modelID), data)
}

func (h *harness) publishRaw(subject string, data []byte) uint64 {
	h.t.Helper()
	ack, err := h.nats.JS.Publish(h.ctx(), subject, data)
	if err != nil {
		h.t.Fatalf("publish %s: %v", subject, err)
	}
	return ack.Sequence
}

func counter(c prometheus.Collector) float64 { return testutil.ToFloat64(c) }

func lpush(t testing.TB, rdb *redis.Client, key string, vals ...string) {
	t.Helper()
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = v
	}
	if err := rdb.LPush(context.Background(), key, args...).Err(); err != nil {
		t.Fatalf("lpush %s: %v", key, err)
	}
}

func flat(modelID string, n int) string {
	return fmt.Sprintf(`{"model_id":%q,"token_symbol":"TKN","metric_name":"accuracy","baseline_value":0.8,"current_value":0.9,"model_name":"m","model_version":"1","mlflow_run_id":"run","improvement_percentage":12.5,"timestamp":"2026-01-01T00:00:00Z","message_version":"1.0","n":%d}`, modelID, n)
}
