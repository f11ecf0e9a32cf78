package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/rpc"
)

// DeployContracts puts TokenManager and ModelRegistry on a real network, owned by the
// configured key, waits until both have code and records their addresses in the chain
// bucket, where every role started later finds them.
func DeployContracts(ctx context.Context, cfg ChainConfig, js jetstream.JetStream, log *slog.Logger) (hokusai.Addresses, error) {
	net, err := network.Lookup(cfg.Network)
	if err != nil {
		return hokusai.Addresses{}, err
	}
	if len(cfg.RPCURLs) > 0 {
		net.Endpoints = cfg.RPCURLs
	}
	if len(net.Endpoints) == 0 {
		return hokusai.Addresses{}, fmt.Errorf("network %s: no RPC endpoint (the simulated chain deploys its own contracts)", net.Name)
	}
	cl, err := rpc.Dial(rpc.Config{Endpoints: net.Endpoints, ChainID: net.ChainID, Logger: log})
	if err != nil {
		return hokusai.Addresses{}, err
	}
	defer cl.Close()
	key, err := cfg.Key.Load()
	if err != nil {
		return hokusai.Addresses{}, err
	}
	opts := key.TransactOpts(new(big.Int).SetUint64(net.ChainID))
	opts.Context = ctx
	d, err := hokusai.New().SendDeployment(opts, cl, key.Address())
	if err != nil {
		return hokusai.Addresses{}, err
	}
	log.Info("contract creation sent", "token_manager_tx", d.TokenManagerTx.Hash(), "model_registry_tx", d.ModelRegistryTx.Hash())
	if _, err := bind.WaitDeployed(ctx, cl, d.TokenManagerTx.Hash()); err != nil {
		return hokusai.Addresses{}, fmt.Errorf("wait for TokenManager: %w", err)
	}
	if _, err := bind.WaitDeployed(ctx, cl, d.ModelRegistryTx.Hash()); err != nil {
		return hokusai.Addresses{}, fmt.Errorf("wait for ModelRegistry: %w", err)
	}
	if err := recordAddresses(ctx, js, net.Name, d.Addresses); err != nil {
		return hokusai.Addresses{}, err
	}
	return d.Addresses, nil
}
