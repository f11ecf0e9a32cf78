package projections

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

type harness struct {
	t    *testing.T
	node *natstest.Node
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return &harness{t: t, node: natstest.Start(t)}
}

func (h *harness) projector(cfg Config) *Deployments {
	h.t.Helper()
	p, err := NewDeployments(h.node.JS, cfg)
	if err != nil {
		h.t.Fatalf("new projector: %v", err)
	}
	return p
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLiveEqualsRebuild asserts that the state a live projector writes while the log
// grows (rejections, failures, a duplicate, a drop and an operator retry included) is
// byte for byte the state Rebuild replays from sequence 1, and that the stored states say
// what the scenario did.
func TestLiveEqualsRebuild(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	log := projtest.Scenario()
	half := len(log.Msgs) / 2
	reg := prometheus.NewRegistry()
	p := h.projector(Config{BatchSize: 4, Registerer: reg})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- p.Run(runCtx) }()

	projtest.Publish(t, h.node.JS, log.Msgs[:half])
	eventually(t, "first half written", func() bool { return p.Written() == uint64(half) })
	projtest.Publish(t, h.node.JS, log.Msgs[half:])
	eventually(t, "all written", func() bool { return p.Written() == uint64(len(log.Msgs)) })
	stop()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("run: %v", err)
	}

	res, err := Rebuild(ctx, h.node.JS, RebuildOptions{})
	if err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	if len(res.Diffs) != 0 {
		t.Fatalf("rebuilt state differs from live: %+v", res.Diffs)
	}
	want(t, "events", res.Events, uint64(len(log.Msgs)))
	want(t, "models", res.Models, 6)
	live := p.Snapshot()
	for id, d := range res.States {
		if jsonOf(t, live[id]) != jsonOf(t, d) {
			t.Errorf("%s: live %s\nrebuilt %s", id, jsonOf(t, live[id]), jsonOf(t, d))
		}
	}

	store, err := OpenStore(ctx, h.node.JS)
	if err != nil {
		t.Fatal(err)
	}
	for model, status := range map[string]Status{
		"model-a": StatusPublished, "model-b": StatusPublished, "model-c": StatusFailed,
		"model-d": StatusDropped, "model-e": StatusSubmitted, "model-f": StatusFailed,
	} {
		d, err := store.Get(ctx, model)
		if err != nil {
			t.Fatalf("get %s: %v", model, err)
		}
		want(t, model+" status", d.Status, status)
	}
	if _, err := store.Get(ctx, "model-z"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get unknown: %v, want ErrNotFound", err)
	}
	want(t, "published outcomes", testutil.ToFloat64(p.m.outcomes.WithLabelValues("published", "")), 2.0)
	want(t, "failed insufficient_funds", testutil.ToFloat64(p.m.outcomes.WithLabelValues("failed", "insufficient_funds")), 1.0)
	want(t, "requests", testutil.ToFloat64(p.m.requests), 8.0)
	want(t, "models failed", testutil.ToFloat64(p.m.models.WithLabelValues("failed")), 2.0)
	if n := testutil.CollectAndCount(p.m.endToEnd); n != 1 {
		t.Errorf("end-to-end histogram series = %d", n)
	}
}

