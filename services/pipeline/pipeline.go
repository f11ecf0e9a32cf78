// Package pipeline assembles the deploy stages over one JetStream and one chain: the
// wiring `chainrelay up` runs in one process, each role command runs alone, and the
// end-to-end tests run in-process.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/chain"
	"github.com/chainrelay/chainrelay/services/deployer"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/keys"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/nonce"
	"github.com/chainrelay/chainrelay/services/evm/rpc"
	"github.com/chainrelay/chainrelay/services/evm/simchain"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
	"github.com/chainrelay/chainrelay/services/publisher"
	"github.com/chainrelay/chainrelay/services/registrar"
	"github.com/chainrelay/chainrelay/services/validator"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// ChainConfig says which chain the deploy stages use.
type ChainConfig struct {
	// Network is a name from the network table; "simulated" runs an in-process chain.
	Network string
	// RPCURLs override the network's endpoints.
	RPCURLs []string
	// Key signs deployments and registrations (unused for the simulated chain, which
	// makes its own owner key).
	Key keys.Config
	// TokenManager and ModelRegistry addresses; read from the chain bucket when empty.
	TokenManager, ModelRegistry string
	// BlockPeriod of the simulated chain. Default 1 s.
	BlockPeriod time.Duration
	// SimulatedHTTP, when set, serves the simulated chain's JSON-RPC (e.g.
	// "127.0.0.1:8545") so roles in other processes can use it.
	SimulatedHTTP string
	// SharedNonces reserves nonces through the JetStream KV bucket, for several deployer
	// replicas sharing one key.
	SharedNonces bool
	// Metrics observes the transaction manager; nil records nothing.
	Metrics txmgr.Metrics
}

// Chain is an open chain binding.
type Chain struct {
	*chain.Hokusai
	Net network.Config
	// Sim is the simulated chain, nil on a real network.
	Sim *simchain.Chain
	// RPC is the multi-endpoint client, nil for the in-process simulated chain.
	RPC   *rpc.Client
	tx    *txmgr.Manager
	close []func()
}

// Close stops the transaction manager (waiting for sends up to 10 s) and the chain.
func (c *Chain) Close() {
	if c.tx != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = c.tx.Close(ctx)
		cancel()
	}
	for i := len(c.close) - 1; i >= 0; i-- {
		c.close[i]()
	}
}

// OpenChain starts or dials the chain, binds the contracts and records their addresses
// in the chain bucket so that roles started later find them.
func OpenChain(ctx context.Context, cfg ChainConfig, js jetstream.JetStream, log *slog.Logger) (*Chain, error) {
	if cfg.Network == "" {
		cfg.Network = network.Simulated
	}
	net, err := network.Lookup(cfg.Network)
	if err != nil {
		return nil, err
	}
	if len(cfg.RPCURLs) > 0 {
		net.Endpoints = cfg.RPCURLs
	}
	out := &Chain{Net: net}
	var backend chain.Backend
	var signer *keys.Key
	addrs := hokusai.Addresses{}
	if net.Name == network.Simulated && len(cfg.RPCURLs) == 0 {
		period := cfg.BlockPeriod
		if period <= 0 {
			period = time.Second
		}
		net.BlockTime = period
		sim, err := simchain.Start(ctx, simchain.Config{Period: period, HTTPAddr: cfg.SimulatedHTTP, Logger: log})
		if err != nil {
			return nil, err
		}
		out.Sim = sim
		out.close = append(out.close, func() { _ = sim.Close() })
		backend, signer, addrs = sim.Client, sim.Owner, sim.Contracts
	} else {
		if len(net.Endpoints) == 0 {
			return nil, fmt.Errorf("network %s: no RPC endpoint", net.Name)
		}
		// Every endpoint, health-checked, with failover: a dead primary costs one timeout.
		cl, err := rpc.Dial(rpc.Config{Endpoints: net.Endpoints, ChainID: net.ChainID, Logger: log})
		if err != nil {
			return nil, err
		}
		out.close = append(out.close, cl.Close)
		out.RPC = cl
		backend = cl
		if signer, err = cfg.Key.Load(); err != nil {
			out.Close()
			return nil, err
		}
		if addrs, err = contractAddresses(ctx, cfg, js, net.Name); err != nil {
			out.Close()
			return nil, err
		}
	}
	out.Net = net
	var nonces nonce.Source = nonce.NewLocal()
	if cfg.SharedNonces {
		kv, err := js.KeyValue(ctx, streams.BucketNonces)
		if err != nil {
			out.Close()
			return nil, fmt.Errorf("open bucket %s: %w", streams.BucketNonces, err)
		}
		nonces = nonce.NewKV(kv, net.ChainID)
	}
	out.tx, err = txmgr.New(ctx, txmgr.Config{Network: net, RevertABIs: hokusai.New().ABIs(), Logger: log, Metrics: cfg.Metrics}, backend, signer, nonces)
	if err != nil {
		out.Close()
		return nil, err
	}
	out.Hokusai, err = chain.New(ctx, net, backend, out.tx, addrs)
	if err != nil {
		out.Close()
		return nil, err
	}
	if out.Sim != nil {
		if err := recordAddresses(ctx, js, net.Name, out.Addresses()); err != nil {
			out.Close()
			return nil, err
		}
	}
	return out, nil
}

