// Package rpc is a JSON-RPC client over several endpoints of one EVM network: calls go
// to the first healthy endpoint in configured order; a transport failure (refused
// connection, timeout, 5xx/429, garbage) moves the call to the next endpoint and counts
// against the endpoint's circuit breaker; an open breaker keeps the endpoint out of the
// way until a background health probe finds it well again, so a dead primary costs at
// most one timeout. Answers from a node (a revert, "nonce too low", not found) are
// returned as they are, never retried elsewhere.
package rpc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
)

// Errors of the client.
var (
	ErrNoEndpoints = errors.New("no RPC endpoints configured")
	ErrClosed      = errors.New("rpc client closed")
	ErrWrongChain  = errors.New("endpoint serves another chain")
)

// Config configures a Client.
type Config struct {
	// Endpoints in order of preference (http(s)://, ws(s):// or an IPC path).
	Endpoints []string
	// ChainID each endpoint must serve; 0 skips the check.
	ChainID uint64
	// CallTimeout bounds one call on one endpoint; default 5s.
	CallTimeout time.Duration
	// FailureThreshold is the number of consecutive transport failures that opens an
	// endpoint's breaker; default 1.
	FailureThreshold int
	// HealthInterval between probes (eth_chainId) of every endpoint; default 5s.
	HealthInterval time.Duration
	Logger         *slog.Logger
}

// Check reports an invalid configuration.
func (c Config) Check() error {
	if len(c.Endpoints) == 0 {
		return ErrNoEndpoints
	}
	if c.CallTimeout < 0 || c.HealthInterval < 0 || c.FailureThreshold < 0 {
		return errors.New("rpc config: negative timeout, interval or threshold")
	}
	return nil
}

type endpoint struct {
	url          string // for dialling only; logs use name
	name         string // redacted
	br           breaker
	mu           sync.Mutex
	cl           *ethclient.Client
	calls, fails uint64
}

// Client is a failover JSON-RPC client. It satisfies txmgr.Backend,
// bind.ContractBackend, bind.DeployBackend and hokusai.Caller.
type Client struct {
	cfg  Config
	eps  []*endpoint
	log  *slog.Logger
	http *http.Client

	stop   chan struct{}
	done   chan struct{}
	closed sync.Once
}

// Dial prepares a client over cfg.Endpoints and starts its health probes. Endpoints are
// dialled lazily: an endpoint that is down at start is skipped, not fatal.
func Dial(cfg Config) (*Client, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.CallTimeout == 0 {
		cfg.CallTimeout = 5 * time.Second
	}
	if cfg.FailureThreshold == 0 {
		cfg.FailureThreshold = 1
	}
	if cfg.HealthInterval == 0 {
		cfg.HealthInterval = 5 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		cfg:  cfg,
		log:  cfg.Logger,
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second}},
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	for _, u := range cfg.Endpoints {
		c.eps = append(c.eps, &endpoint{url: u, name: network.Redact(u), br: breaker{threshold: cfg.FailureThreshold}})
	}
	go c.healthLoop()
	return c, nil
}

// Close stops the health probes and closes every connection.
func (c *Client) Close() {
	c.closed.Do(func() {
		close(c.stop)
		<-c.done
		for _, e := range c.eps {
			e.mu.Lock()
			if e.cl != nil {
				e.cl.Close()
				e.cl = nil
			}
			e.mu.Unlock()
		}
		c.http.CloseIdleConnections()
	})
}

func (c *Client) dial(ctx context.Context, e *endpoint) (*ethclient.Client, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.cl != nil {
		return e.cl, nil
	}
	rc, err := gethrpc.DialOptions(ctx, e.url, gethrpc.WithHTTPClient(c.http))
	if err != nil {
		return nil, err
	}
	e.cl = ethclient.NewClient(rc)
	return e.cl, nil
}

// transport reports whether err means the endpoint failed (rather than answered).
func transport(parent context.Context, err error) bool {
	if err == nil || parent.Err() != nil {
		return false
	}
	if errors.Is(err, ethereum.NotFound) {
		return false
	}
	var he gethrpc.HTTPError
	if errors.As(err, &he) {
		return he.StatusCode >= 500 || he.StatusCode == http.StatusTooManyRequests || he.StatusCode == http.StatusUnauthorized || he.StatusCode == http.StatusForbidden
	}
	var re gethrpc.Error
	if errors.As(err, &re) {
		// A JSON-RPC error object: the node answered. Rate limits come as errors too.
		return re.ErrorCode() == -32005 || re.ErrorCode() == 429
	}
	return true
}

