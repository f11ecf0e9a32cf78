package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/chainrelay/chainrelay/services/evm/simchain"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// TestContractsDeploy asserts that `contracts deploy` puts both contracts on a chain
// reached over JSON-RPC, owned by the given key, and records their addresses in the
// chain bucket for the roles.
func TestContractsDeploy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim, err := simchain.Start(ctx, simchain.Config{Period: 100 * time.Millisecond, HTTPAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	node := natstest.Start(t)
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(sim.Owner.HexSecret()), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = (&contractsCmd{out: &out}).Run(ctx, []string{"deploy", "--nats-url", node.ClientURL(), "--network", "simulated",
		"--rpc-url", sim.HTTPURL, "--key-file", keyFile, "--log-format", "json", "--log-level", "error"})
	if err != nil {
		t.Fatal(err)
	}
	kv, err := node.JS.KeyValue(ctx, streams.BucketChain)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"token_manager", "model_registry"} {
		e, err := kv.Get(ctx, "simulated."+k)
		if err != nil {
			t.Fatalf("%s not recorded: %v", k, err)
		}
		addr := string(e.Value())
		if !strings.Contains(out.String(), addr) {
			t.Errorf("%s %s not printed: %s", k, addr, out.String())
		}
		if code, err := sim.Client.CodeAt(ctx, common.HexToAddress(addr), nil); err != nil || len(code) == 0 {
			t.Errorf("%s: no code at %s", k, addr)
		}
	}
	if err := (&contractsCmd{out: &out}).Run(ctx, nil); err == nil {
		t.Error("contracts without deploy did not print usage")
	}
}