func chainKey(networkName, contract string) string { return networkName + "." + contract }

func recordAddresses(ctx context.Context, js jetstream.JetStream, networkName string, a hokusai.Addresses) error {
	kv, err := js.KeyValue(ctx, streams.BucketChain)
	if err != nil {
		return fmt.Errorf("open bucket %s: %w", streams.BucketChain, err)
	}
	for k, v := range map[string]common.Address{"token_manager": a.TokenManager, "model_registry": a.ModelRegistry} {
		if _, err := kv.PutString(ctx, chainKey(networkName, k), v.Hex()); err != nil {
			return fmt.Errorf("record %s address: %w", k, err)
		}
	}
	return nil
}

func contractAddresses(ctx context.Context, cfg ChainConfig, js jetstream.JetStream, networkName string) (hokusai.Addresses, error) {
	get := func(flagValue, key string) (common.Address, error) {
		if flagValue == "" {
			kv, err := js.KeyValue(ctx, streams.BucketChain)
			if err != nil {
				return common.Address{}, fmt.Errorf("open bucket %s: %w", streams.BucketChain, err)
			}
			e, err := kv.Get(ctx, chainKey(networkName, key))
			if err != nil {
				return common.Address{}, fmt.Errorf("%s address: not configured and not in bucket %s: %w", key, streams.BucketChain, err)
			}
			flagValue = string(e.Value())
		}
		if !common.IsHexAddress(flagValue) {
			return common.Address{}, fmt.Errorf("%s address %q is not an address", key, flagValue)
		}
		return common.HexToAddress(flagValue), nil
	}
	var a hokusai.Addresses
	var err error
	if a.TokenManager, err = get(cfg.TokenManager, "token_manager"); err != nil {
		return a, err
	}
	a.ModelRegistry, err = get(cfg.ModelRegistry, "model_registry")
	return a, err
}

// Deps are what the stages run on.
type Deps struct {
	JS      jetstream.JetStream
	Chain   *Chain // nil for the validator and publisher alone
	Logger  *slog.Logger
	Metrics *stage.Metrics
}

// Concurrency of each stage. Deployments wait for blocks, so the deployer keeps many in
// flight: they share blocks instead of queueing for them.
type Concurrency struct {
	Validator, Deployer, Registrar, Publisher int
}

// DefaultConcurrency suits one process on a laptop and a chain with 1 s blocks.
func DefaultConcurrency() Concurrency {
	return Concurrency{Validator: 64, Deployer: 1024, Registrar: 1024, Publisher: 64}
}

func (d Deps) runner(name, consumer string, n int, h stage.Handler) (*stage.Runner, error) {
	return stage.New(d.JS, stage.Config{
		Name: name, Stream: schemas.StreamHokusai, Consumer: consumer, Concurrency: n,
		Logger: d.Logger, Metrics: d.Metrics,
	}, h)
}

// Validator builds the validator stage.
func Validator(ctx context.Context, d Deps, n int) (*stage.Runner, error) {
	lookup, err := validator.OpenJetStreamLookup(ctx, d.JS)
	if err != nil {
		return nil, err
	}
	svc := &validator.Service{Tokens: lookup, History: lookup}
	if err := svc.Check(); err != nil {
		return nil, err
	}
	return d.runner("validator", streams.ConsumerValidator, n, svc.Handle)
}

// Deployer builds the deployer stage.
func Deployer(ctx context.Context, d Deps, n int) (*stage.Runner, error) {
	if d.Chain == nil {
		return nil, errors.New("deployer: no chain")
	}
	tokens, err := deployer.OpenKVTokens(ctx, d.JS)
	if err != nil {
		return nil, err
	}
	svc := &deployer.Service{Chain: d.Chain, Journal: &deployer.StreamJournal{JS: d.JS}, Tokens: tokens}
	return d.runner("deployer", streams.ConsumerDeployer, n, svc.Handle)
}

// Registrar builds the registrar stage.
func Registrar(_ context.Context, d Deps, n int) (*stage.Runner, error) {
	if d.Chain == nil {
		return nil, errors.New("registrar: no chain")
	}
	return d.runner("registrar", streams.ConsumerRegistrar, n, (&registrar.Service{Registry: d.Chain}).Handle)
}

// Publisher builds the publisher stage.
func Publisher(_ context.Context, d Deps, n int) (*stage.Runner, error) {
	return d.runner("publisher", streams.ConsumerPublisher, n, (&publisher.Service{}).Handle)
}

// Stages builds all four.
func Stages(ctx context.Context, d Deps, c Concurrency) ([]*stage.Runner, error) {
	var out []*stage.Runner
	for _, b := range []struct {
		build func(context.Context, Deps, int) (*stage.Runner, error)
		n     int
	}{{Validator, c.Validator}, {Deployer, c.Deployer}, {Registrar, c.Registrar}, {Publisher, c.Publisher}} {
		r, err := b.build(ctx, d, b.n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
