package txmgr_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/keys"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/nonce"
	"github.com/chainrelay/chainrelay/services/evm/simchain"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
)

// countingMetrics records what the manager reports.
type countingMetrics struct {
	sent, mined, confirmed, reorged, gaps atomic.Int64
	mu                                    sync.Mutex
	failed                                map[evm.Class]int
}

func (c *countingMetrics) AttemptSent(int)         { c.sent.Add(1) }
func (c *countingMetrics) Mined()                  { c.mined.Add(1) }
func (c *countingMetrics) Confirmed(time.Duration) { c.confirmed.Add(1) }
func (c *countingMetrics) Reorged()                { c.reorged.Add(1) }
func (c *countingMetrics) GapFilled()              { c.gaps.Add(1) }
func (c *countingMetrics) Failed(cl evm.Class) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failed == nil {
		c.failed = map[evm.Class]int{}
	}
	c.failed[cl]++
}

var _ txmgr.Metrics = (*countingMetrics)(nil)

type harness struct {
	t       testing.TB
	ctx     context.Context
	chain   *simchain.Chain
	h       *hokusai.Contracts
	metrics *countingMetrics
	nonces  nonce.Source
}

type harnessOpts struct {
	period time.Duration // <0: blocks only on Commit
}

func newHarness(t testing.TB, o harnessOpts) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	if o.period == 0 {
		o.period = 20 * time.Millisecond
	}
	chain, err := simchain.Start(ctx, simchain.Config{Period: o.period})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = chain.Close() })
	return &harness{t: t, ctx: ctx, chain: chain, h: hokusai.New(), metrics: &countingMetrics{}, nonces: nonce.NewLocal()}
}

// config is a simulated-network config with fast timings.
func (hs *harness) config(tune func(*txmgr.Config)) txmgr.Config {
	n, err := network.Lookup(network.Simulated)
	if err != nil {
		hs.t.Fatal(err)
	}
	n.BlockTime = 20 * time.Millisecond
	n.ResubmitAfter = 5 * time.Second
	cfg := txmgr.Config{Network: n, PollInterval: 5 * time.Millisecond, RevertABIs: hs.h.ABIs(), Metrics: hs.metrics, FeeCacheTTL: time.Nanosecond}
	if tune != nil {
		tune(&cfg)
	}
	return cfg
}

func (hs *harness) manager(b txmgr.Backend, k *keys.Key, tune func(*txmgr.Config)) *txmgr.Manager {
	hs.t.Helper()
	if b == nil {
		b = hs.chain.Client
	}
	if k == nil {
		k = hs.chain.Owner
	}
	m, err := txmgr.New(hs.ctx, hs.config(tune), b, k, hs.nonces)
	if err != nil {
		hs.t.Fatal(err)
	}
	return m
}

func (hs *harness) deployCandidate(modelID string) txmgr.Candidate {
	hs.t.Helper()
	data, err := hs.h.DeployTokenData(hokusai.DeployParams{ModelID: modelID, Name: "Hokusai " + modelID, Symbol: "HK"})
	if err != nil {
		hs.t.Fatal(err)
	}
	to := hs.chain.Contracts.TokenManager
	return txmgr.Candidate{To: &to, Data: data}
}

// journal is a BeforeBroadcast hook recording attempts and checking that the node has
// not seen a transaction before it is journaled.
type journal struct {
	t       *testing.T
	backend interface {
		TransactionByHash(context.Context, common.Hash) (*types.Transaction, bool, error)
	}
	mu       sync.Mutex
	attempts []txmgr.Attempt
	seen     map[common.Hash]bool
}

