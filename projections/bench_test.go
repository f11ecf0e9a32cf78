package projections

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// benchLog is a server in a temp dir holding the benchmark's log, shared by every
// benchmark of the run and removed by TestMain.
type benchLog struct {
	once    sync.Once
	dir     string
	srv     *streams.Embedded
	nc      *nats.Conn
	js      jetstream.JetStream
	events  int
	publish time.Duration
	err     error
}

var bench benchLog

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.nc != nil {
		bench.nc.Close()
	}
	if bench.srv != nil {
		bench.srv.Shutdown()
	}
	if bench.dir != "" {
		_ = os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchEvents is CHAINRELAY_BENCH_EVENTS, default 1,000,000.
func benchEvents() int {
	if n, err := strconv.Atoi(os.Getenv("CHAINRELAY_BENCH_EVENTS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// setupBench publishes the log once: flows of 200 models at a time, interleaved step by
// step as concurrent traffic would be; 80% published, 5% published after a fee bump,
// 10% rejected, 5% failed at the deployer.
func setupBench(b *testing.B) *benchLog {
	b.Helper()
	bench.once.Do(func() {
		bench.err = bench.build(benchEvents())
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return &bench
}

func (bl *benchLog) build(target int) error {
	ctx := context.Background()
	var err error
	if bl.dir, err = os.MkdirTemp("", "chainrelay-bench-"); err != nil {
		return err
	}
	if bl.srv, err = streams.StartEmbedded(ctx, streams.EmbeddedConfig{DataDir: bl.dir, Listen: "127.0.0.1:0"}); err != nil {
		return err
	}
	if bl.nc, err = bl.srv.Connect(); err != nil {
		return err
	}
	if bl.js, err = jetstream.New(bl.nc); err != nil {
		return err
	}
	if err := streams.Provision(ctx, bl.js, streams.DefaultTopology()); err != nil {
		return err
	}
	start := time.Now()
	model := 0
	for bl.events < target {
		l := &projtest.Log{}
		flows := make([][]func(), 0, 200)
		for i := 0; i < 200; i++ {
			id := fmt.Sprintf("model-%07d", model)
			f := projtest.NewFlow(l, id, "r-"+id, projtest.Base.Add(time.Duration(model)*time.Second))
			model++
			var steps []func()
			add := func(fn func() *projtest.Flow) { steps = append(steps, func() { fn() }) }
			add(f.Requested)
			switch model % 20 {
			case 1, 2:
				add(func() *projtest.Flow { return f.Rejected("schema", "token_symbol: must match ^[A-Z0-9-]{1,10}$") })
			case 3:
				add(f.Validated)
				add(func() *projtest.Flow { return f.Failed("deployer", "insufficient_funds", "balance too low") })
			case 4:
				add(f.Validated)
				add(func() *projtest.Flow { return f.Submitted(1) })
				add(func() *projtest.Flow { return f.Submitted(2) })
				add(func() *projtest.Flow { return f.Deployed(2) })
				add(func() *projtest.Flow { return f.Registered(2) })
				add(f.Published)
			default:
				add(f.Validated)
				add(func() *projtest.Flow { return f.Submitted(1) })
				add(func() *projtest.Flow { return f.Deployed(1) })
				add(func() *projtest.Flow { return f.Registered(1) })
				add(f.Published)
			}
			flows = append(flows, steps)
		}
		for step := 0; ; step++ {
			any := false
			for _, steps := range flows {
				if step < len(steps) {
					steps[step]()
					any = true
				}
			}
			if !any {
				break
			}
		}
		if err := projtest.PublishAsync(ctx, bl.js, l.Msgs); err != nil {
			return err
		}
		bl.events += len(l.Msgs)
	}
	bl.publish = time.Since(start)
	return nil
}

// rawRead reads every deploy event with an ordered consumer, doing nothing with them
// but reading their metadata: the floor any projection stands on.
func rawRead(ctx context.Context, js jetstream.JetStream, pull int) (int, error) {
	cons, err := js.OrderedConsumer(ctx, schemas.StreamHokusai, jetstream.OrderedConsumerConfig{FilterSubjects: []string{DeploySubjects}})
	if err != nil {
		return 0, err
	}
	total := cons.CachedInfo().NumPending
	it, err := cons.Messages(jetstream.PullMaxMessages(pull))
	if err != nil {
		return 0, err
	}
	defer it.Stop()
	n := 0
	for uint64(n) < total {
		msg, err := it.Next()
		if err != nil {
			return n, err
		}
		if _, err := msg.Metadata(); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// BenchmarkReplay measures the deployment projection replaying the whole log from
// sequence 1 (decode, fold, batched KV writes, cursor) beside a raw ordered consumer
// reading the same stream in the same run, and the in-memory rebuild. It also writes the
// states the replay produced to a fresh bucket on their own (one KV put per model, as
// the projector writes them) and reports the rate a replay would have if it cost only
// the raw read plus those writes: the floor set by JetStream, which stores each put of
// a one-replica file stream with a write of its own. Each iteration runs all of them in
// turn, at least three times whatever b.N is; the best rate of each is reported, so that
// a burst of load from elsewhere on the machine does not decide the ratio.
func BenchmarkReplay(b *testing.B) {
	bl := setupBench(b)
	b.Logf("log: %d events published in %s (%.0f events/s)", bl.events, bl.publish.Round(time.Millisecond), float64(bl.events)/bl.publish.Seconds())
	ctx := context.Background()
	var rawRate, projRate, rebuildRate, floorRate float64
	var states int
	for i := 0; i < max(b.N, 3); i++ {
		start := time.Now()
		n, err := rawRead(ctx, bl.js, 2048)
		if err != nil {
			b.Fatal(err)
		}
		rawTime := time.Since(start)
		rawRate = max(rawRate, float64(n)/rawTime.Seconds())

		bucket := fmt.Sprintf("bench_%d_%d", time.Now().UnixNano(), i)
		if _, err := bl.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: bucket, History: 1, Storage: jetstream.FileStorage}); err != nil {
			b.Fatal(err)
		}
		p, err := NewDeployments(bl.js, Config{Bucket: bucket, CursorKey: bucket})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		last, err := p.CatchUp(ctx)
		if err != nil {
			b.Fatal(err)
		}
		projRate = max(projRate, float64(bl.events)/time.Since(start).Seconds())
		if last == 0 {
			b.Fatal("projector read nothing")
		}
		_ = bl.js.DeleteKeyValue(ctx, bucket)

		vals := map[string][]byte{}
		for id, e := range p.states {
			if e.enc == nil {
				b.Fatalf("state %s not written", id)
			}
			vals[StateKey(id)] = e.enc
		}
		states = len(vals)
		bucket += "_w"
		if _, err := bl.js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: bucket, History: 1, Storage: jetstream.FileStorage}); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if err := putAll(ctx, bl.js, bucket, vals); err != nil {
			b.Fatal(err)
		}
		writes := time.Since(start)
		_ = bl.js.DeleteKeyValue(ctx, bucket)
		// The raw read and the writes alone, one after the other.
		floorRate = max(floorRate, float64(n)/(rawTime+writes).Seconds())

		res, err := replay(ctx, bl.js, RebuildOptions{Stream: schemas.StreamHokusai, PullMaxMessages: 2048, ProgressEvery: time.Hour},
			foldInto(map[string]*Deployment{}))
		if err != nil {
			b.Fatal(err)
		}
		rebuildRate = max(rebuildRate, res.Rate)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(bl.events), "events")
	b.ReportMetric(rawRate, "raw_events/s")
	b.ReportMetric(projRate, "projection_events/s")
	b.ReportMetric(rebuildRate, "rebuild_events/s")
	b.ReportMetric(float64(states), "states")
	b.ReportMetric(floorRate, "raw+writes_events/s")
	b.ReportMetric(projRate/rawRate, "projection/raw")
	b.ReportMetric(projRate/floorRate, "projection/(raw+writes)")
	b.ReportMetric(rebuildRate/rawRate, "rebuild/raw")
}

func foldInto(states map[string]*Deployment) func(Event) {
	return func(ev Event) {
		d, ok := states[ev.ModelID]
		if !ok {
			d = &Deployment{ModelID: ev.ModelID}
			states[ev.ModelID] = d
		}
		apply(d, ev)
	}
}
