// Package simchain runs an in-process EVM chain (go-ethereum's simulated backend) that
// seals a block on a fixed period, with TokenManager and ModelRegistry deployed at start.
// It is the chain of `chainrelay up` and of tests.
package simchain

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"

	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/keys"
)

// ChainID is the chain id of every simulated chain.
const ChainID = 1337

// DefaultBalance funds the owner and every account in Config.Fund: 1,000,000 ether.
var defaultBalance = func() *big.Int { return new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18)) }

// ErrClosed is returned by a closed chain.
var ErrClosed = errors.New("simchain closed")

// Config configures a simulated chain. The zero value seals a block every second with a
// fresh owner key.
type Config struct {
	// Period between sealed blocks; 0 means the default (1s), negative means never (the
	// caller seals blocks with Commit).
	Period time.Duration
	// Owner deploys and owns the contracts; a fresh key when nil.
	Owner *keys.Key
	// Fund lists further accounts to fund at genesis.
	Fund []common.Address
	// HTTPAddr, when set ("127.0.0.1:0" or "127.0.0.1:8545"), also serves JSON-RPC over HTTP
	// so that other processes can use the chain.
	HTTPAddr string
	// MinerMinTip is the smallest tip a block includes (default: the node's, 1 wei … 1 gwei).
	MinerMinTip *big.Int
	// BlockGasLimit of every block (default go-ethereum's).
	BlockGasLimit uint64
	Logger        *slog.Logger
}

// Check reports an invalid configuration.
func (c Config) Check() error {
	if c.MinerMinTip != nil && c.MinerMinTip.Sign() <= 0 {
		return errors.New("simchain: MinerMinTip must be positive")
	}
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			return fmt.Errorf("simchain: HTTPAddr: %w", err)
		}
	}
	return nil
}

// Chain is a running simulated chain.
type Chain struct {
	// Backend is the simulated backend; Fork and Rollback are available for tests.
	Backend *simulated.Backend
	// Client is an RPC client of the chain; it satisfies txmgr.Backend and bind.ContractBackend.
	Client simulated.Client
	// Owner owns TokenManager and ModelRegistry.
	Owner *keys.Key
	// Contracts are the deployed contract addresses.
	Contracts hokusai.Addresses
	// HTTPURL is the JSON-RPC URL when Config.HTTPAddr was set.
	HTTPURL string

	log    *slog.Logger
	mu     sync.Mutex // serialises Commit with the timer
	closed bool
	stop   chan struct{}
	done   chan struct{}
}

// ChainID returns the chain id as a big.Int.
func (c *Chain) ChainID() *big.Int { return big.NewInt(ChainID) }

// Start creates the chain, deploys the contracts (sealing blocks until they are mined)
// and starts the block timer.
func Start(ctx context.Context, cfg Config) (*Chain, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	owner := cfg.Owner
	if owner == nil {
		k, err := keys.Generate()
		if err != nil {
			return nil, err
		}
		owner = k
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	alloc := types.GenesisAlloc{owner.Address(): {Balance: defaultBalance()}}
	for _, a := range cfg.Fund {
		alloc[a] = types.Account{Balance: defaultBalance()}
	}
	opts := []func(*node.Config, *ethconfig.Config){func(_ *node.Config, ec *ethconfig.Config) {
		// The dev chain config of go-ethereum runs forks no public network has activated
		// (Bogota with EIP-8037 state gas, which roughly doubles storage costs); stop at
		// Osaka so gas and behaviour match mainnet and Polygon.
		cc := *ec.Genesis.Config
		cc.BogotaTime = nil
		ec.Genesis.Config = &cc
	}}
	if cfg.MinerMinTip != nil {
		opts = append(opts, simulated.WithMinerMinTip(cfg.MinerMinTip))
	}
	if cfg.BlockGasLimit != 0 {
		opts = append(opts, simulated.WithBlockGasLimit(cfg.BlockGasLimit))
	}
	httpURL := ""
	if cfg.HTTPAddr != "" {
		host, portStr, _ := net.SplitHostPort(cfg.HTTPAddr)
		port, err := strconv.Atoi(portStr)
		if err != nil {
			return nil, fmt.Errorf("simchain: HTTPAddr port: %w", err)
		}
		if port == 0 {
			// node.Config needs a concrete port: take a free one.
			l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
			if err != nil {
				return nil, fmt.Errorf("simchain: find free port: %w", err)
			}
			port = l.Addr().(*net.TCPAddr).Port
			_ = l.Close()
		}
		httpURL = "http://" + net.JoinHostPort(host, strconv.Itoa(port))
		opts = append(opts, func(nc *node.Config, _ *ethconfig.Config) {
			nc.HTTPHost = host
			nc.HTTPPort = port
			nc.HTTPModules = []string{"eth", "net", "web3"}
			nc.HTTPVirtualHosts = []string{"*"}
		})
	}
	backend := simulated.NewBackend(alloc, opts...)
	c := &Chain{
		Backend: backend,
		Client:  backend.Client(),
		Owner:   owner,
		HTTPURL: httpURL,
		log:     log,
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	if err := c.deploy(ctx); err != nil {
		_ = backend.Close()
		return nil, err
	}
	period := cfg.Period
	if period == 0 {
		period = time.Second
	}
	if period > 0 {
		go c.seal(period)
	} else {
		close(c.done)
	}
	log.Info("simulated chain started", "chain_id", ChainID, "owner", owner.Address(),
		"token_manager", c.Contracts.TokenManager, "model_registry", c.Contracts.ModelRegistry,
		"period", period, "http", httpURL)
	return c, nil
}

func (c *Chain) deploy(ctx context.Context) error {
	h := hokusai.New()
	d, err := h.SendDeployment(c.Owner.TransactOpts(c.ChainID()), c.Client, c.Owner.Address())
	if err != nil {
		return fmt.Errorf("simchain: %w", err)
	}
	// The transaction pool promotes new transactions in the background, so one block
	// sealed right away may not carry them: seal until both are mined (the periodic
	// sealing starts only after this).
	for _, tx := range []*types.Transaction{d.TokenManagerTx, d.ModelRegistryTx} {
		var r *types.Receipt
		for {
			c.Backend.Commit()
			r, err = c.Client.TransactionReceipt(ctx, tx.Hash())
			if err == nil {
				break
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("simchain: wait for contract deployment: %w", ctx.Err())
			case <-time.After(5 * time.Millisecond):
			}
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("simchain: contract deployment %s reverted", tx.Hash())
		}
	}
	c.Contracts = d.Addresses
	return nil
}

func (c *Chain) seal(period time.Duration) {
	defer close(c.done)
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.Commit()
		}
	}
}

// Commit seals a block now; safe beside the timer. It returns the new block's hash, or
// the zero hash when the chain is closed.
func (c *Chain) Commit() common.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return common.Hash{}
	}
	return c.Backend.Commit()
}

// Close stops the timer and the chain.
func (c *Chain) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closed = true
	c.mu.Unlock()
	select {
	case <-c.done:
	default:
		close(c.stop)
		<-c.done
	}
	return c.Backend.Close()
}