func (j *journal) hook(ctx context.Context, a txmgr.Attempt) error {
	if j.backend != nil {
		if _, _, err := j.backend.TransactionByHash(ctx, a.Hash); !errors.Is(err, ethereum.NotFound) {
			j.t.Errorf("attempt %s known to the node before BeforeBroadcast (%v)", a.Hash, err)
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.seen == nil {
		j.seen = map[common.Hash]bool{}
	}
	j.seen[a.Hash] = true
	j.attempts = append(j.attempts, a)
	return nil
}

func (j *journal) journaled(h common.Hash) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seen[h]
}

func (j *journal) count() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.attempts)
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestConcurrentSends asserts that 50 concurrent deployments through one manager all
// land, each at its predicted address, with 50 distinct consecutive nonces, no nonce
// error, and every attempt journaled before the node knew it.
func TestConcurrentSends(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(nil, nil, nil)
	j := &journal{t: t, backend: hs.chain.Client}
	const n = 50
	start, err := hs.chain.Client.PendingNonceAt(hs.ctx, m.From())
	if err != nil {
		t.Fatal(err)
	}
	results := make([]*txmgr.Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = m.Send(hs.ctx, hs.deployCandidate(fmt.Sprintf("concurrent-%02d", i)), txmgr.BeforeBroadcast(j.hook))
		}()
	}
	wg.Wait()
	nonces := map[uint64]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("send %d: %v", i, errs[i])
		}
		r := results[i]
		if r.Receipt.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("send %d reverted", i)
		}
		if nonces[r.Mined.Nonce] {
			t.Fatalf("nonce %d used twice", r.Mined.Nonce)
		}
		nonces[r.Mined.Nonce] = true
		if !j.journaled(r.Mined.Hash) {
			t.Fatalf("mined hash %s was not journaled", r.Mined.Hash)
		}
		d, err := hs.h.DeployedToken(r.Receipt, hs.chain.Contracts.TokenManager)
		if err != nil {
			t.Fatal(err)
		}
		want := hokusai.PredictTokenAddress(hs.chain.Contracts.TokenManager, hs.chain.Contracts.Implementation, d.ModelID)
		if d.Token != want {
			t.Fatalf("%s deployed at %s, predicted %s", d.ModelID, d.Token, want)
		}
	}
	for k := start; k < start+n; k++ {
		if !nonces[k] {
			t.Fatalf("nonce %d unused: not consecutive", k)
		}
	}
	if len(hs.metrics.failed) != 0 {
		t.Fatalf("failures: %v", hs.metrics.failed)
	}
}

// TestReplicasShareKeyThroughKV asserts that two managers (two deployer replicas) with
// one key and a JetStream KV nonce source send 2 × 20 concurrent transactions that all
// land with distinct nonces.
func TestReplicasShareKeyThroughKV(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	js := startJetStream(t)
	kv, err := nonce.EnsureBucket(hs.ctx, js, nonce.DefaultBucket, 1)
	if err != nil {
		t.Fatal(err)
	}
	var managers []*txmgr.Manager
	for range 2 {
		hs.nonces = nonce.NewKV(kv, simchain.ChainID)
		managers = append(managers, hs.manager(nil, nil, nil))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	used := map[uint64]bool{}
	for r, m := range managers {
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := m.Send(hs.ctx, hs.deployCandidate(fmt.Sprintf("replica-%d-%02d", r, i)))
				if err != nil {
					t.Errorf("replica %d send %d: %v", r, i, err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if used[res.Mined.Nonce] {
					t.Errorf("nonce %d used twice", res.Mined.Nonce)
				}
				used[res.Mined.Nonce] = true
			}()
		}
	}
	wg.Wait()
	if len(used) != 40 {
		t.Fatalf("%d distinct nonces, want 40", len(used))
	}
}

// staleHeadBackend is the simulated chain seen through a node whose head lags: it
// reports a tenth of the real base fee, so the manager's first fees are too low to be
// mined (the transaction is accepted and then stuck).
type staleHeadBackend struct {
	txmgr.Backend
}

func (b staleHeadBackend) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	h, err := b.Backend.HeaderByNumber(ctx, n)
	if err != nil || n != nil || h.BaseFee == nil {
		return h, err
	}
	c := types.CopyHeader(h)
	c.BaseFee = new(big.Int).Div(h.BaseFee, big.NewInt(10))
	return c, nil
}

// TestStuckTransactionIsBumped asserts that a transaction priced under the base fee
// stays unmined, is replaced after ResubmitAfter by attempts at the same nonce with fees
// raised by at least the bump percentage, and that a replacement is what gets mined.
func TestStuckTransactionIsBumped(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(staleHeadBackend{hs.chain.Client}, nil, func(c *txmgr.Config) {
		c.Network.ResubmitAfter = 60 * time.Millisecond
		c.Network.BumpPercent = 100
	})
	j := &journal{t: t}
	res, err := m.Send(hs.ctx, hs.deployCandidate("stuck"), txmgr.BeforeBroadcast(j.hook))
	if err != nil {
		t.Fatal(err)
	}
	if res.Mined.Number < 2 || res.Mined.Hash == res.Attempts[0].Hash {
		t.Fatalf("mined attempt %d: the underpriced first attempt was not replaced", res.Mined.Number)
	}
	for i, a := range res.Attempts {
		if a.Nonce != res.Attempts[0].Nonce {
			t.Fatalf("attempt %d at nonce %d, first at %d", i+1, a.Nonce, res.Attempts[0].Nonce)
		}
		if i == 0 {
			continue
		}
		prev := res.Attempts[i-1].Fees
		for _, v := range []struct{ old, new *big.Int }{{prev.TipCap, a.Fees.TipCap}, {prev.FeeCap, a.Fees.FeeCap}} {
			min := new(big.Int).Div(new(big.Int).Mul(v.old, big.NewInt(110)), big.NewInt(100))
			if v.new.Cmp(min) < 0 {
				t.Fatalf("attempt %d raised %s to %s: under 10%%", i+1, v.old, v.new)
			}
		}
	}
	if j.count() != len(res.Attempts) {
		t.Fatalf("%d attempts, %d journaled", len(res.Attempts), j.count())
	}
}

