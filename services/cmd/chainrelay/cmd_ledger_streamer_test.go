package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/stellar/stellartest"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// TestLedgerStreamerCommand asserts that the ledger-streamer role publishes a file's
// invocations to a NATS server and stops at the file's end with the cursor on its last
// ledger, and that bad source flags are refused.
func TestLedgerStreamerCommand(t *testing.T) {
	t.Parallel()
	node := natstest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	args := []string{"--nats-url", node.ClientURL(), "--http", "127.0.0.1:0", "--log-format", "json", "--log-level", "error",
		"--file", stellartest.Fixture(t, stellartest.V23), "--passphrase", "load test network", "--network", "loadtest"}
	if err := (&ledgerStreamerCmd{}).Run(ctx, args); err != nil {
		t.Fatal(err)
	}
	stream, err := node.JS.Stream(ctx, schemas.StreamStellar)
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 200 {
		t.Fatalf("%d messages, want 200", info.State.Msgs)
	}
	kv, err := node.JS.KeyValue(ctx, streams.BucketCursors)
	if err != nil {
		t.Fatal(err)
	}
	e, err := kv.Get(ctx, "stellar.loadtest")
	if err != nil || string(e.Value()) != "97" {
		t.Fatalf("cursor %v %v", e, err)
	}

	for _, bad := range [][]string{
		{"--nats-url", node.ClientURL(), "--passphrase", "load test network", "--network", "x"},
		{"--nats-url", node.ClientURL(), "--file", "f", "--rpc-url", "http://x", "--network", "x"},
		{"--nats-url", node.ClientURL(), "--file", "f", "--passphrase", "unknown network"},
		{"--nats-url", node.ClientURL(), "--file", "f", "--start", "-1"},
	} {
		if err := (&ledgerStreamerCmd{}).Run(ctx, bad); err == nil || !strings.Contains(err.Error(), "ledger-streamer") {
			t.Errorf("%v: err %v", bad, err)
		}
	}
}
