package rpc_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/network"
	"github.com/chainrelay/chainrelay/services/evm/nonce"
	"github.com/chainrelay/chainrelay/services/evm/rpc"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
)

// gethDeploy deploys TokenManager and ModelRegistry on the node behind c.
func gethDeploy(t *testing.T, ctx context.Context, c *rpc.Client, owner interface {
	TransactOpts(*big.Int) *bind.TransactOpts
}, from [20]byte) hokusai.Addresses {
	t.Helper()
	h := hokusai.New()
	opts := owner.TransactOpts(big.NewInt(1337))
	opts.Context = ctx
	d, err := h.SendDeployment(opts, c, from)
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range []*types.Transaction{d.TokenManagerTx, d.ModelRegistryTx} {
		r, err := bind.WaitMined(ctx, c, tx.Hash())
		if err != nil || r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("contract deployment: %v", err)
		}
	}
	return d.Addresses
}

func gethManager(t *testing.T, ctx context.Context, c *rpc.Client, k txmgr.Signer) *txmgr.Manager {
	t.Helper()
	n, err := network.Lookup(network.GethLocal)
	if err != nil {
		t.Fatal(err)
	}
	n.ResubmitAfter = 3 * time.Second
	n.BlockTime = 200 * time.Millisecond
	m, err := txmgr.New(ctx, txmgr.Config{Network: n, PollInterval: 20 * time.Millisecond, RevertABIs: hokusai.New().ABIs()}, c, k, nonce.NewLocal())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGethDeployAndRegister asserts the whole flow against a real geth --dev over HTTP
// JSON-RPC, with a dead port as the first endpoint: contracts deployed, a token deployed
// through the transaction manager at its predicted address with every attempt journaled
// first, registered, found by both lookups, and a duplicate deployment refused with its
// decoded reason.
func TestGethDeployAndRegister(t *testing.T) {
	t.Parallel()
	node := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	owner := node.fund(t, 100)
	c := dial(t, rpc.Config{Endpoints: []string{deadURL(t), node.URL}, ChainID: 1337, CallTimeout: 2 * time.Second})
	addrs := gethDeploy(t, ctx, c, owner, owner.Address())
	m := gethManager(t, ctx, c, owner)
	h := hokusai.New()

	const model = "geth-model-1"
	predicted := hokusai.PredictTokenAddress(addrs.TokenManager, addrs.Implementation, model)
	data, err := h.DeployTokenData(hokusai.DeployParams{ModelID: model, Name: "Hokusai geth", Symbol: "HKG"})
	if err != nil {
		t.Fatal(err)
	}
	var journaled []txmgr.Attempt
	res, err := m.Send(ctx, txmgr.Candidate{To: &addrs.TokenManager, Data: data}, txmgr.BeforeBroadcast(func(_ context.Context, a txmgr.Attempt) error {
		journaled = append(journaled, a)
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(journaled) == 0 || journaled[len(journaled)-1].Hash != res.Mined.Hash {
		t.Fatalf("mined %s not journaled: %+v", res.Mined.Hash, journaled)
	}
	d, err := h.DeployedToken(res.Receipt, addrs.TokenManager)
	if err != nil || d.Token != predicted {
		t.Fatalf("deployed %s, predicted %s (%v)", d.Token, predicted, err)
	}
	if tok, err := h.TokenOf(ctx, c, addrs.TokenManager, model); err != nil || tok != predicted {
		t.Fatalf("tokenOf %s %v", tok, err)
	}
	t.Logf("deploy gas %d", res.Receipt.GasUsed)

	reg, err := h.RegisterModelData(model, d.Token, "accuracy")
	if err != nil {
		t.Fatal(err)
	}
	rres, err := m.Send(ctx, txmgr.Candidate{To: &addrs.ModelRegistry, Data: reg})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("register gas %d", rres.Receipt.GasUsed)
	e, err := h.Lookup(ctx, c, addrs.ModelRegistry, model)
	if err != nil || e.Token != d.Token || e.PerformanceMetric != "accuracy" {
		t.Fatalf("registry entry %+v %v", e, err)
	}
	if id, err := h.ModelOf(ctx, c, addrs.ModelRegistry, d.Token); err != nil || id != model {
		t.Fatalf("modelOf %q %v", id, err)
	}
	_, err = m.Send(ctx, txmgr.Candidate{To: &addrs.TokenManager, Data: data})
	var ee *evm.Error
	if !errors.As(err, &ee) || ee.Class != evm.ClassReverted || !strings.HasPrefix(ee.Reason, "TokenAlreadyDeployed("+model) {
		t.Fatalf("duplicate deploy: %v", err)
	}
	if st := c.Status(); !st[0].Open || st[1].Open {
		t.Fatalf("endpoint status %+v", st)
	}
}

// TestGethFailoverMidRun asserts that deployments keep landing when the endpoint in use
// (a proxy in front of geth) is stopped in the middle of a run of concurrent sends: the
// client fails over to the second endpoint and every send succeeds once.
func TestGethFailoverMidRun(t *testing.T) {
	t.Parallel()
	node := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	owner := node.fund(t, 100)
	primary := newProxy(t, node.Addr)
	c := dial(t, rpc.Config{Endpoints: []string{primary.URL(), node.URL}, ChainID: 1337, CallTimeout: 2 * time.Second})
	addrs := gethDeploy(t, ctx, c, owner, owner.Address())
	m := gethManager(t, ctx, c, owner)
	h := hokusai.New()

	const sends = 12
	var wg sync.WaitGroup
	errs := make([]error, sends)
	for i := range sends {
		wg.Add(1)
		go func() {
			defer wg.Done()
			model := "failover-" + string(rune('a'+i))
			data, _ := h.DeployTokenData(hokusai.DeployParams{ModelID: model, Name: model, Symbol: "F"})
			_, errs[i] = m.Send(ctx, txmgr.Candidate{To: &addrs.TokenManager, Data: data})
		}()
		if i == sends/2 {
			primary.Stop()
		}
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	for i := range sends {
		model := "failover-" + string(rune('a'+i))
		if tok, err := h.TokenOf(ctx, c, addrs.TokenManager, model); err != nil || tok != hokusai.PredictTokenAddress(addrs.TokenManager, addrs.Implementation, model) {
			t.Fatalf("%s: token %s %v", model, tok, err)
		}
	}
	if st := c.Status(); !st[0].Open || st[1].Calls == 0 {
		t.Fatalf("no failover recorded: %+v", st)
	}
}
