// Package natstest starts real embedded JetStream servers for tests: a single node or a
// cluster on loopback, with chainrelay's topology provisioned.
package natstest

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/streams"
)

// Node is a running embedded server with a client connection.
type Node struct {
	*streams.Embedded
	NC *nats.Conn
	JS jetstream.JetStream
}

// Start runs one embedded server in a temp dir with a loopback client listener,
// provisions the default topology and stops everything when the test ends.
func Start(t testing.TB) *Node {
	t.Helper()
	return StartIn(t, t.TempDir())
}

// StartIn is Start with a chosen data dir, so a test can restart a server on the same
// store.
func StartIn(t testing.TB, dir string) *Node {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	e, err := streams.StartEmbedded(ctx, streams.EmbeddedConfig{DataDir: dir, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatalf("start embedded nats: %v", err)
	}
	n := connect(t, e)
	if err := streams.Provision(ctx, n.JS, streams.DefaultTopology()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	return n
}

func connect(t testing.TB, e *streams.Embedded) *Node {
	t.Helper()
	nc, err := e.Connect()
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream: %v", err)
	}
	t.Cleanup(func() {
		nc.Close()
		e.Shutdown()
	})
	return &Node{Embedded: e, NC: nc, JS: js}
}

// Cluster starts n JetStream nodes routed to each other on loopback and waits for a
// meta leader. Nodes are not provisioned; callers do that with the replicas they want.
func Cluster(t testing.TB, n int) []*streams.Embedded {
	t.Helper()
	ports := make([]int, n)
	for i := range ports {
		ports[i] = FreePort(t)
	}
	routes := make([]string, n)
	for i, p := range ports {
		routes[i] = fmt.Sprintf("nats-route://127.0.0.1:%d", p)
	}
	nodes := make([]*streams.Embedded, n)
	errs := make(chan error, n)
	for i := range nodes {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			e, err := streams.StartEmbedded(ctx, streams.EmbeddedConfig{
				DataDir:    t.TempDir(),
				ServerName: fmt.Sprintf("n%d", i),
				Listen:     "127.0.0.1:0",
				Cluster:    &streams.ClusterConfig{Name: "test", Listen: fmt.Sprintf("127.0.0.1:%d", ports[i]), Routes: routes},
			})
			nodes[i] = e
			errs <- err
		}()
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatalf("start cluster node: %v", err)
		}
	}
	t.Cleanup(func() {
		for _, e := range nodes {
			if e != nil && e.Server().Running() {
				e.Shutdown()
			}
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, e := range nodes {
			if e.Server().JetStreamIsLeader() {
				return nodes
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("cluster formed no meta leader within 30s")
	return nil
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
