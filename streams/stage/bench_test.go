package stage

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// BenchmarkPassThrough measures events per second through a pass-through stage beside
// raw JetStream consume+publish+ack of the same inputs, with the same output headers, in
// the same run, and reports the ratio (goal: runner >= 0.8 x raw).
func BenchmarkPassThrough(b *testing.B) {
	const n = 20000
	node := natstest.Start(b)
	js := node.JS
	ctx := context.Background()
	payload := make([]byte, 256)
	for i := range n {
		m := &nats.Msg{Subject: "hokusai.bench.in." + strconv.Itoa(i%64), Data: payload,
			Header: schemas.Meta{MsgID: "in-" + strconv.Itoa(i), CorrelationID: "c" + strconv.Itoa(i)}.Header()}
		if _, err := js.PublishMsgAsync(m); err != nil {
			b.Fatal(err)
		}
	}
	<-js.PublishAsyncComplete()

	consumer := func(name string) jetstream.Consumer {
		c, err := js.CreateOrUpdateConsumer(ctx, schemas.StreamHokusai, jetstream.ConsumerConfig{
			Durable: name, FilterSubjects: []string{"hokusai.bench.in.>"}, AckPolicy: jetstream.AckExplicitPolicy,
			AckWait: 30 * time.Second, MaxAckPending: 4096,
		})
		if err != nil {
			b.Fatal(err)
		}
		return c
	}

	var rawRate, runRate float64
	for i := 0; i < b.N; i++ {
		// Raw: one loop, async publish, ack each input when its output's PubAck arrives.
		c := consumer("raw" + strconv.Itoa(i))
		start := time.Now()
		it, err := c.Messages(jetstream.PullMaxMessages(512))
		if err != nil {
			b.Fatal(err)
		}
		type pending struct {
			in jetstream.Msg
			f  jetstream.PubAckFuture
		}
		window := make(chan pending, 256)
		acked := make(chan struct{})
		go func() {
			for p := range window {
				select {
				case <-p.f.Ok():
					_ = p.in.Ack()
				case err := <-p.f.Err():
					b.Error(err)
				}
			}
			close(acked)
		}()
		for k := 0; k < n; k++ {
			m, err := it.Next()
			if err != nil {
				b.Fatal(err)
			}
			// The same headers the runner writes, so that both store the same bytes.
			in := m.Headers()
			f, err := js.PublishMsgAsync(&nats.Msg{Subject: "hokusai.bench.raw." + strconv.Itoa(i), Data: m.Data(),
				Header: schemas.Meta{
					MsgID: "raw-" + strconv.Itoa(i) + "-" + strconv.Itoa(k), EventType: "bench", SchemaVersion: 1,
					CorrelationID: in.Get(schemas.HeaderCorrelationID), CausationID: in.Get(schemas.HeaderMsgID),
					ContentType: schemas.ContentTypeMsgpack,
				}.Header()})
			if err != nil {
				b.Fatal(err)
			}
			window <- pending{m, f}
		}
		close(window)
		<-acked
		it.Stop()
		rawRate = n / time.Since(start).Seconds()

		// Runner: the same inputs through a pass-through handler.
		consumer("run" + strconv.Itoa(i))
		var done = make(chan struct{})
		var count int64
		var mu = make(chan struct{}, 1)
		mu <- struct{}{}
		iter := strconv.Itoa(i)
		r, err := New(js, Config{Name: "bench", Stream: schemas.StreamHokusai, Consumer: "run" + iter, Concurrency: 256},
			func(_ context.Context, in *Message) ([]Output, error) {
				<-mu
				count++
				if count == n {
					close(done)
				}
				mu <- struct{}{}
				return []Output{{Subject: "hokusai.bench.run." + iter, MsgID: in.Meta.MsgID + "-" + iter, EventType: "bench", Data: in.Data}}, nil
			})
		if err != nil {
			b.Fatal(err)
		}
		rctx, cancel := context.WithCancel(ctx)
		start = time.Now()
		stopped := make(chan struct{})
		go func() { _ = r.Run(rctx); close(stopped) }()
		<-done
		cancel()
		<-stopped // in-flight outputs published and acked before Run returns
		runRate = n / time.Since(start).Seconds()
	}
	b.ReportMetric(rawRate, "raw_events/s")
	b.ReportMetric(runRate, "runner_events/s")
	b.ReportMetric(runRate/rawRate, "ratio")
}
