package txmgr_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/keys"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
)

// TestBeforeBroadcastAborts asserts that an error from the hook aborts the send with
// class aborted, that nothing reached the node, and that the nonce is reused by the next
// send (no gap).
func TestBeforeBroadcastAborts(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(nil, nil, nil)
	journalDown := errors.New("journal unavailable")
	var aborted txmgr.Attempt
	res, err := m.Send(hs.ctx, hs.deployCandidate("aborted"), txmgr.BeforeBroadcast(func(_ context.Context, a txmgr.Attempt) error {
		aborted = a
		return journalDown
	}))
	if !errors.Is(err, journalDown) || evm.ClassOf(err) != evm.ClassAborted || evm.Retryable(err) {
		t.Fatalf("err %v (class %s)", err, evm.ClassOf(err))
	}
	if len(res.Attempts) != 0 {
		t.Fatalf("aborted attempt reported as sent: %+v", res.Attempts)
	}
	if _, _, err := hs.chain.Client.TransactionByHash(hs.ctx, aborted.Hash); err == nil {
		t.Fatal("aborted attempt reached the node")
	}
	res, err = m.Send(hs.ctx, hs.deployCandidate("aborted"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Mined.Nonce != aborted.Nonce {
		t.Fatalf("next send used nonce %d, aborted one %d: gap", res.Mined.Nonce, aborted.Nonce)
	}
}

// TestErrorsClassified asserts the class, reason and retryability of failures: a duplicate
// deployment caught at estimation (reverted, custom error decoded), the same one forced
// on chain with a fixed gas limit (reverted, receipt and reason), and a sender without
// funds (insufficient_funds).
func TestErrorsClassified(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(nil, nil, nil)
	first, err := m.Send(hs.ctx, hs.deployCandidate("dup"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := hs.h.DeployedToken(first.Receipt, hs.chain.Contracts.TokenManager)
	if err != nil {
		t.Fatal(err)
	}
	wantReason := "TokenAlreadyDeployed(dup, " + d.Token.Hex() + ")"

	_, err = m.Send(hs.ctx, hs.deployCandidate("dup"))
	var e *evm.Error
	if !errors.As(err, &e) || e.Class != evm.ClassReverted || e.Reason != wantReason || evm.Retryable(err) {
		t.Fatalf("estimated duplicate: %v", err)
	}

	c := hs.deployCandidate("dup")
	c.GasLimit = 300_000
	res, err := m.Send(hs.ctx, c)
	if !errors.As(err, &e) || e.Class != evm.ClassReverted || e.Reason != wantReason || e.Receipt == nil {
		t.Fatalf("mined duplicate: %v", err)
	}
	if res == nil || res.Receipt.Status != types.ReceiptStatusFailed {
		t.Fatalf("mined duplicate result %+v", res)
	}

	poor, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	pm := hs.manager(nil, poor, nil)
	to := common.Address{0x42}
	_, err = pm.Send(hs.ctx, txmgr.Candidate{To: &to, Value: big.NewInt(1)})
	if evm.ClassOf(err) != evm.ClassInsufficientFunds || evm.Retryable(err) {
		t.Fatalf("unfunded: %v (class %s)", err, evm.ClassOf(err))
	}
	_, err = pm.Send(hs.ctx, txmgr.Candidate{To: &to, Value: big.NewInt(1), GasLimit: 21000})
	if evm.ClassOf(err) != evm.ClassInsufficientFunds {
		t.Fatalf("unfunded at broadcast: %v (class %s)", err, evm.ClassOf(err))
	}
}

// TestTimeoutThenResume asserts that a send whose context ends before a block is sealed
// returns class timeout with its attempts, and that Resume with those attempts (as a
// restarted deployer would read them from its journal) finds the transaction once mined.
func TestTimeoutThenResume(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{period: -1})
	m := hs.manager(nil, nil, nil)
	ctx, cancel := context.WithTimeout(hs.ctx, 150*time.Millisecond)
	res, err := m.Send(ctx, hs.deployCandidate("slow"))
	cancel()
	if evm.ClassOf(err) != evm.ClassTimeout || !evm.Retryable(err) {
		t.Fatalf("err %v", err)
	}
	if res == nil || len(res.Attempts) != 1 {
		t.Fatalf("attempts %+v", res)
	}
	// A new manager, as after a restart; the journal kept hash and signed transaction.
	m2 := hs.manager(nil, nil, nil)
	type out struct {
		res *txmgr.Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		r, err := m2.Resume(hs.ctx, res.Attempts)
		done <- out{r, err}
	}()
	hs.chain.Commit()
	o := <-done
	if o.err != nil || o.res.Mined.Hash != res.Attempts[0].Hash {
		t.Fatalf("resume: %+v %v", o.res, o.err)
	}
}

// TestResumeNotMined asserts that Resume reports ErrNotMined when the journaled attempt's
// nonce was used by another transaction, so that the caller may send anew.
func TestResumeNotMined(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(nil, nil, func(c *txmgr.Config) { c.Network.ResubmitAfter = 20 * time.Millisecond })
	n, err := hs.chain.Client.PendingNonceAt(hs.ctx, m.From())
	if err != nil {
		t.Fatal(err)
	}
	// The journaled attempt was signed but lost; another transaction took its nonce.
	to := common.Address{0x77}
	lost, err := hs.chain.Owner.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: m.ChainID(), Nonce: n, GasTipCap: big.NewInt(1e9),
		GasFeeCap: big.NewInt(1e10), Gas: 21000, To: &to, Value: big.NewInt(1)}), types.LatestSignerForChainID(m.ChainID()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Send(hs.ctx, txmgr.Candidate{To: &to, Value: big.NewInt(2)}); err != nil {
		t.Fatal(err)
	}
	_, err = m.Resume(hs.ctx, []txmgr.Attempt{{Number: 1, Hash: lost.Hash(), Nonce: n}})
	if !errors.Is(err, txmgr.ErrNotMined) {
		t.Fatalf("resume of a lost attempt: %v", err)
	}
}

// TestNonceGapFilled asserts that a nonce reserved by a replica that died before
// broadcasting (a gap) is filled, so that the transactions above it are mined.
func TestNonceGapFilled(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(nil, nil, func(c *txmgr.Config) {
		c.Network.ResubmitAfter = 50 * time.Millisecond
		c.GapFillAfter = 100 * time.Millisecond
	})
	pending, err := hs.chain.Client.PendingNonceAt(hs.ctx, m.From())
	if err != nil {
		t.Fatal(err)
	}
	// The dead replica's reservation, through the shared source.
	if n, err := hs.nonces.Reserve(hs.ctx, m.From(), pending); err != nil || n != pending {
		t.Fatalf("reserve %d, %v", n, err)
	}
	res, err := m.Send(hs.ctx, hs.deployCandidate("behind-gap"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Mined.Nonce != pending+1 {
		t.Fatalf("mined at nonce %d, want %d", res.Mined.Nonce, pending+1)
	}
	if hs.metrics.gaps.Load() == 0 {
		t.Fatal("no gap filler counted")
	}
}

// TestClosedRejects asserts that Close waits for nothing when idle and that a closed
// manager refuses sends.
func TestClosedRejects(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{})
	m := hs.manager(nil, nil, nil)
	if err := m.Close(hs.ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Send(hs.ctx, hs.deployCandidate("late")); !errors.Is(err, txmgr.ErrClosed) {
		t.Fatalf("send after close: %v", err)
	}
}

// TestNewChecksChain asserts that a manager refuses a backend of another chain.
func TestNewChecksChain(t *testing.T) {
	t.Parallel()
	hs := newHarness(t, harnessOpts{period: -1})
	cfg := hs.config(nil)
	cfg.Network.ChainID = 137
	_, err := txmgr.New(hs.ctx, cfg, hs.chain.Client, hs.chain.Owner, hs.nonces)
	if !errors.Is(err, txmgr.ErrChainMismatch) || !strings.Contains(err.Error(), "137") {
		t.Fatalf("err %v", err)
	}
}
