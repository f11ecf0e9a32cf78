package rpc_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/rpc"
	"github.com/chainrelay/chainrelay/services/evm/simchain"
)

func startChain(t *testing.T) *simchain.Chain {
	t.Helper()
	c, err := simchain.Start(context.Background(), simchain.Config{Period: 50 * time.Millisecond, HTTPAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func dial(t *testing.T, cfg rpc.Config) *rpc.Client {
	t.Helper()
	if cfg.HealthInterval == 0 {
		cfg.HealthInterval = time.Hour // tests probe explicitly
	}
	c, err := rpc.Dial(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// TestDeadAndHangingPrimaries asserts that with a refused endpoint and a hanging one in
// front of a live node, calls succeed, the hanging endpoint costs one timeout in all
// (its breaker opens and later calls skip it), and both appear open in Status.
func TestDeadAndHangingPrimaries(t *testing.T) {
	t.Parallel()
	chain := startChain(t)
	hole := newBlackhole(t)
	c := dial(t, rpc.Config{Endpoints: []string{deadURL(t), hole.URL(), chain.HTTPURL}, ChainID: simchain.ChainID, CallTimeout: 300 * time.Millisecond})
	ctx := context.Background()
	for i := range 20 {
		id, err := c.ChainID(ctx)
		if err != nil || id.Uint64() != simchain.ChainID {
			t.Fatalf("call %d: %v %v", i, id, err)
		}
	}
	if n := hole.accepted.Load(); n != 1 {
		t.Fatalf("hanging endpoint got %d connections, want 1", n)
	}
	st := c.Status()
	if !st[0].Open || !st[1].Open || st[2].Open {
		t.Fatalf("status %+v", st)
	}
	if st[2].Calls != 20 {
		t.Fatalf("live endpoint served %d calls, want 20", st[2].Calls)
	}
	if !c.Healthy() {
		t.Fatal("client with a live endpoint reported unhealthy")
	}
}

// TestAnswersDoNotFailOver asserts that a node's answers — a revert, a missing receipt —
// come back as they are from the first endpoint, without opening its breaker or trying
// the next endpoint.
func TestAnswersDoNotFailOver(t *testing.T) {
	t.Parallel()
	chain := startChain(t)
	second := newBlackhole(t)
	c := dial(t, rpc.Config{Endpoints: []string{chain.HTTPURL, second.URL()}, CallTimeout: time.Second})
	ctx := context.Background()
	h := hokusai.New()
	data, _ := h.DeployTokenData(hokusai.DeployParams{ModelID: "x"})
	tm := chain.Contracts.TokenManager
	stranger := common.Address{0x99}
	_, err := c.EstimateGas(ctx, ethereum.CallMsg{From: stranger, To: &tm, Data: data})
	err = evm.Classify("estimate", err, h.ABIs()...)
	var e *evm.Error
	if !errors.As(err, &e) || e.Class != evm.ClassReverted || !strings.HasPrefix(e.Reason, "OwnableUnauthorizedAccount") {
		t.Fatalf("revert: %v", err)
	}
	if _, err := c.TransactionReceipt(ctx, common.Hash{1}); !errors.Is(err, ethereum.NotFound) {
		t.Fatalf("missing receipt: %v", err)
	}
	if st := c.Status(); st[0].Open || second.accepted.Load() != 0 {
		t.Fatalf("answer treated as failure: %+v, second endpoint contacted %d times", st, second.accepted.Load())
	}
}

// TestStoppedEndpointFailsOverAndRecovers asserts that when the primary stops mid-run the
// next call goes to the secondary, and that once the primary is back a health probe
// closes its breaker and calls return to it.
func TestStoppedEndpointFailsOverAndRecovers(t *testing.T) {
	t.Parallel()
	chain := startChain(t)
	primary := newProxy(t, strings.TrimPrefix(chain.HTTPURL, "http://"))
	c := dial(t, rpc.Config{Endpoints: []string{primary.URL(), chain.HTTPURL}, CallTimeout: time.Second})
	ctx := context.Background()
	if _, err := c.BlockNumber(ctx); err != nil {
		t.Fatal(err)
	}
	primary.Stop()
	for i := range 5 {
		if _, err := c.BlockNumber(ctx); err != nil {
			t.Fatalf("call %d after stop: %v", i, err)
		}
	}
	st := c.Status()
	if !st[0].Open || st[0].Fails != 1 || st[1].Calls != 5 {
		t.Fatalf("after stop: %+v", st)
	}
	primary.Start()
	c.Probe()
	if c.Status()[0].Open {
		t.Fatalf("primary still open after recovery: %+v", c.Status()[0])
	}
	before := c.Status()[0].Calls
	if _, err := c.BlockNumber(ctx); err != nil {
		t.Fatal(err)
	}
	if c.Status()[0].Calls != before+1 {
		t.Fatal("call did not return to the recovered primary")
	}
}

// TestAllDown asserts that with every endpoint down a call fails with class
// rpc_unavailable naming each endpoint without its path, and that a wrong-chain endpoint
// is kept out by the health probe.
func TestAllDown(t *testing.T) {
	t.Parallel()
	dead := deadURL(t)
	c := dial(t, rpc.Config{Endpoints: []string{dead + "/v3/SECRET", deadURL(t)}, CallTimeout: 200 * time.Millisecond})
	_, err := c.BlockNumber(context.Background())
	if evm.ClassOf(err) != evm.ClassRPCUnavailable || !evm.Retryable(err) {
		t.Fatalf("err %v", err)
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("endpoint path leaked: %v", err)
	}
	if c.Healthy() {
		t.Fatal("healthy with every endpoint down")
	}

	chain := startChain(t)
	w := dial(t, rpc.Config{Endpoints: []string{chain.HTTPURL}, ChainID: 137})
	w.Probe()
	if st := w.Status()[0]; !st.Open || !strings.Contains(st.LastErr, "another chain") {
		t.Fatalf("wrong chain: %+v", st)
	}
	if _, err := rpc.Dial(rpc.Config{}); !errors.Is(err, rpc.ErrNoEndpoints) {
		t.Fatalf("no endpoints: %v", err)
	}
}