// TestResumeAfterKill asserts that a projector stopped mid-replay (as by a crash: the
// batch in memory is lost, part of a batch's states are written, or all of them but not
// the cursor) resumes from its
// stored position and ends with every event applied exactly once and the same state as
// a rebuild.
func TestResumeAfterKill(t *testing.T) {
	t.Parallel()
	errCrash := errors.New("crash")
	for _, tc := range []struct {
		name  string
		crash func(p *Deployments, applied *int)
	}{
		{"mid batch", func(p *Deployments, applied *int) {
			p.hooks.applied = func(Event) error {
				if *applied++; *applied == 11 {
					return errCrash
				}
				return nil
			}
		}},
		{"mid state writes", func(p *Deployments, applied *int) {
			// The batch's first states are published, their acknowledgements not awaited,
			// the rest never: any subset may be stored, the cursor is not moved.
			batches := 0
			p.hooks.applied = func(Event) error { *applied++; return nil }
			p.hooks.published = func(n int) error {
				if n == 1 {
					batches++
				}
				if batches == 3 && n == 2 {
					return errCrash
				}
				return nil
			}
		}},
		{"between states and cursor", func(p *Deployments, applied *int) {
			flushes := 0
			p.hooks.applied = func(Event) error { *applied++; return nil }
			p.hooks.statesWritten = func() error {
				if flushes++; flushes == 3 {
					return errCrash
				}
				return nil
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			ctx := ctxT(t)
			log := projtest.Scenario()
			projtest.Publish(t, h.node.JS, log.Msgs)

			first := h.projector(Config{BatchSize: 4})
			var applied1 int
			tc.crash(first, &applied1)
			if _, err := first.CatchUp(ctx); !errors.Is(err, errCrash) {
				t.Fatalf("first run: %v, want crash", err)
			}
			written := first.Written()
			if written == 0 || written >= uint64(len(log.Msgs)) {
				t.Fatalf("crash left cursor at %d of %d", written, len(log.Msgs))
			}

			second := h.projector(Config{BatchSize: 4})
			var mu sync.Mutex
			var seqs []uint64
			second.hooks.applied = func(ev Event) error { mu.Lock(); seqs = append(seqs, ev.Seq); mu.Unlock(); return nil }
			last, err := second.CatchUp(ctx)
			if err != nil {
				t.Fatalf("second run: %v", err)
			}
			want(t, "last", last, uint64(len(log.Msgs)))
			if seqs[0] <= written {
				t.Errorf("second run re-applied seq %d at or below the cursor %d", seqs[0], written)
			}

			store, err := OpenStore(ctx, h.node.JS)
			if err != nil {
				t.Fatal(err)
			}
			all, err := store.All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, d := range all {
				total += d.Events
			}
			want(t, "events applied in the stored state", total, len(log.Msgs))
			res, err := Rebuild(ctx, h.node.JS, RebuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Diffs) != 0 {
				t.Errorf("resumed state differs from rebuild: %+v", res.Diffs)
			}
		})
	}
}

// TestRebuildRepairs asserts that Rebuild finds a corrupted, a missing and an extra state,
// replaces them, moves the cursor and reports progress.
func TestRebuildRepairs(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	log := projtest.Scenario()
	projtest.Publish(t, h.node.JS, log.Msgs)
	p := h.projector(Config{})
	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	kv, err := h.node.JS.KeyValue(ctx, "deployments")
	if err != nil {
		t.Fatal(err)
	}
	bad := Deployment{ModelID: "model-a", Status: StatusFailed, Seq: 1}
	if _, err := kv.Put(ctx, StateKey("model-a"), []byte(jsonOf(t, bad))); err != nil {
		t.Fatal(err)
	}
	if err := kv.Delete(ctx, StateKey("model-b")); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(ctx, StateKey("ghost"), []byte(jsonOf(t, Deployment{ModelID: "ghost", Seq: 2}))); err != nil {
		t.Fatal(err)
	}
	var progress []Progress
	res, err := Rebuild(ctx, h.node.JS, RebuildOptions{Replace: true, Progress: func(p Progress) { progress = append(progress, p) }})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, d := range res.Diffs {
		kinds[d.ModelID] = d.Kind
	}
	want(t, "model-a", kinds["model-a"], "changed")
	want(t, "model-b", kinds["model-b"], "missing")
	want(t, "ghost", kinds["ghost"], "extra")
	want(t, "replaced", res.Replaced, true)
	if len(progress) == 0 || !progress[len(progress)-1].Done || progress[len(progress)-1].Events != uint64(len(log.Msgs)) {
		t.Errorf("progress = %+v", progress)
	}
	again, err := Rebuild(ctx, h.node.JS, RebuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Diffs) != 0 {
		t.Errorf("after replace: %+v", again.Diffs)
	}
}

// TestProjectorSkipsUnreadable asserts that an undecodable event is counted and skipped,
// and the projection carries on past it.
func TestProjectorSkipsUnreadable(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	log := &projtest.Log{}
	projtest.NewFlow(log, "m", "r1", projtest.Base).Requested()
	log.Msgs = append(log.Msgs, projtest.Msg{Subject: "hokusai.deploy.requested.m", Data: []byte("not msgpack")})
	projtest.NewFlow(log, "m", "r1", projtest.Base).Validated()
	projtest.Publish(t, h.node.JS, log.Msgs)
	p := h.projector(Config{})
	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := p.Get(ctx, "m")
	if err != nil {
		t.Fatal(err)
	}
	want(t, "status", d.Status, StatusValidated)
	want(t, "events", d.Events, 2)
	want(t, "unreadable", testutil.ToFloat64(p.m.skipped.WithLabelValues("unreadable")), 1.0)
}

// TestReadAhead asserts that the reader hands events over in stream order, in full
// batches while more are stored and at once with the last stored one, that an
// undecodable event travels with its error instead of stopping the reader, and that
// stop ends the reader even while it waits for a message that never comes.
func TestReadAhead(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	log := &projtest.Log{}
	for i := 0; len(log.Msgs) < readBatchSize+40; i++ {
		projtest.NewFlow(log, fmt.Sprintf("m%d", i), fmt.Sprintf("r%d", i), time.Unix(1700000000, 0)).Requested().Validated()
	}
	projtest.Publish(t, h.node.JS, log.Msgs)
	if _, err := h.node.JS.Publish(ctx, "hokusai.deploy.validated.bad", []byte{0xc1}); err != nil {
		t.Fatal(err)
	}
	total := len(log.Msgs) + 1
	cons, err := h.node.JS.OrderedConsumer(ctx, schemas.StreamHokusai, jetstream.OrderedConsumerConfig{FilterSubjects: []string{DeploySubjects}})
	if err != nil {
		t.Fatal(err)
	}
	it, err := cons.Messages()
	if err != nil {
		t.Fatal(err)
	}
	r := startReadAhead(it)
	var sizes []int
	var seq uint64
	for int(seq) < total {
		rb := <-r.out
		if rb.err != nil {
			t.Fatalf("read: %v", rb.err)
		}
		sizes = append(sizes, len(rb.items))
		for _, it := range rb.items {
			if it.seq != seq+1 {
				t.Fatalf("seq %d after %d", it.seq, seq)
			}
			seq = it.seq
			if wantBad := int(seq) == total; (it.derr != nil) != wantBad {
				t.Errorf("seq %d: decode error %v", seq, it.derr)
			}
		}
		r.done(rb.items)
	}
	if len(sizes) != 2 || sizes[0] != readBatchSize || sizes[1] != total-readBatchSize {
		t.Errorf("batches of %v, want %d then %d", sizes, readBatchSize, total-readBatchSize)
	}
	stopped := make(chan struct{})
	go func() { r.stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("stop did not end the reader")
	}
}

// TestProjectorKeepsWrittenStatesEncoded asserts that the states a write has stored are
// held in memory only as their stored bytes, that readers, the status filter and the
// oldest-submitted gauge see through them, and that the fold picks them up again when
// later events arrive, ending where a rebuild does.
func TestProjectorKeepsWrittenStatesEncoded(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	log := projtest.Scenario()
	half := len(log.Msgs) / 2
	projtest.Publish(t, h.node.JS, log.Msgs[:half])
	now := projtest.Base.Add(24 * time.Hour)
	p := h.projector(Config{BatchSize: 3, Now: func() time.Time { return now }})
	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	kv, err := h.node.JS.KeyValue(ctx, "deployments")
	if err != nil {
		t.Fatal(err)
	}
	check := func(stage string) {
		t.Helper()
		store, err := OpenStore(ctx, h.node.JS)
		if err != nil {
			t.Fatal(err)
		}
		var oldest time.Duration
		p.mu.RLock()
		for id, e := range p.states {
			if e.d != nil {
				t.Errorf("%s: %s still decoded after its write", stage, id)
				continue
			}
			stored, err := kv.Get(ctx, StateKey(id))
			if err != nil || !bytes.Equal(stored.Value(), e.enc) {
				t.Errorf("%s: %s in memory differs from KV (%v)", stage, id, err)
			}
			d, _ := decodeState(e.enc)
			if d.Status == StatusSubmitted {
				oldest = max(oldest, now.Sub(d.Steps.Submitted))
			}
		}
		p.mu.RUnlock()
		p.updateGauges()
		want(t, stage+" oldest submitted", testutil.ToFloat64(p.m.oldest), oldest.Seconds())
		for _, st := range [][]Status{nil, {StatusPublished}, {StatusFailed, StatusSubmitted}} {
			mem, err := p.List(ctx, ListOptions{Status: st})
			if err != nil {
				t.Fatal(err)
			}
			fromKV, err := store.List(ctx, ListOptions{Status: st})
			if err != nil {
				t.Fatal(err)
			}
			if jsonOf(t, mem) != jsonOf(t, fromKV) {
				t.Errorf("%s: list %v\nmemory %s\nKV     %s", stage, st, jsonOf(t, mem), jsonOf(t, fromKV))
			}
		}
		for id := range p.Snapshot() {
			mem, err1 := p.Get(ctx, id)
			fromKV, err2 := store.Get(ctx, id)
			if err1 != nil || err2 != nil || jsonOf(t, mem) != jsonOf(t, fromKV) {
				t.Errorf("%s: get %s: %v %v\nmemory %s\nKV     %s", stage, id, err1, err2, jsonOf(t, mem), jsonOf(t, fromKV))
			}
		}
	}
	check("first half")
	projtest.Publish(t, h.node.JS, log.Msgs[half:])
	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	check("all")
	res, err := Rebuild(ctx, h.node.JS, RebuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diffs) != 0 {
		t.Errorf("state differs from rebuild: %+v", res.Diffs)
	}
	live := p.Snapshot()
	for id, d := range res.States {
		if jsonOf(t, live[id]) != jsonOf(t, d) {
			t.Errorf("%s: live %s\nrebuilt %s", id, jsonOf(t, live[id]), jsonOf(t, d))
		}
	}
}
