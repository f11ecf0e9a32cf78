// Package network is the table of EVM networks chainrelay knows, with each one's fee
// policy, confirmation depth and reorg depth, all overridable through Config.
package network

import (
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
)

// FeeMode is how transactions are priced.
type FeeMode string

// Fee modes.
const (
	// FeeEIP1559: dynamic-fee transactions (tip + fee cap over the block's base fee).
	FeeEIP1559 FeeMode = "eip1559"
	// FeeLegacy: one gas price, for chains without a base fee.
	FeeLegacy FeeMode = "legacy"
)

// Names of the known networks.
const (
	Mainnet   = "mainnet"
	Polygon   = "polygon"
	Sepolia   = "sepolia"
	Amoy      = "amoy"
	GethLocal = "geth-local"
	Simulated = "simulated"
)

// Errors of configuration.
var (
	ErrUnknownNetwork = errors.New("unknown network")
	ErrInvalid        = errors.New("invalid network config")
)

// Gwei is 1e9 wei.
func Gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }

// Config is one network: its identity, endpoints and transaction policy. Start from
// Lookup(name), override fields, then Check.
type Config struct {
	Name    string
	ChainID uint64
	// Endpoints are JSON-RPC URLs, tried in order with failover. Empty for Simulated.
	Endpoints []string
	FeeMode   FeeMode
	// MinTipCap floors the priority fee (EIP-1559) or the gas price (legacy); Polygon
	// refuses tips under 25–30 gwei.
	MinTipCap *big.Int
	// MaxTipCap and MaxFeeCap bound what a transaction may offer, bumps included. A
	// transaction that needs more fails with class fee_cap_exceeded.
	MaxTipCap *big.Int
	MaxFeeCap *big.Int
	// Confirmations is how many blocks (the including one counted) a transaction needs
	// before it is final.
	Confirmations uint64
	// ReorgDepth is the deepest reorg to expect; receipts younger than this are rechecked
	// against the canonical chain by block hash.
	ReorgDepth uint64
	// BlockTime is the expected block interval; timeouts scale from it.
	BlockTime time.Duration
	// ResubmitAfter is how long a transaction may stay unmined before its fees are bumped.
	ResubmitAfter time.Duration
	// BumpPercent raises both fees on each resubmission; at least 10 (nodes refuse less).
	BumpPercent int
	// MaxBumps limits resubmissions with higher fees; afterwards the last attempt is
	// rebroadcast until the caller's deadline.
	MaxBumps int
	// GasMarginPercent is added to the estimated gas limit.
	GasMarginPercent int
	// Explorer is a block explorer's base URL, for humans.
	Explorer string
}

var table = []Config{
	{Name: Mainnet, ChainID: 1, FeeMode: FeeEIP1559, MinTipCap: big.NewInt(1e8), MaxTipCap: Gwei(50), MaxFeeCap: Gwei(300),
		Confirmations: 3, ReorgDepth: 64, BlockTime: 12 * time.Second, ResubmitAfter: 48 * time.Second, Explorer: "https://etherscan.io"},
	{Name: Polygon, ChainID: 137, FeeMode: FeeEIP1559, MinTipCap: Gwei(30), MaxTipCap: Gwei(500), MaxFeeCap: Gwei(3000),
		Confirmations: 32, ReorgDepth: 128, BlockTime: 2 * time.Second, ResubmitAfter: 20 * time.Second, Explorer: "https://polygonscan.com"},
	{Name: Sepolia, ChainID: 11155111, FeeMode: FeeEIP1559, MinTipCap: big.NewInt(1e6), MaxTipCap: Gwei(50), MaxFeeCap: Gwei(500),
		Confirmations: 3, ReorgDepth: 64, BlockTime: 12 * time.Second, ResubmitAfter: 48 * time.Second, Explorer: "https://sepolia.etherscan.io"},
	{Name: Amoy, ChainID: 80002, FeeMode: FeeEIP1559, MinTipCap: Gwei(25), MaxTipCap: Gwei(500), MaxFeeCap: Gwei(3000),
		Confirmations: 16, ReorgDepth: 128, BlockTime: 2 * time.Second, ResubmitAfter: 20 * time.Second, Explorer: "https://amoy.polygonscan.com"},
	{Name: GethLocal, ChainID: 1337, Endpoints: []string{"http://127.0.0.1:8545"}, FeeMode: FeeEIP1559, MinTipCap: big.NewInt(1), MaxTipCap: Gwei(100), MaxFeeCap: Gwei(1000),
		Confirmations: 1, ReorgDepth: 0, BlockTime: time.Second, ResubmitAfter: 5 * time.Second},
	{Name: Simulated, ChainID: 1337, FeeMode: FeeEIP1559, MinTipCap: big.NewInt(1), MaxTipCap: Gwei(100), MaxFeeCap: Gwei(1000),
		Confirmations: 1, ReorgDepth: 8, BlockTime: time.Second, ResubmitAfter: 3 * time.Second},
}

