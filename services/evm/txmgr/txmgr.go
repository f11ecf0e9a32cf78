// Package txmgr sends transactions and follows them to confirmation: nonces reserved from
// a shared nonce.Source, EIP-1559 or legacy fees within configured maxima, gas estimated
// with a margin, resubmission with raised fees when a transaction is not mined in time,
// errors classified (evm.Class), every attempt's hash known and journaled through a
// BeforeBroadcast hook before it is broadcast, and confirmation checked by block hash so
// that a reorg is noticed and the transaction re-confirmed wherever it lands.
//
// Send is safe for concurrent use: many sends share one key and one Manager.
package txmgr

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/nonce"
)

// Errors of the manager.
var (
	// ErrClosed is returned by sends started after Close.
	ErrClosed = errors.New("transaction manager closed")
	// ErrNotMined is returned by Resume when the attempts' nonce was used by another
	// transaction and none of the attempts was mined: it is safe to send anew.
	ErrNotMined = errors.New("none of the attempts was mined and their nonce is used")
	// ErrChainMismatch is returned by New when the backend serves another chain.
	ErrChainMismatch = errors.New("backend chain id differs from the network's")
)

// Backend is the part of an Ethereum JSON-RPC client the manager uses. ethclient.Client,
// the simulated backend's client and rpc.Client satisfy it.
type Backend interface {
	ChainID(ctx context.Context) (*big.Int, error)
	BlockNumber(ctx context.Context) (uint64, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	SuggestGasPrice(ctx context.Context) (*big.Int, error)
	FeeHistory(ctx context.Context, blockCount uint64, lastBlock *big.Int, rewardPercentiles []float64) (*ethereum.FeeHistory, error)
	EstimateGas(ctx context.Context, call ethereum.CallMsg) (uint64, error)
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error)
}

// Signer signs for one account; keys.Key satisfies it.
type Signer interface {
	Address() common.Address
	SignTx(tx *types.Transaction, signer types.Signer) (*types.Transaction, error)
}

// Metrics observes the manager; NoopMetrics ignores everything.
type Metrics interface {
	// AttemptSent counts broadcasts of new attempts (number is 1 for the first).
	AttemptSent(number int)
	// Mined counts receipts seen, confirmed or not yet.
	Mined()
	// Confirmed observes the time from the first broadcast to confirmation.
	Confirmed(d time.Duration)
	// Reorged counts receipts that left the canonical chain.
	Reorged()
	// GapFilled counts filler transactions sent into nonce gaps.
	GapFilled()
	// Failed counts sends that ended in an error, by class.
	Failed(class evm.Class)
}

// NoopMetrics is a Metrics that records nothing.
type NoopMetrics struct{}

func (NoopMetrics) AttemptSent(int)         {}
func (NoopMetrics) Mined()                  {}
func (NoopMetrics) Confirmed(time.Duration) {}
func (NoopMetrics) Reorged()                {}
func (NoopMetrics) GapFilled()              {}
func (NoopMetrics) Failed(evm.Class)        {}

// Config configures a Manager. Network supplies fees, confirmations, resubmission and
// margins (network.Lookup, then override); the rest has defaults.
type Config struct {
	Network network.Config
	// PollInterval between receipt checks; default a quarter block, within [10ms, 2s].
	PollInterval time.Duration
	// CallTimeout bounds each RPC call; default 10s.
	CallTimeout time.Duration
	// GapFillAfter: a transaction unmined this long behind a nonce gap (a lower nonce
	// nobody broadcast, e.g. reserved by a replica that died) fills the gap with a
	// zero-value self-transfer; default 2 × ResubmitAfter.
	GapFillAfter time.Duration
	// FeeCacheTTL reuses fee readings across concurrent sends; default half a block.
	FeeCacheTTL time.Duration
	// RevertABIs decode custom errors in revert reasons (hokusai.New().ABIs()).
	RevertABIs []*abi.ABI
	Logger     *slog.Logger
	Metrics    Metrics
}

// Check reports an invalid configuration.
func (c Config) Check() error {
	if err := c.Network.Check(); err != nil {
		// The simulated chain has no endpoints; that is the only check that may not apply.
		return fmt.Errorf("txmgr config: %w", err)
	}
	if c.PollInterval < 0 || c.CallTimeout < 0 || c.GapFillAfter < 0 || c.FeeCacheTTL < 0 {
		return errors.New("txmgr config: durations must not be negative")
	}
	return nil
}

