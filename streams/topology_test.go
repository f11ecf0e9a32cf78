package streams_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// TestProvisionIdempotent asserts that provisioning an already provisioned server
// changes no stream, consumer or bucket and keeps the messages.
func TestProvisionIdempotent(t *testing.T) {
	t.Parallel()
	n := natstest.Start(t) // provisions once
	ctx := context.Background()
	if _, err := n.JS.Publish(ctx, "hokusai.deploy.requested.m1", []byte("x")); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, n.JS)
	if err := streams.Provision(ctx, n.JS, streams.DefaultTopology()); err != nil {
		t.Fatalf("second provision: %v", err)
	}
	after := snapshot(t, n.JS)
	for name, b := range before {
		if a := after[name]; a != b {
			t.Errorf("%s changed: %+v -> %+v", name, b, a)
		}
	}
	if len(after) != len(before) {
		t.Errorf("objects %d -> %d", len(before), len(after))
	}
}

type objState struct {
	msgs     uint64
	subjects string
	dup      time.Duration
	deny     bool
}

func snapshot(t *testing.T, js jetstream.JetStream) map[string]objState {
	t.Helper()
	ctx := context.Background()
	out := map[string]objState{}
	for name := range js.StreamNames(ctx).Name() {
		s, err := js.Stream(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		info := s.CachedInfo()
		out["stream "+name] = objState{msgs: info.State.Msgs, subjects: info.Config.Subjects[0], dup: info.Config.Duplicates, deny: info.Config.DenyDelete}
		for c := range s.ConsumerNames(ctx).Name() {
			out["consumer "+name+"/"+c] = objState{}
		}
	}
	return out
}

// TestProvisionRefusesDestructiveChange asserts that each change that would lose data is
// refused with ErrDestructiveChange and leaves the stream as it was.
func TestProvisionRefusesDestructiveChange(t *testing.T) {
	t.Parallel()
	n := natstest.Start(t)
	ctx := context.Background()
	base := streams.DefaultTopology().Streams()[0] // HOKUSAI
	tests := []struct {
		name   string
		mutate func(*jetstream.StreamConfig)
	}{
		{"age limit", func(c *jetstream.StreamConfig) { c.MaxAge = time.Hour }},
		{"message limit", func(c *jetstream.StreamConfig) { c.MaxMsgs = 10 }},
		{"byte limit", func(c *jetstream.StreamConfig) { c.MaxBytes = 1 << 20 }},
		{"deletes allowed", func(c *jetstream.StreamConfig) { c.DenyDelete = false }},
		{"purges allowed", func(c *jetstream.StreamConfig) { c.DenyPurge = false }},
		{"subject dropped", func(c *jetstream.StreamConfig) { c.Subjects = []string{"hokusai.deploy.>"} }},
		{"retention", func(c *jetstream.StreamConfig) { c.Retention = jetstream.WorkQueuePolicy }},
		{"fewer replicas", func(c *jetstream.StreamConfig) { c.Replicas = 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := base
			tc.mutate(&want)
			err := streams.ProvisionStream(ctx, n.JS, want)
			if !errors.Is(err, streams.ErrDestructiveChange) {
				t.Fatalf("err = %v, want ErrDestructiveChange", err)
			}
			s, _ := n.JS.Stream(ctx, schemas.StreamHokusai)
			if got := s.CachedInfo().Config; got.MaxAge != 0 || !got.DenyDelete || !got.DenyPurge || got.MaxMsgs != -1 {
				t.Errorf("stream changed after refusal: %+v", got)
			}
		})
	}
	// A safe change (a longer duplicate window, more subjects) goes through.
	safe := base
	safe.Duplicates = 3 * time.Hour
	if err := streams.ProvisionStream(ctx, n.JS, safe); err != nil {
		t.Fatalf("safe change refused: %v", err)
	}
}

// TestEmbeddedDataSurvivesRestart asserts that the file store keeps streams and messages
// across a server restart on the same data dir.
func TestEmbeddedDataSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	e, err := streams.StartEmbedded(ctx, streams.EmbeddedConfig{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	nc, _ := e.Connect()
	js, _ := jetstream.New(nc)
	if err := streams.Provision(ctx, js, streams.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := js.Publish(ctx, "stellar.test.invocation.call.c.f", []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	nc.Close()
	e.Shutdown()

	n := natstest.StartIn(t, dir)
	s, err := n.JS.Stream(ctx, schemas.StreamStellar)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.CachedInfo().State.Msgs; got != 3 {
		t.Errorf("messages after restart = %d, want 3", got)
	}
}