// holdingBackend is a node that accepts every transaction and passes none on (a node
// that lost its peers); the test decides what reaches the chain.
type holdingBackend struct {
	txmgr.Backend
	j    *journal
	mu   sync.Mutex
	held []*types.Transaction
}

func (b *holdingBackend) SendTransaction(_ context.Context, tx *types.Transaction) error {
	if !b.j.journaled(tx.Hash()) {
		b.j.t.Errorf("broadcast of %s before it was journaled", tx.Hash())
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, h := range b.held {
		if h.Hash() == tx.Hash() {
			return nil // a rebroadcast
		}
	}
	b.held = append(b.held, tx)
	return nil
}

func (b *holdingBackend) heldTxs() []*types.Transaction {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]*types.Transaction(nil), b.held...)
}

// TestFirstAttemptMinedAfterReplacement asserts that when the first attempt is the one
// mined although a replacement was sent after it, the send recognises it: the result
// names attempt 1 and its receipt.
func TestFirstAttemptMinedAfterReplacement(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	j := &journal{t: t}
	hb := &holdingBackend{Backend: hs.chain.Client, j: j}
	m := hs.manager(hb, nil, func(c *txmgr.Config) { c.Network.ResubmitAfter = 40 * time.Millisecond })
	type out struct {
		res *txmgr.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		res, err := m.Send(hs.ctx, hs.deployCandidate("first-wins"), txmgr.BeforeBroadcast(j.hook))
		done <- out{res, err}
	}()
	waitFor(t, "a replacement", func() bool { return len(hb.heldTxs()) >= 2 })
	first := hb.heldTxs()[0]
	if err := hs.chain.Client.SendTransaction(hs.ctx, first); err != nil {
		t.Fatal(err)
	}
	o := <-done
	if o.err != nil {
		t.Fatal(o.err)
	}
	if o.res.Mined.Number != 1 || o.res.Mined.Hash != first.Hash() || o.res.Receipt.TxHash != first.Hash() {
		t.Fatalf("mined attempt %d %s, want attempt 1 %s", o.res.Mined.Number, o.res.Mined.Hash, first.Hash())
	}
	if len(o.res.Attempts) < 2 {
		t.Fatalf("%d attempts; a replacement was sent", len(o.res.Attempts))
	}
}

// TestReorgReconfirmsByHash asserts that a receipt whose block leaves the canonical chain
// is not reported; the transaction is confirmed again in its new block, by hash.
func TestReorgReconfirmsByHash(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{period: -1})
	m := hs.manager(nil, nil, func(c *txmgr.Config) { c.Network.Confirmations = 3 })
	parent, err := hs.chain.Client.HeaderByNumber(hs.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	type out struct {
		res *txmgr.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		res, err := m.Send(hs.ctx, hs.deployCandidate("reorged"))
		done <- out{res, err}
	}()
	waitFor(t, "the broadcast", func() bool { return hs.metrics.sent.Load() == 1 })
	first := hs.chain.Commit()
	waitFor(t, "the receipt in the first block", func() bool { return hs.metrics.mined.Load() == 1 })

	// Reorg: a branch from the parent becomes canonical; the transaction returns to the
	// pool and is mined again in the branch's first block (another hash: another time).
	if err := hs.chain.Backend.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		hs.chain.Commit()
	}
	o := <-done
	if o.err != nil {
		t.Fatal(o.err)
	}
	if o.res.Receipt.BlockHash == first {
		t.Fatalf("confirmed in the block that left the chain")
	}
	canon, err := hs.chain.Client.HeaderByNumber(hs.ctx, o.res.Receipt.BlockNumber)
	if err != nil || canon.Hash() != o.res.Receipt.BlockHash {
		t.Fatalf("result block %s is not canonical (%v)", o.res.Receipt.BlockHash, err)
	}
	if hs.metrics.reorged.Load() == 0 {
		t.Fatal("reorg not noticed")
	}
}
