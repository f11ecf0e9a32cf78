package network_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/chainrelay/chainrelay/services/evm/network"
)

// TestTable asserts the chain ids, fee modes and Polygon's tip floor of the known
// networks, and that every entry passes Check once it has endpoints.
func TestTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		chainID uint64
		mode    network.FeeMode
		minTip  *big.Int
	}{
		{network.Mainnet, 1, network.FeeEIP1559, nil},
		{network.Polygon, 137, network.FeeEIP1559, network.Gwei(30)},
		{network.Sepolia, 11155111, network.FeeEIP1559, nil},
		{network.Amoy, 80002, network.FeeEIP1559, network.Gwei(25)},
		{network.GethLocal, 1337, network.FeeEIP1559, nil},
		{network.Simulated, 1337, network.FeeEIP1559, nil},
	}
	for _, tc := range tests {
		c, err := network.Lookup(strings.ToUpper(tc.name))
		if err != nil {
			t.Fatal(err)
		}
		if c.ChainID != tc.chainID || c.FeeMode != tc.mode {
			t.Fatalf("%s: chain %d mode %s", tc.name, c.ChainID, c.FeeMode)
		}
		if tc.minTip != nil && c.MinTipCap.Cmp(tc.minTip) != 0 {
			t.Fatalf("%s: min tip %s, want %s", tc.name, c.MinTipCap, tc.minTip)
		}
		if len(c.Endpoints) == 0 {
			c.Endpoints = []string{"https://rpc.example/key"}
		}
		if err := c.Check(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
	}
	if _, err := network.Lookup("ropsten"); !errors.Is(err, network.ErrUnknownNetwork) {
		t.Fatalf("unknown network: %v", err)
	}
	if c, err := network.ByChainID(137); err != nil || c.Name != network.Polygon {
		t.Fatalf("by chain id: %v %v", c.Name, err)
	}
}

// TestLookupReturnsCopies asserts that overriding a looked-up config leaves the table alone.
func TestLookupReturnsCopies(t *testing.T) {
	t.Parallel()
	a, _ := network.Lookup(network.Polygon)
	a.MinTipCap.SetInt64(1)
	a.Confirmations = 1
	b, _ := network.Lookup(network.Polygon)
	if b.MinTipCap.Cmp(network.Gwei(30)) != 0 || b.Confirmations == 1 {
		t.Fatalf("table changed through a copy: %s %d", b.MinTipCap, b.Confirmations)
	}
}

// TestCheckRejects asserts that each invalid override is reported, and that an endpoint's
// path (where API keys live) is not echoed.
func TestCheckRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*network.Config)
		want   string
	}{
		{"no endpoints", func(c *network.Config) { c.Endpoints = nil }, "no RPC endpoints"},
		{"bad scheme", func(c *network.Config) { c.Endpoints = []string{"ftp://host/SECRETKEY"} }, "not http"},
		{"fee mode", func(c *network.Config) { c.FeeMode = "cheap" }, "fee mode"},
		{"small bump", func(c *network.Config) { c.BumpPercent = 5 }, "below 10"},
		{"zero confirmations", func(c *network.Config) { c.Confirmations = 0 }, "confirmations"},
		{"tip above cap", func(c *network.Config) { c.MaxTipCap = network.Gwei(5000) }, "above max fee cap"},
		{"min above max tip", func(c *network.Config) { c.MinTipCap = network.Gwei(600) }, "min tip cap"},
		{"nil fee cap", func(c *network.Config) { c.MaxFeeCap = nil }, "max fee cap must be positive"},
		{"chain id", func(c *network.Config) { c.ChainID = 0 }, "chain id"},
	}
	for _, tc := range tests {
		c, _ := network.Lookup(network.Polygon)
		c.Endpoints = []string{"https://polygon.example/v2/KEY"}
		tc.mutate(&c)
		err := c.Check()
		if err == nil || !errors.Is(err, network.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if strings.Contains(err.Error(), "SECRETKEY") {
			t.Fatalf("%s: endpoint path leaked: %v", tc.name, err)
		}
	}
}
