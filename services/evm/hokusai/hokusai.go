// Package hokusai is typed access to the Hokusai contracts: address prediction, calldata
// for deployments and registrations, read-only lookups, receipt decoding, revert decoding,
// and the one-time deployment of TokenManager and ModelRegistry.
package hokusai

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/bindings"
)

// Errors of this package.
var (
	ErrNoDeployEvent   = errors.New("receipt has no TokenDeployed event")
	ErrNoRegisterEvent = errors.New("receipt has no ModelRegistered event")
	ErrEmptyModelID    = errors.New("empty model id")
)

// Contracts bundles the parsed bindings; it is immutable and safe to share.
type Contracts struct {
	Token    *bindings.HokusaiToken
	Manager  *bindings.TokenManager
	Registry *bindings.ModelRegistry
}

// New parses the contract ABIs.
func New() *Contracts {
	return &Contracts{
		Token:    bindings.NewHokusaiToken(),
		Manager:  bindings.NewTokenManager(),
		Registry: bindings.NewModelRegistry(),
	}
}

// ABIs returns the three ABIs, for decoding custom errors (evm.Classify, evm.DecodeRevert).
func (c *Contracts) ABIs() []*abi.ABI {
	t, m, r := c.Token.GetABI(), c.Manager.GetABI(), c.Registry.GetABI()
	return []*abi.ABI{&m, &r, &t}
}

// DecodeRevert renders revert data with the contracts' custom errors.
func (c *Contracts) DecodeRevert(data []byte) string { return evm.DecodeRevert(data, c.ABIs()...) }

// ModelKey is the CREATE2 salt and mapping key of a model id: keccak256(modelID).
func ModelKey(modelID string) common.Hash { return crypto.Keccak256Hash([]byte(modelID)) }

// cloneInitCode is the EIP-1167 creation code OpenZeppelin's Clones deploys for
// implementation; its keccak256 is the init code hash of CREATE2.
func cloneInitCode(implementation common.Address) []byte {
	code := make([]byte, 0, 55)
	code = append(code, common.FromHex("0x3d602d80600a3d3981f3363d3d373d3d3d363d73")...)
	code = append(code, implementation.Bytes()...)
	code = append(code, common.FromHex("0x5af43d82803e903d91602b57fd5bf3")...)
	return code
}

// PredictTokenAddress returns the address the token of modelID has, or will have, when
// deployed by the TokenManager at manager whose implementation is implementation. It
// equals TokenManager.predictAddress(modelID) and needs no RPC.
func PredictTokenAddress(manager, implementation common.Address, modelID string) common.Address {
	return crypto.CreateAddress2(manager, ModelKey(modelID), crypto.Keccak256(cloneInitCode(implementation)))
}

// DeployParams are the arguments of TokenManager.deployToken.
type DeployParams struct {
	ModelID string
	Name    string
	Symbol  string
	// InitialHolder receives InitialSupply; both may be zero for no mint.
	InitialHolder common.Address
	InitialSupply *big.Int
}

// DeployTokenData is the calldata of TokenManager.deployToken(p).
func (c *Contracts) DeployTokenData(p DeployParams) ([]byte, error) {
	if p.ModelID == "" {
		return nil, ErrEmptyModelID
	}
	supply := p.InitialSupply
	if supply == nil {
		supply = new(big.Int)
	}
	data, err := c.Manager.TryPackDeployToken(p.ModelID, p.Name, p.Symbol, p.InitialHolder, supply)
	if err != nil {
		return nil, fmt.Errorf("pack deployToken: %w", err)
	}
	return data, nil
}

// RegisterModelData is the calldata of ModelRegistry.registerModel.
func (c *Contracts) RegisterModelData(modelID string, token common.Address, metric string) ([]byte, error) {
	if modelID == "" {
		return nil, ErrEmptyModelID
	}
	data, err := c.Registry.TryPackRegisterModel(modelID, token, metric)
	if err != nil {
		return nil, fmt.Errorf("pack registerModel: %w", err)
	}
	return data, nil
}

