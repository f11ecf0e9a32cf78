package redisbridge

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"
)

const benchMessages = 100_000

// BenchmarkInbound100k mirrors 100,000 queued messages into JetStream and reports the
// bridge's rate beside two baselines measured in the same run on the same servers: raw
// JetStream async publish of the same events (what the bridge cannot beat) and raw
// Redis RPOP of the same payloads in batches of the same size.
func BenchmarkInbound100k(b *testing.B) {
	h := newHarness(b)
	h.cfg.BatchSize = 512
	payloads := make([]any, benchMessages)
	for i := range payloads {
		payloads[i] = flat(fmt.Sprintf("bench-model-%d", i%1000), i)
	}
	ctx := context.Background()
	var bridgeRate, jsRate, rpopRate float64
	for i := 0; i < b.N; i++ {
		rpopRate += benchRPOP(b, ctx, h, payloads)
		jsRate += benchJetStream(b, h, payloads)
		bridgeRate += benchBridge(b, ctx, h, payloads)
	}
	n := float64(b.N)
	bridgeRate, jsRate, rpopRate = bridgeRate/n, jsRate/n, rpopRate/n
	b.ReportMetric(bridgeRate, "bridge_msgs/s")
	b.ReportMetric(jsRate, "js_async_msgs/s")
	b.ReportMetric(rpopRate, "redis_rpop_msgs/s")
	b.ReportMetric(bridgeRate/jsRate, "ratio_vs_js")
	b.ReportMetric(bridgeRate/rpopRate, "ratio_vs_rpop")
}

// pushAll LPUSHes the payloads onto key in chunks (not timed).
func pushAll(b *testing.B, ctx context.Context, rdb *redis.Client, key string, payloads []any) {
	b.Helper()
	for start := 0; start < len(payloads); start += 5000 {
		if err := rdb.LPush(ctx, key, payloads[start:min(start+5000, len(payloads))]...).Err(); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRPOP(b *testing.B, ctx context.Context, h *harness, payloads []any) float64 {
	const key = "bench:rpop"
	pushAll(b, ctx, h.rdb, key, payloads)
	start := time.Now()
	got := 0
	for {
		vals, err := h.rdb.RPopCount(ctx, key, h.cfg.BatchSize).Result()
		if err == redis.Nil {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		got += len(vals)
	}
	if got != len(payloads) {
		b.Fatalf("rpop got %d", got)
	}
	return float64(got) / time.Since(start).Seconds()
}

func benchJetStream(b *testing.B, h *harness, payloads []any) float64 {
	nc, err := h.nats.Connect()
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4000))
	if err != nil {
		b.Fatal(err)
	}
	// The very events the bridge publishes, built beforehand: the baseline is the
	// publishing alone.
	br := h.newBridge()
	prefix := newIDPrefix(time.Now())
	msgs := make([]*nats.Msg, len(payloads))
	for i, p := range payloads {
		e := entry{id: fmt.Sprintf("%s%d", prefix, i), raw: []byte(p.(string))}
		if msgs[i], err = br.requestedMsg(e); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	futs := make([]jetstream.PubAckFuture, len(msgs))
	for i, m := range msgs {
		if futs[i], err = js.PublishMsgAsync(m, jetstream.WithStallWait(time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range futs {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			b.Fatal(err)
		}
	}
	return float64(len(msgs)) / time.Since(start).Seconds()
}

func benchBridge(b *testing.B, ctx context.Context, h *harness, payloads []any) float64 {
	before := h.streamMsgs()
	pushAll(b, ctx, h.rdb, h.cfg.Lists.Inbound, payloads)
	br := h.newBridge()
	start := time.Now()
	r := h.start(br, (*Bridge).RunInbound)
	want := before + uint64(len(payloads))
	// Watch the bridge's own counter (acknowledged and removed from the processing
	// list): polling the server would take CPU from what is measured.
	done := br.m.messages.WithLabelValues(dirIn)
	for counter(done) < float64(len(payloads)) {
		if time.Since(start) > 2*time.Minute {
			b.Fatalf("bridge stalled at %v of %d", counter(done), len(payloads))
		}
		time.Sleep(2 * time.Millisecond)
	}
	elapsed := time.Since(start)
	if err := r.stop(b); err != nil {
		b.Fatal(err)
	}
	if got := h.streamMsgs(); got != want {
		b.Fatalf("stream holds %d new events, want %d", got-before, len(payloads))
	}
	return float64(len(payloads)) / elapsed.Seconds()
}