// order lists endpoints to try: closed breakers in configured order; when all are open,
// all of them (a last resort beats certain failure).
func (c *Client) order() []*endpoint {
	var out []*endpoint
	for _, e := range c.eps {
		if !e.br.isOpen() {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return c.eps
	}
	return out
}

func do[T any](c *Client, ctx context.Context, op string, fn func(context.Context, *ethclient.Client) (T, error)) (T, error) {
	var zero T
	select {
	case <-c.stop:
		return zero, ErrClosed
	default:
	}
	var errs []error
	for _, e := range c.order() {
		cctx, cancel := context.WithTimeout(ctx, c.cfg.CallTimeout)
		cl, err := c.dial(cctx, e)
		var v T
		if err == nil {
			v, err = fn(cctx, cl)
		}
		cancel()
		e.mu.Lock()
		e.calls++
		e.mu.Unlock()
		if !transport(ctx, err) {
			if err == nil || ctx.Err() == nil {
				e.br.success()
			}
			return v, err
		}
		e.mu.Lock()
		e.fails++
		e.mu.Unlock()
		if e.br.failure(time.Now(), redacted{err, e.url, e.name}) {
			c.log.Warn("rpc endpoint failed; circuit open", "endpoint", e.name, "op", op, "err", redacted{err, e.url, e.name})
		}
		errs = append(errs, fmt.Errorf("%s: %w", e.name, redacted{err, e.url, e.name}))
	}
	return zero, &evm.Error{Class: evm.ClassRPCUnavailable, Op: op, Err: errors.Join(errs...)}
}

// redacted hides an endpoint's URL (API keys live in paths and queries) inside errors
// from the HTTP client, which quote it.
type redacted struct {
	err       error
	url, name string
}

func (r redacted) Error() string { return strings.ReplaceAll(r.err.Error(), r.url, r.name) }
func (r redacted) Unwrap() error { return r.err }

func (c *Client) healthLoop() {
	defer close(c.done)
	t := time.NewTicker(c.cfg.HealthInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.probeAll()
		}
	}
}

// probeAll checks every endpoint with eth_chainId; it opens the breaker of a failing or
// wrong-chain endpoint and closes that of a recovered one.
func (c *Client) probeAll() {
	var wg sync.WaitGroup
	for _, e := range c.eps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), c.cfg.CallTimeout)
			defer cancel()
			err := c.probe(ctx, e)
			wasOpen := e.br.isOpen()
			switch {
			case err == nil:
				e.br.success()
				if wasOpen {
					c.log.Info("rpc endpoint recovered; circuit closed", "endpoint", e.name)
				}
			default:
				err = redacted{err, e.url, e.name}
				if e.br.failure(time.Now(), err) {
					c.log.Warn("rpc endpoint unhealthy; circuit open", "endpoint", e.name, "err", err)
				}
			}
		}()
	}
	wg.Wait()
}

func (c *Client) probe(ctx context.Context, e *endpoint) error {
	cl, err := c.dial(ctx, e)
	if err != nil {
		return err
	}
	id, err := cl.ChainID(ctx)
	if err != nil {
		return err
	}
	if c.cfg.ChainID != 0 && id.Uint64() != c.cfg.ChainID {
		return fmt.Errorf("%w: %s, want %d", ErrWrongChain, id, c.cfg.ChainID)
	}
	return nil
}

// Probe runs one round of health probes now (otherwise every HealthInterval).
func (c *Client) Probe() { c.probeAll() }

// EndpointStatus describes one endpoint for health reports; Name has no path or query.
type EndpointStatus struct {
	Name     string
	Open     bool // circuit open: not used
	Failures int  // consecutive
	Calls    uint64
	Fails    uint64
	OpenedAt time.Time
	LastErr  string
}

// Status reports every endpoint, in configured order.
func (c *Client) Status() []EndpointStatus {
	out := make([]EndpointStatus, len(c.eps))
	for i, e := range c.eps {
		st, failures, at, lastErr := e.br.snapshot()
		e.mu.Lock()
		out[i] = EndpointStatus{Name: e.name, Open: st == open, Failures: failures, Calls: e.calls, Fails: e.fails, OpenedAt: at}
		e.mu.Unlock()
		if lastErr != nil {
			out[i].LastErr = lastErr.Error()
		}
	}
	return out
}

// Healthy reports whether at least one endpoint's circuit is closed.
func (c *Client) Healthy() bool {
	for _, e := range c.eps {
		if !e.br.isOpen() {
			return true
		}
	}
	return false
}

// The Ethereum methods, each through do.

func (c *Client) ChainID(ctx context.Context) (*big.Int, error) {
	return do(c, ctx, "eth_chainId", func(ctx context.Context, cl *ethclient.Client) (*big.Int, error) { return cl.ChainID(ctx) })
}

func (c *Client) BlockNumber(ctx context.Context) (uint64, error) {
	return do(c, ctx, "eth_blockNumber", func(ctx context.Context, cl *ethclient.Client) (uint64, error) { return cl.BlockNumber(ctx) })
}

func (c *Client) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	return do(c, ctx, "eth_getBlockByNumber", func(ctx context.Context, cl *ethclient.Client) (*types.Header, error) {
		return cl.HeaderByNumber(ctx, n)
	})
}

func (c *Client) HeaderByHash(ctx context.Context, h common.Hash) (*types.Header, error) {
	return do(c, ctx, "eth_getBlockByHash", func(ctx context.Context, cl *ethclient.Client) (*types.Header, error) {
		return cl.HeaderByHash(ctx, h)
	})
}