func (c *Config) fillDefaults() {
	bt := c.Network.BlockTime
	if c.PollInterval == 0 {
		c.PollInterval = min(max(bt/4, 10*time.Millisecond), 2*time.Second)
	}
	if c.CallTimeout == 0 {
		c.CallTimeout = 10 * time.Second
	}
	if c.GapFillAfter == 0 {
		c.GapFillAfter = 2 * c.Network.ResubmitAfter
	}
	if c.FeeCacheTTL == 0 {
		c.FeeCacheTTL = bt / 2
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = NoopMetrics{}
	}
}

// Manager sends transactions for one account on one chain.
type Manager struct {
	cfg     Config
	backend Backend
	signer  Signer
	nonces  nonce.Source
	chainID *big.Int
	txSign  types.Signer
	policy  feePolicy
	log     *slog.Logger
	metrics Metrics

	closed atomic.Bool
	wg     sync.WaitGroup

	mu       sync.Mutex
	synced   bool                // the nonce source has seen the chain's pending nonce
	inflight map[uint64]struct{} // nonces this process is sending
	feeAt    time.Time
	feeCache Fees
	// Chain readings shared by concurrent sends for one poll interval.
	headAt  time.Time
	headNum uint64
	hashes  map[uint64]cachedHash
}

type cachedHash struct {
	hash common.Hash
	at   time.Time
}

// New checks cfg, verifies that backend serves cfg.Network's chain and returns a manager
// for signer's account.
func New(ctx context.Context, cfg Config, backend Backend, signer Signer, nonces nonce.Source) (*Manager, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	cfg.fillDefaults()
	cctx, cancel := context.WithTimeout(ctx, cfg.CallTimeout)
	defer cancel()
	id, err := backend.ChainID(cctx)
	if err != nil {
		return nil, evm.Classify("read chain id", err)
	}
	if id.Uint64() != cfg.Network.ChainID {
		return nil, fmt.Errorf("%w: backend %s, network %s %d", ErrChainMismatch, id, cfg.Network.Name, cfg.Network.ChainID)
	}
	n := cfg.Network
	return &Manager{
		cfg:     cfg,
		backend: backend,
		signer:  signer,
		nonces:  nonces,
		chainID: id,
		txSign:  types.LatestSignerForChainID(id),
		policy: feePolicy{mode: n.FeeMode, minTip: n.MinTipCap, maxTip: n.MaxTipCap, maxFeeCap: n.MaxFeeCap,
			bumpPercent: n.BumpPercent},
		log:      cfg.Logger.With("from", signer.Address(), "chain_id", id.Uint64()),
		metrics:  cfg.Metrics,
		inflight: make(map[uint64]struct{}),
		hashes:   make(map[uint64]cachedHash),
	}, nil
}

// From is the sending account.
func (m *Manager) From() common.Address { return m.signer.Address() }

// ChainID is the chain the manager sends to.
func (m *Manager) ChainID() *big.Int { return new(big.Int).Set(m.chainID) }

// Close rejects new sends and waits for running ones up to ctx's deadline.
func (m *Manager) Close(ctx context.Context) error {
	m.closed.Store(true)
	done := make(chan struct{})
	go func() { m.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("close transaction manager: %w", ctx.Err())
	}
}

// Candidate is a transaction to send; the manager fills nonce, fees and (when GasLimit
// is 0) the gas limit.
type Candidate struct {
	To       *common.Address // nil creates a contract
	Data     []byte
	Value    *big.Int
	GasLimit uint64
}

// Attempt is one signed transaction of a send; a fee bump is a new attempt with the same
// nonce, and a nonce that another transaction used starts attempts at a new nonce.
type Attempt struct {
	Number   int // 1-based within the send
	Hash     common.Hash
	Nonce    uint64
	GasLimit uint64
	Fees     Fees
	// Tx is the signed transaction; its MarshalBinary is what Resume can rebroadcast.
	Tx     *types.Transaction
	SentAt time.Time
}

// Result is the outcome of a mined send.
type Result struct {
	Receipt *types.Receipt
	// Mined is the attempt whose hash was mined; not always the last one sent.
	Mined    Attempt
	Attempts []Attempt
}

// SendOption adjusts one Send.
type SendOption func(*sendOptions)

type sendOptions struct {
	before func(context.Context, Attempt) error
}

