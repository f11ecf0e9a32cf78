package streams_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// TestWebSocketConsumer asserts that a consumer reaching the embedded server over
// WebSocket, as a browser does, reads STELLAR with a subject filter and gets only the
// matching invocations.
func TestWebSocketConsumer(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	e, err := streams.StartEmbedded(ctx, streams.EmbeddedConfig{DataDir: t.TempDir(), WebSocketListen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Shutdown()
	url := e.WebSocketURL()
	if !strings.HasPrefix(url, "ws://") {
		t.Fatalf("websocket url = %q", url)
	}
	local, err := e.Connect()
	if err != nil {
		t.Fatal(err)
	}
	defer local.Close()
	js, _ := jetstream.New(local)
	if err := streams.Provision(ctx, js, streams.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	for _, subj := range []string{
		schemas.StellarSubject("pubnet", "call", "CA", "transfer"),
		schemas.StellarSubject("pubnet", "call", "CB", "set_price"),
		schemas.StellarSubject("testnet", "call", "CA", "transfer"),
	} {
		if _, err := js.Publish(ctx, subj, []byte(subj)); err != nil {
			t.Fatal(err)
		}
	}

	ws, err := nats.Connect(url)
	if err != nil {
		t.Fatalf("connect over websocket: %v", err)
	}
	defer ws.Close()
	wjs, _ := jetstream.New(ws)
	cons, err := wjs.OrderedConsumer(ctx, schemas.StreamStellar, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{"stellar.pubnet.invocation.*.*.transfer"},
	})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := cons.Fetch(10, jetstream.FetchMaxWait(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for m := range batch.Messages() {
		got = append(got, m.Subject())
	}
	if len(got) != 1 || got[0] != schemas.StellarSubject("pubnet", "call", "CA", "transfer") {
		t.Fatalf("filtered over websocket: %v", got)
	}
}
