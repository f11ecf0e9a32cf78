package txmgr_test

import (
	"context"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm/txmgr"
)

// BenchmarkSend measures transfers per second through the manager (nonce reservation,
// fees, signing, broadcast, receipt polling to one confirmation; 256 sends in flight) on
// the simulated chain sealing every 5ms, beside the baseline of raw SendTransaction of
// pre-signed transactions followed by waiting for the last receipt, in the same run.
func BenchmarkSend(b *testing.B) {
	hs := newHarness(b, harnessOpts{period: 5 * time.Millisecond})
	ctx := context.Background()
	m := hs.manager(nil, nil, func(c *txmgr.Config) { c.FeeCacheTTL = 50 * time.Millisecond; c.PollInterval = 10 * time.Millisecond })
	to := common.Address{0xbe, 0xef}
	n := b.N

	// Baseline: pre-signed transfers, raw broadcast.
	signer := types.LatestSignerForChainID(hs.chain.ChainID())
	start, err := hs.chain.Client.PendingNonceAt(ctx, m.From())
	if err != nil {
		b.Fatal(err)
	}
	head, _ := hs.chain.Client.HeaderByNumber(ctx, nil)
	feeCap := new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(4)), big.NewInt(1e9))
	txs := make([]*types.Transaction, n)
	for i := range txs {
		tx, err := hs.chain.Owner.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: hs.chain.ChainID(), Nonce: start + uint64(i),
			GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: &to, Value: big.NewInt(1)}), signer)
		if err != nil {
			b.Fatal(err)
		}
		txs[i] = tx
	}
	b.ResetTimer()
	t0 := time.Now()
	for _, tx := range txs {
		if err := hs.chain.Client.SendTransaction(ctx, tx); err != nil {
			b.Fatal(err)
		}
	}
	for {
		if r, err := hs.chain.Client.TransactionReceipt(ctx, txs[n-1].Hash()); err == nil && r != nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	raw := time.Since(t0)

	// The manager, same number of transfers.
	t1 := time.Now()
	sem := make(chan struct{}, 256)
	var wg sync.WaitGroup
	for range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := m.Send(ctx, txmgr.Candidate{To: &to, Value: big.NewInt(1), GasLimit: 21000}); err != nil {
				b.Error(err)
			}
		}()
	}
	wg.Wait()
	managed := time.Since(t1)
	b.StopTimer()

	b.ReportMetric(float64(n)/managed.Seconds(), "txmgr-sends/s")
	b.ReportMetric(float64(n)/raw.Seconds(), "raw-sends/s")
	b.ReportMetric(raw.Seconds()/managed.Seconds(), "txmgr/raw")
}