// BeforeBroadcast calls fn with every new attempt before it is broadcast (not for a
// rebroadcast of an attempt already seen). An error from fn aborts the send: nothing
// further is broadcast, the error is returned with class aborted, and attempts already
// broadcast are reported in the Result. Use it to journal attempts.
func BeforeBroadcast(fn func(ctx context.Context, a Attempt) error) SendOption {
	return func(o *sendOptions) { o.before = fn }
}

func (m *Manager) callCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, m.cfg.CallTimeout)
}

func (m *Manager) classify(op string, err error) error {
	return evm.Classify(op, err, m.cfg.RevertABIs...)
}

// Send prices, signs, journals (BeforeBroadcast), broadcasts and follows c until it is
// mined with the network's confirmations, bumping fees when it is not mined in time.
//
// On success the Result names the attempt mined. A transaction mined but reverted
// returns the Result and an *evm.Error of class reverted with the decoded reason. When
// ctx ends first the error has class timeout and the Result lists the attempts sent:
// any of them may still be mined (Resume follows them later).
func (m *Manager) Send(ctx context.Context, c Candidate, opts ...SendOption) (*Result, error) {
	if m.closed.Load() {
		return nil, ErrClosed
	}
	m.wg.Add(1)
	defer m.wg.Done()
	var so sendOptions
	for _, o := range opts {
		o(&so)
	}
	res, err := m.send(ctx, c, so)
	if err != nil {
		m.metrics.Failed(evm.ClassOf(err))
	}
	return res, err
}

func (m *Manager) send(ctx context.Context, c Candidate, so sendOptions) (*Result, error) {
	gas := c.GasLimit
	if gas == 0 {
		cctx, cancel := m.callCtx(ctx)
		est, err := m.backend.EstimateGas(cctx, ethereum.CallMsg{From: m.From(), To: c.To, Value: c.Value, Data: c.Data})
		cancel()
		if err != nil {
			return nil, m.classify("estimate gas", err)
		}
		gas = est * uint64(100+m.cfg.Network.GasMarginPercent) / 100
	}
	s := &sendState{m: m, c: c, gas: gas, so: so}
	const maxNonceResets = 3
	for resets := 0; ; resets++ {
		res, err := s.run(ctx, resets > 0)
		if errors.Is(err, errNonceUsed) && resets < maxNonceResets {
			m.log.Warn("nonce used by another transaction; sending at a new nonce", "nonce", s.nonce)
			continue
		}
		if errors.Is(err, errNonceUsed) {
			err = &evm.Error{Class: evm.ClassNonceTooLow, Op: "send transaction", Err: err}
		}
		return res, err
	}
}

// errNonceUsed: the nonce of the running attempts went to another transaction.
var errNonceUsed = errors.New("nonce used by another transaction")

// reserve takes a nonce from the source, reconciled with the chain's pending nonce on
// first use and after a nonce error.
func (m *Manager) reserve(ctx context.Context, resync bool) (uint64, error) {
	m.mu.Lock()
	needSync := resync || !m.synced
	m.mu.Unlock()
	var floor uint64
	if needSync {
		cctx, cancel := m.callCtx(ctx)
		n, err := m.backend.PendingNonceAt(cctx, m.From())
		cancel()
		if err != nil {
			return 0, m.classify("read pending nonce", err)
		}
		floor = n
	}
	n, err := m.nonces.Reserve(ctx, m.From(), floor)
	if err != nil {
		return 0, fmt.Errorf("reserve nonce: %w", err)
	}
	m.mu.Lock()
	if needSync {
		m.synced = true
	}
	m.inflight[n] = struct{}{}
	m.mu.Unlock()
	return n, nil
}

func (m *Manager) done(n uint64) {
	m.mu.Lock()
	delete(m.inflight, n)
	m.mu.Unlock()
}

// fees returns current market fees, shared across sends for FeeCacheTTL.
func (m *Manager) fees(ctx context.Context) (Fees, error) {
	m.mu.Lock()
	if m.cfg.FeeCacheTTL > 0 && time.Since(m.feeAt) < m.cfg.FeeCacheTTL {
		f := m.feeCache
		m.mu.Unlock()
		return f, nil
	}
	m.mu.Unlock()
	f, err := m.readFees(ctx)
	if err != nil {
		return Fees{}, err
	}
	m.mu.Lock()
	m.feeCache, m.feeAt = f, time.Now()
	m.mu.Unlock()
	return f, nil
}