// Caller is the RPC method the read-only lookups use.
type Caller interface {
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

func call[T any](ctx context.Context, c Caller, to common.Address, data []byte, unpack func([]byte) (T, error), op string, abis []*abi.ABI) (T, error) {
	var zero T
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
	if err != nil {
		return zero, evm.Classify(op, err, abis...)
	}
	v, err := unpack(out)
	if err != nil {
		return zero, fmt.Errorf("%s: unpack: %w", op, err)
	}
	return v, nil
}

// Implementation reads the token implementation of the TokenManager at manager.
func (c *Contracts) Implementation(ctx context.Context, cl Caller, manager common.Address) (common.Address, error) {
	return call(ctx, cl, manager, c.Manager.PackImplementation(), c.Manager.UnpackImplementation, "read implementation", c.ABIs())
}

// TokenOf reads the token deployed for modelID, or the zero address.
func (c *Contracts) TokenOf(ctx context.Context, cl Caller, manager common.Address, modelID string) (common.Address, error) {
	return call(ctx, cl, manager, c.Manager.PackTokenOf(modelID), c.Manager.UnpackTokenOf, "read tokenOf", c.ABIs())
}

// PredictAddress asks the TokenManager at manager for the address of modelID's token.
func (c *Contracts) PredictAddress(ctx context.Context, cl Caller, manager common.Address, modelID string) (common.Address, error) {
	return call(ctx, cl, manager, c.Manager.PackPredictAddress(modelID), c.Manager.UnpackPredictAddress, "read predictAddress", c.ABIs())
}

// Entry is a ModelRegistry record; Token is zero when the model is not registered.
type Entry struct {
	Token             common.Address
	RegisteredAt      uint64 // block timestamp, seconds
	PerformanceMetric string
}

// Registered reports whether Entry holds a registration.
func (e Entry) Registered() bool { return e.Token != (common.Address{}) }

// Lookup reads the registry entry of modelID.
func (c *Contracts) Lookup(ctx context.Context, cl Caller, registry common.Address, modelID string) (Entry, error) {
	m, err := call(ctx, cl, registry, c.Registry.PackGetModel(modelID), c.Registry.UnpackGetModel, "read getModel", c.ABIs())
	if err != nil {
		return Entry{}, err
	}
	return Entry{Token: m.Token, RegisteredAt: m.RegisteredAt, PerformanceMetric: m.PerformanceMetric}, nil
}

// ModelOf reads the model id registered for token, or "".
func (c *Contracts) ModelOf(ctx context.Context, cl Caller, registry, token common.Address) (string, error) {
	return call(ctx, cl, registry, c.Registry.PackModelOf(token), c.Registry.UnpackModelOf, "read modelOf", c.ABIs())
}

// Deployed is a TokenDeployed event.
type Deployed struct {
	ModelID string
	Token   common.Address
	Name    string
	Symbol  string
}

// DeployedToken finds the TokenDeployed event of the TokenManager at manager in r.
func (c *Contracts) DeployedToken(r *types.Receipt, manager common.Address) (Deployed, error) {
	for _, l := range r.Logs {
		if l.Address != manager || len(l.Topics) == 0 || l.Topics[0] != c.Manager.GetABI().Events["TokenDeployed"].ID {
			continue
		}
		ev, err := c.Manager.UnpackTokenDeployedEvent(l)
		if err != nil {
			return Deployed{}, fmt.Errorf("unpack TokenDeployed: %w", err)
		}
		return Deployed{ModelID: ev.ModelId, Token: ev.Token, Name: ev.Name, Symbol: ev.Symbol}, nil
	}
	return Deployed{}, ErrNoDeployEvent
}

// Registration is a ModelRegistered event.
type Registration struct {
	ModelID           string
	Token             common.Address
	PerformanceMetric string
}

// Registered finds the ModelRegistered event of the registry at registry in r.
func (c *Contracts) Registered(r *types.Receipt, registry common.Address) (Registration, error) {
	for _, l := range r.Logs {
		if l.Address != registry || len(l.Topics) == 0 || l.Topics[0] != c.Registry.GetABI().Events["ModelRegistered"].ID {
			continue
		}
		ev, err := c.Registry.UnpackModelRegisteredEvent(l)
		if err != nil {
			return Registration{}, fmt.Errorf("unpack ModelRegistered: %w", err)
		}
		return Registration{ModelID: ev.ModelId, Token: ev.Token, PerformanceMetric: ev.PerformanceMetric}, nil
	}
	return Registration{}, ErrNoRegisterEvent
}

// Addresses are the deployed Hokusai contracts of a network.
type Addresses struct {
	TokenManager   common.Address
	ModelRegistry  common.Address
	Implementation common.Address // token implementation, created by TokenManager
}

// Deployment is what SendDeployment sent: the two creation transactions, not yet mined.
type Deployment struct {
	Addresses
	TokenManagerTx  *types.Transaction
	ModelRegistryTx *types.Transaction
}

// SendDeployment sends the creation transactions of TokenManager and ModelRegistry, both
// owned by owner, signed by opts. The caller waits for them (bind.WaitMined). The
// implementation address is the TokenManager's first CREATE.
func (c *Contracts) SendDeployment(opts *bind.TransactOpts, backend bind.ContractBackend, owner common.Address) (Deployment, error) {
	o := *opts // the caller's options stay untouched
	opts = &o
	if opts.Nonce == nil {
		// Both nonces are fixed up front: a node's pending nonce may not yet count the
		// first transaction when the second is built.
		ctx := opts.Context
		if ctx == nil {
			ctx = context.Background()
		}
		n, err := backend.PendingNonceAt(ctx, opts.From)
		if err != nil {
			return Deployment{}, evm.Classify("read nonce", err)
		}
		opts.Nonce = new(big.Int).SetUint64(n)
	}
	tmAddr, tmTx, err := bind.DeployContract(opts, common.FromHex(bindings.TokenManagerMetaData.Bin), backend, c.Manager.PackConstructor(owner))
	if err != nil {
		return Deployment{}, evm.Classify("deploy TokenManager", err, c.ABIs()...)
	}
	opts.Nonce = new(big.Int).Add(opts.Nonce, big.NewInt(1))
	mrAddr, mrTx, err := bind.DeployContract(opts, common.FromHex(bindings.ModelRegistryMetaData.Bin), backend, c.Registry.PackConstructor(owner))
	if err != nil {
		return Deployment{}, evm.Classify("deploy ModelRegistry", err, c.ABIs()...)
	}
	return Deployment{
		Addresses: Addresses{
			TokenManager:   tmAddr,
			ModelRegistry:  mrAddr,
			Implementation: crypto.CreateAddress(tmAddr, 1), // contract nonces start at 1 (EIP-161)
		},
		TokenManagerTx:  tmTx,
		ModelRegistryTx: mrTx,
	}, nil
}
