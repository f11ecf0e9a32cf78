// Package chain is the Hokusai contracts on one network as the deploy stages use them:
// token deployment and registration sent through the transaction manager, lookups
// through the contracts' views. It implements deployer.Chain and registrar.Registry.
package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/deployer"
	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
	"github.com/chainrelay/chainrelay/services/registrar"
)

// Backend is the JSON-RPC surface the chain needs: the transaction manager's plus
// contract reads.
type Backend interface {
	txmgr.Backend
	CodeAt(ctx context.Context, account common.Address, blockNumber *big.Int) ([]byte, error)
	BalanceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (*big.Int, error)
}

// Hokusai binds the contracts of one network to a transaction manager.
type Hokusai struct {
	net       network.Config
	backend   Backend
	tx        *txmgr.Manager
	contracts *hokusai.Contracts
	addrs     hokusai.Addresses
}

var (
	_ deployer.Chain     = (*Hokusai)(nil)
	_ registrar.Registry = (*Hokusai)(nil)
)

// New binds the contracts at addrs; addrs.Implementation is read from the TokenManager
// when zero.
func New(ctx context.Context, net network.Config, backend Backend, tx *txmgr.Manager, addrs hokusai.Addresses) (*Hokusai, error) {
	h := &Hokusai{net: net, backend: backend, tx: tx, contracts: hokusai.New(), addrs: addrs}
	if addrs.TokenManager == (common.Address{}) || addrs.ModelRegistry == (common.Address{}) {
		return nil, errors.New("chain: TokenManager and ModelRegistry addresses are required")
	}
	if addrs.Implementation == (common.Address{}) {
		impl, err := h.contracts.Implementation(ctx, backend, addrs.TokenManager)
		if err != nil {
			return nil, fmt.Errorf("chain: %w", err)
		}
		h.addrs.Implementation = impl
	}
	return h, nil
}

// Addresses are the bound contracts.
func (h *Hokusai) Addresses() hokusai.Addresses { return h.addrs }

// Target names the network, the sending account and the TokenManager.
func (h *Hokusai) Target() deployer.Target {
	return deployer.Target{Network: h.net.Name, ChainID: h.net.ChainID, From: h.tx.From().Hex(), Manager: h.addrs.TokenManager.Hex()}
}

// TokenOf reads TokenManager.tokenOf.
func (h *Hokusai) TokenOf(ctx context.Context, modelID string) (string, error) {
	a, err := h.contracts.TokenOf(ctx, h.backend, h.addrs.TokenManager, modelID)
	if err != nil || a == (common.Address{}) {
		return "", err
	}
	return a.Hex(), nil
}

// Predict computes the CREATE2 address of the model's token without an RPC.
func (h *Hokusai) Predict(modelID string) string {
	return hokusai.PredictTokenAddress(h.addrs.TokenManager, h.addrs.Implementation, modelID).Hex()
}

// Deploy sends TokenManager.deployToken for req, journaling each attempt first.
func (h *Hokusai) Deploy(ctx context.Context, req schemas.DeployRequest, journal func(context.Context, schemas.TxAttempt) error) (schemas.Receipt, error) {
	data, err := h.contracts.DeployTokenData(hokusai.DeployParams{ModelID: req.ModelID, Name: req.TokenName, Symbol: req.TokenSymbol})
	if err != nil {
		return schemas.Receipt{}, evm.Classify("pack deployToken", err)
	}
	return h.send(ctx, h.addrs.TokenManager, data, deployGas, journal)
}

// Gas limits of the two calls, fixed rather than estimated: both cost the same for every
// model (a clone and a few storage words; the strings are bounded by the validator), and
// skipping estimation spares the node a dozen EVM runs per send. Unused gas is refunded,
// and a revert still surfaces, mined, with its decoded reason.
const (
	deployGas = 260_000 // measured 169,477
	// registerGas covers the registry entry; registerGasPerWord each 32 bytes of strings.
	registerGas        = 140_000 // measured 97,000 with a short model id and metric
	registerGasPerWord = 45_000
)

// Resume follows journaled attempts, newest nonce first.
func (h *Hokusai) Resume(ctx context.Context, attempts []schemas.TxAttempt) (schemas.Receipt, bool, error) {
	byNonce := map[uint64][]txmgr.Attempt{}
	var order []uint64
	for _, a := range attempts {
		ta := txmgr.Attempt{Hash: common.HexToHash(a.Hash), Nonce: a.Nonce, GasLimit: a.GasLimit, SentAt: a.SentAt}
		if len(a.Raw) > 0 {
			tx := new(types.Transaction)
			if err := tx.UnmarshalBinary(a.Raw); err == nil {
				ta.Tx = tx
			}
		}
		if _, seen := byNonce[a.Nonce]; !seen {
			order = append(order, a.Nonce)
		}
		byNonce[a.Nonce] = append(byNonce[a.Nonce], ta)
	}
	for i := len(order) - 1; i >= 0; i-- {
		res, err := h.tx.Resume(ctx, byNonce[order[i]])
		if errors.Is(err, txmgr.ErrNotMined) {
			continue
		}
		if err != nil {
			return schemas.Receipt{}, false, err
		}
		return receipt(res.Receipt), true, nil
	}
	return schemas.Receipt{}, false, nil
}

