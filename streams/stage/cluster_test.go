package stage

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// TestClusterNodeLossDuringStage asserts that with R3 streams on a 3-node cluster, a
// stage keeps going when one node stops mid-run, and every input ends as exactly one
// output: nothing lost, nothing doubled.
func TestClusterNodeLossDuringStage(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster test skipped in -short mode")
	}
	nodes := natstest.Cluster(t, 3)
	urls := make([]string, len(nodes))
	for i, n := range nodes {
		urls[i] = n.ClientURL()
	}
	nc, err := nats.Connect(strings.Join(urls, ","), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	topo := streams.DefaultTopology()
	topo.Replicas = 3
	waitFor(t, 30*time.Second, "provision on the cluster", func() bool { return streams.Provision(ctx, js, topo) == nil })
	if _, err := js.CreateOrUpdateConsumer(ctx, schemas.StreamHokusai, jetstream.ConsumerConfig{
		Durable: "test", FilterSubjects: []string{"hokusai.test.in.>"}, AckPolicy: jetstream.AckExplicitPolicy,
		AckWait: 2 * time.Second, MaxDeliver: -1, Replicas: 3,
	}); err != nil {
		t.Fatal(err)
	}
	r, err := New(js, Config{Name: "test", Stream: schemas.StreamHokusai, Consumer: "test", Concurrency: 8,
		Backoff: []time.Duration{100 * time.Millisecond}, PublishTimeout: 3 * time.Second}, passThrough)
	if err != nil {
		t.Fatal(err)
	}
	rctx, rcancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- r.Run(rctx) }()

	const total = 300
	publish := func(i int) {
		m := &nats.Msg{Subject: "hokusai.test.in." + strconv.Itoa(i), Data: []byte(strconv.Itoa(i)),
			Header: schemas.Meta{MsgID: "in-" + strconv.Itoa(i)}.Header()}
		// Retried until acknowledged: the de-duplication window makes retries safe.
		waitFor(t, 30*time.Second, "input publish", func() bool {
			pctx, c := context.WithTimeout(ctx, 2*time.Second)
			defer c()
			_, err := js.PublishMsg(pctx, m)
			return err == nil
		})
	}
	for i := range total / 2 {
		publish(i)
	}
	// Stop a node that is not the one the client is on, then keep going.
	victim := nodes[0]
	for _, n := range nodes {
		if n.ClientURL() != nc.ConnectedUrl() {
			victim = n
			break
		}
	}
	victim.Shutdown()
	for i := total / 2; i < total; i++ {
		publish(i)
	}

	count := func() int {
		s, err := js.Stream(ctx, schemas.StreamHokusai)
		if err != nil {
			return -1
		}
		info, err := s.Info(ctx, jetstream.WithSubjectFilter("hokusai.test.out.>"))
		if err != nil {
			return -1
		}
		return len(info.State.Subjects)
	}
	waitFor(t, 60*time.Second, "all outputs", func() bool { return count() == total })
	rcancel()
	<-done

	s, _ := js.Stream(ctx, schemas.StreamHokusai)
	info, err := s.Info(ctx, jetstream.WithSubjectFilter("hokusai.test.out.>"))
	if err != nil {
		t.Fatal(err)
	}
	for subj, n := range info.State.Subjects {
		if n != 1 {
			t.Errorf("%s has %d messages, want 1", subj, n)
		}
	}
	if len(info.State.Subjects) != total {
		t.Errorf("distinct outputs = %d, want %d", len(info.State.Subjects), total)
	}
}