// Defaults every entry of the table shares unless it sets its own.
const (
	DefaultBumpPercent      = 15
	DefaultMaxBumps         = 10
	DefaultGasMarginPercent = 20
)

// Names lists the known networks.
func Names() []string {
	out := make([]string, len(table))
	for i, c := range table {
		out[i] = c.Name
	}
	return out
}

// Lookup returns a copy of the known network name (case-insensitive), with defaults
// filled in.
func Lookup(name string) (Config, error) {
	i := slices.IndexFunc(table, func(c Config) bool { return strings.EqualFold(c.Name, name) })
	if i < 0 {
		return Config{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownNetwork, name, strings.Join(Names(), ", "))
	}
	c := table[i].clone()
	c.fillDefaults()
	return c, nil
}

// ByChainID returns the known network with chainID (the simulated chain and a local geth
// share 1337; the local geth is returned).
func ByChainID(chainID uint64) (Config, error) {
	for _, c := range table {
		if c.ChainID == chainID {
			return Lookup(c.Name)
		}
	}
	return Config{}, fmt.Errorf("%w: chain id %d", ErrUnknownNetwork, chainID)
}

func (c Config) clone() Config {
	c.Endpoints = slices.Clone(c.Endpoints)
	for _, p := range []**big.Int{&c.MinTipCap, &c.MaxTipCap, &c.MaxFeeCap} {
		if *p != nil {
			*p = new(big.Int).Set(*p)
		}
	}
	return c
}

func (c *Config) fillDefaults() {
	if c.BumpPercent == 0 {
		c.BumpPercent = DefaultBumpPercent
	}
	if c.MaxBumps == 0 {
		c.MaxBumps = DefaultMaxBumps
	}
	if c.GasMarginPercent == 0 {
		c.GasMarginPercent = DefaultGasMarginPercent
	}
}

// Check reports every problem of the configuration, joined.
func (c Config) Check() error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, a...)...))
	}
	if c.Name == "" {
		bad("name is empty")
	}
	if c.ChainID == 0 {
		bad("%s: chain id is 0", c.Name)
	}
	if c.FeeMode != FeeEIP1559 && c.FeeMode != FeeLegacy {
		bad("%s: fee mode %q (want %s or %s)", c.Name, c.FeeMode, FeeEIP1559, FeeLegacy)
	}
	if c.Name != Simulated && len(c.Endpoints) == 0 {
		bad("%s: no RPC endpoints", c.Name)
	}
	for _, e := range c.Endpoints {
		if !strings.HasPrefix(e, "http://") && !strings.HasPrefix(e, "https://") &&
			!strings.HasPrefix(e, "ws://") && !strings.HasPrefix(e, "wss://") && !strings.HasSuffix(e, ".ipc") {
			bad("%s: endpoint %q is not http(s)://, ws(s):// or an .ipc path", c.Name, redact(e))
		}
	}
	for name, v := range map[string]*big.Int{"min tip cap": c.MinTipCap, "max tip cap": c.MaxTipCap, "max fee cap": c.MaxFeeCap} {
		if v == nil || v.Sign() <= 0 {
			bad("%s: %s must be positive", c.Name, name)
		}
	}
	if c.MinTipCap != nil && c.MaxTipCap != nil && c.MinTipCap.Cmp(c.MaxTipCap) > 0 {
		bad("%s: min tip cap %s above max tip cap %s", c.Name, c.MinTipCap, c.MaxTipCap)
	}
	if c.MaxTipCap != nil && c.MaxFeeCap != nil && c.MaxTipCap.Cmp(c.MaxFeeCap) > 0 {
		bad("%s: max tip cap %s above max fee cap %s", c.Name, c.MaxTipCap, c.MaxFeeCap)
	}
	if c.Confirmations == 0 {
		bad("%s: confirmations must be at least 1", c.Name)
	}
	if c.BlockTime <= 0 || c.ResubmitAfter <= 0 {
		bad("%s: block time and resubmit delay must be positive", c.Name)
	}
	if c.BumpPercent < 10 {
		bad("%s: bump percent %d below 10 (nodes refuse smaller replacements)", c.Name, c.BumpPercent)
	}
	if c.MaxBumps < 0 || c.GasMarginPercent < 0 {
		bad("%s: max bumps and gas margin must not be negative", c.Name)
	}
	return errors.Join(errs...)
}

// redact drops the path and query of an endpoint URL, where providers put API keys.
func redact(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			return u[:i+3+j] + "/…"
		}
	}
	return u
}

// Redact is redact for others: endpoint URLs may carry API keys and must not be logged whole.
func Redact(endpoint string) string { return redact(endpoint) }