func (m *Manager) readFees(ctx context.Context) (Fees, error) {
	cctx, cancel := m.callCtx(ctx)
	defer cancel()
	if m.policy.mode == network.FeeEIP1559 {
		head, err := m.backend.HeaderByNumber(cctx, nil)
		if err != nil {
			return Fees{}, m.classify("read head", err)
		}
		if head.BaseFee != nil {
			tip, err := m.backend.SuggestGasTipCap(cctx)
			if err != nil {
				// eth_maxPriorityFeePerGas is missing on some nodes: median recent reward.
				fh, ferr := m.backend.FeeHistory(cctx, 5, nil, []float64{50})
				if ferr == nil {
					tip = medianReward(fh.Reward)
				}
				if tip == nil {
					tip = new(big.Int).Set(m.policy.minTip)
				}
			}
			return m.policy.dynamic(head.BaseFee, tip)
		}
		// No base fee: the chain is pre-London; price it as legacy.
	}
	price, err := m.backend.SuggestGasPrice(cctx)
	if err != nil {
		return Fees{}, m.classify("read gas price", err)
	}
	return m.policy.legacy(price)
}

// Canonical reports whether r's block is still on the canonical chain (by hash).
func (m *Manager) Canonical(ctx context.Context, r *types.Receipt) (bool, error) {
	h, err := m.canonicalHash(ctx, r.BlockNumber.Uint64(), 0)
	if errors.Is(err, ethereum.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return h == r.BlockHash, nil
}

// canonicalHash returns the hash of the canonical block at number, shared across sends
// for maxAge (0: always read).
func (m *Manager) canonicalHash(ctx context.Context, number uint64, maxAge time.Duration) (common.Hash, error) {
	m.mu.Lock()
	c, ok := m.hashes[number]
	m.mu.Unlock()
	if ok && maxAge > 0 && time.Since(c.at) < maxAge {
		return c.hash, nil
	}
	cctx, cancel := m.callCtx(ctx)
	defer cancel()
	h, err := m.backend.HeaderByNumber(cctx, new(big.Int).SetUint64(number))
	if err != nil {
		if errors.Is(err, ethereum.NotFound) {
			return common.Hash{}, err
		}
		return common.Hash{}, m.classify("read header", err)
	}
	hash := h.Hash()
	m.mu.Lock()
	if len(m.hashes) > 1024 {
		clear(m.hashes)
	}
	m.hashes[number] = cachedHash{hash: hash, at: time.Now()}
	m.mu.Unlock()
	return hash, nil
}

// headNumber returns the chain head, shared across sends for maxAge.
func (m *Manager) headNumber(ctx context.Context, maxAge time.Duration) (uint64, error) {
	m.mu.Lock()
	if time.Since(m.headAt) < maxAge {
		n := m.headNum
		m.mu.Unlock()
		return n, nil
	}
	m.mu.Unlock()
	cctx, cancel := m.callCtx(ctx)
	defer cancel()
	n, err := m.backend.BlockNumber(cctx)
	if err != nil {
		return 0, m.classify("read head", err)
	}
	m.mu.Lock()
	if n > m.headNum || time.Since(m.headAt) >= maxAge {
		m.headNum, m.headAt = n, time.Now()
	}
	m.mu.Unlock()
	return n, nil
}

// Resume follows attempts sent earlier (by this or a previous process, as journaled)
// until one of them is mined and confirmed. Attempts carrying Tx are rebroadcast (the
// newest first) so that a transaction a node forgot is sent again. It returns
// ErrNotMined when their nonce was used by another transaction and none of them was
// mined: the caller may then send anew. All attempts must share one nonce.
func (m *Manager) Resume(ctx context.Context, attempts []Attempt) (*Result, error) {
	if len(attempts) == 0 {
		return nil, ErrNotMined
	}
	if m.closed.Load() {
		return nil, ErrClosed
	}
	m.wg.Add(1)
	defer m.wg.Done()
	s := &sendState{m: m, nonce: attempts[0].Nonce, all: append([]Attempt(nil), attempts...),
		attempts: append([]Attempt(nil), attempts...), resumed: true, firstSent: attempts[0].SentAt}
	for _, a := range attempts {
		if a.Nonce != s.nonce {
			return nil, fmt.Errorf("resume: attempts with nonces %d and %d", s.nonce, a.Nonce)
		}
	}
	res, err := s.wait(ctx)
	if errors.Is(err, errNonceUsed) {
		return res, ErrNotMined
	}
	return res, err
}