func (c *Client) NonceAt(ctx context.Context, a common.Address, n *big.Int) (uint64, error) {
	return do(c, ctx, "eth_getTransactionCount", func(ctx context.Context, cl *ethclient.Client) (uint64, error) {
		return cl.NonceAt(ctx, a, n)
	})
}

func (c *Client) PendingNonceAt(ctx context.Context, a common.Address) (uint64, error) {
	return do(c, ctx, "eth_getTransactionCount", func(ctx context.Context, cl *ethclient.Client) (uint64, error) {
		return cl.PendingNonceAt(ctx, a)
	})
}

func (c *Client) BalanceAt(ctx context.Context, a common.Address, n *big.Int) (*big.Int, error) {
	return do(c, ctx, "eth_getBalance", func(ctx context.Context, cl *ethclient.Client) (*big.Int, error) {
		return cl.BalanceAt(ctx, a, n)
	})
}

func (c *Client) CodeAt(ctx context.Context, a common.Address, n *big.Int) ([]byte, error) {
	return do(c, ctx, "eth_getCode", func(ctx context.Context, cl *ethclient.Client) ([]byte, error) { return cl.CodeAt(ctx, a, n) })
}

func (c *Client) PendingCodeAt(ctx context.Context, a common.Address) ([]byte, error) {
	return do(c, ctx, "eth_getCode", func(ctx context.Context, cl *ethclient.Client) ([]byte, error) { return cl.PendingCodeAt(ctx, a) })
}

func (c *Client) SuggestGasTipCap(ctx context.Context) (*big.Int, error) {
	return do(c, ctx, "eth_maxPriorityFeePerGas", func(ctx context.Context, cl *ethclient.Client) (*big.Int, error) {
		return cl.SuggestGasTipCap(ctx)
	})
}

func (c *Client) SuggestGasPrice(ctx context.Context) (*big.Int, error) {
	return do(c, ctx, "eth_gasPrice", func(ctx context.Context, cl *ethclient.Client) (*big.Int, error) { return cl.SuggestGasPrice(ctx) })
}

func (c *Client) FeeHistory(ctx context.Context, count uint64, last *big.Int, pct []float64) (*ethereum.FeeHistory, error) {
	return do(c, ctx, "eth_feeHistory", func(ctx context.Context, cl *ethclient.Client) (*ethereum.FeeHistory, error) {
		return cl.FeeHistory(ctx, count, last, pct)
	})
}

func (c *Client) EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error) {
	return do(c, ctx, "eth_estimateGas", func(ctx context.Context, cl *ethclient.Client) (uint64, error) { return cl.EstimateGas(ctx, msg) })
}

func (c *Client) CallContract(ctx context.Context, msg ethereum.CallMsg, n *big.Int) ([]byte, error) {
	return do(c, ctx, "eth_call", func(ctx context.Context, cl *ethclient.Client) ([]byte, error) { return cl.CallContract(ctx, msg, n) })
}

// SendTransaction broadcasts tx. Failing over is safe: the same signed transaction
// reaches the next endpoint, which at worst answers "already known".
func (c *Client) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	_, err := do(c, ctx, "eth_sendRawTransaction", func(ctx context.Context, cl *ethclient.Client) (struct{}, error) {
		return struct{}{}, cl.SendTransaction(ctx, tx)
	})
	return err
}

func (c *Client) TransactionReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	return do(c, ctx, "eth_getTransactionReceipt", func(ctx context.Context, cl *ethclient.Client) (*types.Receipt, error) {
		return cl.TransactionReceipt(ctx, h)
	})
}

func (c *Client) TransactionByHash(ctx context.Context, h common.Hash) (*types.Transaction, bool, error) {
	type res struct {
		tx      *types.Transaction
		pending bool
	}
	r, err := do(c, ctx, "eth_getTransactionByHash", func(ctx context.Context, cl *ethclient.Client) (res, error) {
		tx, p, err := cl.TransactionByHash(ctx, h)
		return res{tx, p}, err
	})
	return r.tx, r.pending, err
}

func (c *Client) FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	return do(c, ctx, "eth_getLogs", func(ctx context.Context, cl *ethclient.Client) ([]types.Log, error) { return cl.FilterLogs(ctx, q) })
}

// SubscribeFilterLogs subscribes on the first healthy endpoint that supports it
// (websocket or IPC); the subscription does not fail over.
func (c *Client) SubscribeFilterLogs(ctx context.Context, q ethereum.FilterQuery, ch chan<- types.Log) (ethereum.Subscription, error) {
	return do(c, ctx, "eth_subscribe", func(ctx context.Context, cl *ethclient.Client) (ethereum.Subscription, error) {
		return cl.SubscribeFilterLogs(ctx, q, ch)
	})
}

var (
	_ txmgr.Backend        = (*Client)(nil)
	_ bind.ContractBackend = (*Client)(nil)
	_ bind.DeployBackend   = (*Client)(nil)
	_ hokusai.Caller       = (*Client)(nil)
)
