package simchain_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/simchain"
)

// TestStartDeploysAndSeals asserts that Start deploys TokenManager and ModelRegistry
// (code at both addresses, the manager's implementation as reported), that the timer
// seals blocks on its own, that the HTTP endpoint serves the same chain, and that Close
// is final.
func TestStartDeploysAndSeals(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := simchain.Start(ctx, simchain.Config{Period: 20 * time.Millisecond, HTTPAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range [...]struct {
		name string
		addr [20]byte
	}{{"TokenManager", c.Contracts.TokenManager}, {"ModelRegistry", c.Contracts.ModelRegistry}, {"implementation", c.Contracts.Implementation}} {
		code, err := c.Client.CodeAt(ctx, a.addr, nil)
		if err != nil || len(code) == 0 {
			t.Fatalf("%s: no code (%v)", a.name, err)
		}
	}
	impl, err := hokusai.New().Implementation(ctx, c.Client, c.Contracts.TokenManager)
	if err != nil || impl != c.Contracts.Implementation {
		t.Fatalf("implementation %s, %v; want %s", impl, err, c.Contracts.Implementation)
	}
	start, err := c.Client.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hc, err := ethclient.DialContext(ctx, c.HTTPURL)
	if err != nil {
		t.Fatal(err)
	}
	defer hc.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := hc.BlockNumber(ctx)
		if err == nil && n >= start+3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("blocks not sealed: start %d, now %d (%v)", start, n, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	id, err := hc.ChainID(ctx)
	if err != nil || id.Uint64() != simchain.ChainID {
		t.Fatalf("chain id over HTTP %v, %v", id, err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); !errors.Is(err, simchain.ErrClosed) {
		t.Fatalf("second Close: %v", err)
	}
}

// TestConfigCheck asserts that invalid configurations are refused before anything starts.
func TestConfigCheck(t *testing.T) {
	t.Parallel()
	for _, cfg := range []simchain.Config{{HTTPAddr: "no-port"}} {
		if _, err := simchain.Start(context.Background(), cfg); err == nil {
			t.Fatalf("%+v accepted", cfg)
		}
	}
}