// Address is the ModelRegistry's.
func (h *Hokusai) Address() string { return h.addrs.ModelRegistry.Hex() }

// Lookup reads the registry entry of modelID.
func (h *Hokusai) Lookup(ctx context.Context, modelID string) (string, error) {
	e, err := h.contracts.Lookup(ctx, h.backend, h.addrs.ModelRegistry, modelID)
	if err != nil || !e.Registered() {
		return "", err
	}
	return e.Token.Hex(), nil
}

// Register sends ModelRegistry.registerModel and waits for confirmation.
func (h *Hokusai) Register(ctx context.Context, modelID, token, metric string) (schemas.Receipt, error) {
	if !common.IsHexAddress(token) {
		return schemas.Receipt{}, &evm.Error{Class: evm.ClassUnknown, Op: "register model", Err: fmt.Errorf("bad token address %q", token)}
	}
	data, err := h.contracts.RegisterModelData(modelID, common.HexToAddress(token), metric)
	if err != nil {
		return schemas.Receipt{}, evm.Classify("pack registerModel", err)
	}
	words := uint64(len(modelID)+len(metric)+31) / 32
	return h.send(ctx, h.addrs.ModelRegistry, data, registerGas+registerGasPerWord*words, nil)
}

func (h *Hokusai) send(ctx context.Context, to common.Address, data []byte, gas uint64, journal func(context.Context, schemas.TxAttempt) error) (schemas.Receipt, error) {
	var opts []txmgr.SendOption
	if journal != nil {
		opts = append(opts, txmgr.BeforeBroadcast(func(ctx context.Context, a txmgr.Attempt) error {
			return journal(ctx, attempt(a))
		}))
	}
	res, err := h.tx.Send(ctx, txmgr.Candidate{To: &to, Data: data, GasLimit: gas}, opts...)
	if err != nil {
		return schemas.Receipt{}, err
	}
	return receipt(res.Receipt), nil
}

// Health checks that both contracts have code and that the sending key owns the
// registry, as registration requires.
func (h *Hokusai) Health(ctx context.Context) error {
	for name, a := range map[string]common.Address{"TokenManager": h.addrs.TokenManager, "ModelRegistry": h.addrs.ModelRegistry} {
		code, err := h.backend.CodeAt(ctx, a, nil)
		if err != nil {
			return fmt.Errorf("%s code: %w", name, err)
		}
		if len(code) == 0 {
			return fmt.Errorf("%s: no code at %s", name, a.Hex())
		}
	}
	reg := h.addrs.ModelRegistry
	out, err := h.backend.CallContract(ctx, ethereum.CallMsg{To: &reg, Data: h.contracts.Registry.PackOwner()}, nil)
	if err != nil {
		return fmt.Errorf("registry owner: %w", err)
	}
	owner, err := h.contracts.Registry.UnpackOwner(out)
	if err != nil {
		return fmt.Errorf("registry owner: %w", err)
	}
	if owner != h.tx.From() {
		return fmt.Errorf("registry owner is %s, not the sending key %s", owner.Hex(), h.tx.From().Hex())
	}
	return nil
}

// Balance is the sending account's balance in wei.
func (h *Hokusai) Balance(ctx context.Context) (*big.Int, error) {
	return h.backend.BalanceAt(ctx, h.tx.From(), nil)
}

func attempt(a txmgr.Attempt) schemas.TxAttempt {
	out := schemas.TxAttempt{Hash: a.Hash.Hex(), Nonce: a.Nonce, GasLimit: a.GasLimit, SentAt: a.SentAt.UTC()}
	if a.Fees.Legacy() {
		out.GasPrice = a.Fees.GasPrice.String()
	} else {
		if a.Fees.FeeCap != nil {
			out.GasFeeCap = a.Fees.FeeCap.String()
		}
		if a.Fees.TipCap != nil {
			out.GasTipCap = a.Fees.TipCap.String()
		}
	}
	if a.Tx != nil {
		if raw, err := a.Tx.MarshalBinary(); err == nil {
			out.Raw = raw
		}
	}
	if out.SentAt.IsZero() {
		out.SentAt = time.Now().UTC()
	}
	return out
}

func receipt(r *types.Receipt) schemas.Receipt {
	out := schemas.Receipt{TxHash: r.TxHash.Hex(), BlockHash: r.BlockHash.Hex(), GasUsed: r.GasUsed}
	if r.BlockNumber != nil {
		out.BlockNumber = r.BlockNumber.Uint64()
	}
	if r.EffectiveGasPrice != nil {
		out.EffectiveGasPrice = r.EffectiveGasPrice.String()
	}
	return out
}
