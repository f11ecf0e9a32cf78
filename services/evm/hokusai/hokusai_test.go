package hokusai_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/evm/keys"
	"github.com/chainrelay/chainrelay/services/evm/simchain"
)

type harness struct {
	t     testing.TB
	ctx   context.Context
	chain *simchain.Chain
	h     *hokusai.Contracts
	owner *keys.Key
	other *keys.Key // a funded account that owns nothing
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	other, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	chain, err := simchain.Start(ctx, simchain.Config{Period: -1, Fund: []common.Address{other.Address()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = chain.Close() })
	return &harness{t: t, ctx: ctx, chain: chain, h: hokusai.New(), owner: chain.Owner, other: other}
}

// transact sends data to `to` signed by k, seals a block and returns the receipt. An
// error at gas estimation (a revert) comes back classified with its decoded reason.
func (hs *harness) transact(k *keys.Key, to common.Address, data []byte) (*types.Receipt, error) {
	hs.t.Helper()
	c := bind.NewBoundContract(to, *hs.h.ABIs()[0], hs.chain.Client, hs.chain.Client, hs.chain.Client)
	tx, err := c.RawTransact(k.TransactOpts(hs.chain.ChainID()), data)
	if err != nil {
		return nil, evm.Classify("transact", err, hs.h.ABIs()...)
	}
	hs.chain.Commit()
	r, err := bind.WaitMined(hs.ctx, hs.chain.Client, tx.Hash())
	if err != nil {
		hs.t.Fatalf("wait mined: %v", err)
	}
	return r, nil
}

func (hs *harness) mustTransact(k *keys.Key, to common.Address, data []byte) *types.Receipt {
	hs.t.Helper()
	r, err := hs.transact(k, to, data)
	if err != nil {
		hs.t.Fatalf("transact: %v", err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		hs.t.Fatalf("transaction %s failed", r.TxHash)
	}
	return r
}

func (hs *harness) deploy(modelID string, holder common.Address, supply int64) (common.Address, *types.Receipt) {
	hs.t.Helper()
	data, err := hs.h.DeployTokenData(hokusai.DeployParams{ModelID: modelID, Name: "Hokusai " + modelID, Symbol: "HK",
		InitialHolder: holder, InitialSupply: big.NewInt(supply)})
	if err != nil {
		hs.t.Fatal(err)
	}
	r := hs.mustTransact(hs.owner, hs.chain.Contracts.TokenManager, data)
	d, err := hs.h.DeployedToken(r, hs.chain.Contracts.TokenManager)
	if err != nil {
		hs.t.Fatal(err)
	}
	return d.Token, r
}

func (hs *harness) balance(token, who common.Address) int64 {
	hs.t.Helper()
	tok := hs.h.Token
	out, err := hs.chain.Client.CallContract(hs.ctx, callMsg(token, tok.PackBalanceOf(who)), nil)
	if err != nil {
		hs.t.Fatal(err)
	}
	v, err := tok.UnpackBalanceOf(out)
	if err != nil {
		hs.t.Fatal(err)
	}
	return v.Int64()
}

func wantRevert(t *testing.T, err error, reason string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want revert %s, got success", reason)
	}
	var e *evm.Error
	if !errors.As(err, &e) || e.Class != evm.ClassReverted {
		t.Fatalf("want class reverted, got %v", err)
	}
	if !strings.HasPrefix(e.Reason, reason) {
		t.Fatalf("want reason %s…, got %q (%v)", reason, e.Reason, err)
	}
	if evm.Retryable(err) {
		t.Fatalf("a revert must not be retryable")
	}
}

// TestPredictedAddressIsDeployedAddress asserts that the address computed in Go, the
// address TokenManager.predictAddress returns before deployment, the address in the
// TokenDeployed event and tokenOf after deployment are one and the same.
func TestPredictedAddressIsDeployedAddress(t *testing.T) {
	t.Parallel()
	hs := newHarness(t)
	addrs := hs.chain.Contracts
	impl, err := hs.h.Implementation(hs.ctx, hs.chain.Client, addrs.TokenManager)
	if err != nil {
		t.Fatal(err)
	}
	if impl != addrs.Implementation {
		t.Fatalf("implementation %s, SendDeployment said %s", impl, addrs.Implementation)
	}
	for _, id := range []string{"model-42", "a", "模型/ünïcode with spaces", strings.Repeat("x", 300)} {
		goAddr := hokusai.PredictTokenAddress(addrs.TokenManager, impl, id)
		chainAddr, err := hs.h.PredictAddress(hs.ctx, hs.chain.Client, addrs.TokenManager, id)
		if err != nil {
			t.Fatal(err)
		}
		if goAddr != chainAddr {
			t.Fatalf("%q: Go predicts %s, contract %s", id, goAddr, chainAddr)
		}
		before, err := hs.h.TokenOf(hs.ctx, hs.chain.Client, addrs.TokenManager, id)
		if err != nil || before != (common.Address{}) {
			t.Fatalf("tokenOf before deploy = %s, %v", before, err)
		}
		deployed, _ := hs.deploy(id, common.Address{}, 0)
		if deployed != goAddr {
			t.Fatalf("%q: deployed at %s, predicted %s", id, deployed, goAddr)
		}
		after, err := hs.h.TokenOf(hs.ctx, hs.chain.Client, addrs.TokenManager, id)
		if err != nil || after != goAddr {
			t.Fatalf("tokenOf after deploy = %s, %v", after, err)
		}
	}
}

// TestTokenControllerAndMinting asserts that the TokenManager is the token's controller,
// that only it mints (directly the owner EOA cannot), that only the manager's owner can
// mint through it, and that name, symbol and initial supply are as deployed.
func TestTokenControllerAndMinting(t *testing.T) {
	t.Parallel()
	hs := newHarness(t)
	tm := hs.chain.Contracts.TokenManager
	holder := hs.other.Address()
	token, _ := hs.deploy("m-mint", holder, 1000)

	out, err := hs.chain.Client.CallContract(hs.ctx, callMsg(token, hs.h.Token.PackController()), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctrl, _ := hs.h.Token.UnpackController(out)
	if ctrl != tm {
		t.Fatalf("controller %s, want TokenManager %s", ctrl, tm)
	}
	for _, c := range []struct {
		data []byte
		want string
	}{{hs.h.Token.PackName(), "Hokusai m-mint"}, {hs.h.Token.PackSymbol(), "HK"}} {
		out, err := hs.chain.Client.CallContract(hs.ctx, callMsg(token, c.data), nil)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := hs.h.Token.UnpackName(out)
		if got != c.want {
			t.Fatalf("got %q, want %q", got, c.want)
		}
	}
	if b := hs.balance(token, holder); b != 1000 {
		t.Fatalf("initial balance %d, want 1000", b)
	}

	tests := []struct {
		name   string
		signer *keys.Key
		to     common.Address
		data   []byte
		revert string
	}{
		{"owner EOA mints on the token directly", hs.owner, token, hs.h.Token.PackMint(holder, big.NewInt(1)), "NotController"},
		{"holder mints on the token directly", hs.other, token, hs.h.Token.PackMint(holder, big.NewInt(1)), "NotController"},
		{"non-owner mints through the manager", hs.other, tm, hs.h.Manager.PackMint("m-mint", holder, big.NewInt(1)), "OwnableUnauthorizedAccount"},
		{"owner mints for an unknown model", hs.owner, tm, hs.h.Manager.PackMint("nope", holder, big.NewInt(1)), "UnknownModel"},
		{"implementation cannot be initialized", hs.other, hs.chain.Contracts.Implementation, hs.h.Token.PackInitialize("x", "X", hs.other.Address()), "AlreadyInitialized"},
		{"a token cannot be re-initialized", hs.other, token, hs.h.Token.PackInitialize("x", "X", hs.other.Address()), "AlreadyInitialized"},
	}
	for _, tc := range tests {
		_, err := hs.transact(tc.signer, tc.to, tc.data)
		if err == nil {
			t.Fatalf("%s: succeeded", tc.name)
		}
		wantRevert(t, err, tc.revert)
	}
	hs.mustTransact(hs.owner, tm, hs.h.Manager.PackMint("m-mint", holder, big.NewInt(500)))
	if b := hs.balance(token, holder); b != 1500 {
		t.Fatalf("balance after mint %d, want 1500", b)
	}
}

// TestBurns asserts that a holder burns its own tokens, that the controller burns from a
// holder without an allowance, and that nobody else can burn from a holder.
func TestBurns(t *testing.T) {
	t.Parallel()
	hs := newHarness(t)
	tm := hs.chain.Contracts.TokenManager
	holder := hs.other.Address()
	token, _ := hs.deploy("m-burn", holder, 1000)

	hs.mustTransact(hs.other, token, hs.h.Token.PackBurn(big.NewInt(100)))
	if b := hs.balance(token, holder); b != 900 {
		t.Fatalf("after own burn %d, want 900", b)
	}
	hs.mustTransact(hs.owner, tm, hs.h.Manager.PackBurnFrom("m-burn", holder, big.NewInt(400)))
	if b := hs.balance(token, holder); b != 500 {
		t.Fatalf("after controller burn %d, want 500", b)
	}
	_, err := hs.transact(hs.other, token, hs.h.Token.PackBurnFrom(holder, big.NewInt(1)))
	wantRevert(t, err, "NotController")
	_, err = hs.transact(hs.other, token, hs.h.Token.PackBurn(big.NewInt(501)))
	wantRevert(t, err, "ERC20InsufficientBalance")
	out, err := hs.chain.Client.CallContract(hs.ctx, callMsg(token, hs.h.Token.PackTotalSupply()), nil)
	if err != nil {
		t.Fatal(err)
	}
	supply, _ := hs.h.Token.UnpackTotalSupply(out)
	if supply.Int64() != 500 {
		t.Fatalf("total supply %s, want 500", supply)
	}
}

// TestDuplicateDeployReverts asserts that a second deployment of a model id reverts with
// TokenAlreadyDeployed naming the existing token, and that an empty id is refused.
func TestDuplicateDeployReverts(t *testing.T) {
	t.Parallel()
	hs := newHarness(t)
	tm := hs.chain.Contracts.TokenManager
	token, _ := hs.deploy("m-dup", common.Address{}, 0)
	data, _ := hs.h.DeployTokenData(hokusai.DeployParams{ModelID: "m-dup", Name: "other name", Symbol: "OTHER"})
	_, err := hs.transact(hs.owner, tm, data)
	wantRevert(t, err, "TokenAlreadyDeployed(m-dup, "+token.Hex()+")")
	if _, err := hs.h.DeployTokenData(hokusai.DeployParams{}); !errors.Is(err, hokusai.ErrEmptyModelID) {
		t.Fatalf("empty model id: %v", err)
	}
	raw := hs.h.Manager.PackDeployToken("", "n", "s", common.Address{}, new(big.Int))
	_, err = hs.transact(hs.owner, tm, raw)
	wantRevert(t, err, "EmptyModelId")
	// Mined rather than estimated: the transaction reverts on chain too.
	opts := hs.owner.TransactOpts(hs.chain.ChainID())
	opts.GasLimit = 500_000
	c := bind.NewBoundContract(tm, hs.h.Manager.GetABI(), hs.chain.Client, hs.chain.Client, hs.chain.Client)
	tx, err := c.RawTransact(opts, data)
	if err != nil {
		t.Fatal(err)
	}
	hs.chain.Commit()
	r, err := bind.WaitMined(hs.ctx, hs.chain.Client, tx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != types.ReceiptStatusFailed {
		t.Fatalf("duplicate deploy mined with status %d", r.Status)
	}
}

// TestRegistry asserts the registry's state and event after a registration, the lookups
// both ways, and that a second registration of the id or of the token, a zero token and
// a registration by a non-owner all revert with their custom errors.
func TestRegistry(t *testing.T) {
	t.Parallel()
	hs := newHarness(t)
	reg := hs.chain.Contracts.ModelRegistry
	token, _ := hs.deploy("m-reg", common.Address{}, 0)
	other, _ := hs.deploy("m-reg-2", common.Address{}, 0)

	e, err := hs.h.Lookup(hs.ctx, hs.chain.Client, reg, "m-reg")
	if err != nil || e.Registered() {
		t.Fatalf("before registration: %+v, %v", e, err)
	}
	data, err := hs.h.RegisterModelData("m-reg", token, "accuracy")
	if err != nil {
		t.Fatal(err)
	}
	r := hs.mustTransact(hs.owner, reg, data)
	ev, err := hs.h.Registered(r, reg)
	if err != nil {
		t.Fatal(err)
	}
	if ev != (hokusai.Registration{ModelID: "m-reg", Token: token, PerformanceMetric: "accuracy"}) {
		t.Fatalf("event %+v", ev)
	}
	e, err = hs.h.Lookup(hs.ctx, hs.chain.Client, reg, "m-reg")
	if err != nil || e.Token != token || e.PerformanceMetric != "accuracy" || e.RegisteredAt == 0 {
		t.Fatalf("entry %+v, %v", e, err)
	}
	id, err := hs.h.ModelOf(hs.ctx, hs.chain.Client, reg, token)
	if err != nil || id != "m-reg" {
		t.Fatalf("modelOf = %q, %v", id, err)
	}

	tests := []struct {
		name   string
		signer *keys.Key
		data   []byte
		revert string
	}{
		{"same id again", hs.owner, hs.h.Registry.PackRegisterModel("m-reg", other, "f1"), "ModelAlreadyRegistered(m-reg, " + token.Hex() + ")"},
		{"same token under another id", hs.owner, hs.h.Registry.PackRegisterModel("m-reg-2", token, "f1"), "TokenAlreadyRegistered(" + token.Hex() + ", m-reg)"},
		{"zero token", hs.owner, hs.h.Registry.PackRegisterModel("m-zero", common.Address{}, "f1"), "ZeroToken"},
		{"empty id", hs.owner, hs.h.Registry.PackRegisterModel("", other, "f1"), "EmptyModelId"},
		{"not the owner", hs.other, hs.h.Registry.PackRegisterModel("m-reg-2", other, "f1"), "OwnableUnauthorizedAccount"},
	}
	for _, tc := range tests {
		_, err := hs.transact(tc.signer, reg, tc.data)
		if err == nil {
			t.Fatalf("%s: succeeded", tc.name)
		}
		wantRevert(t, err, tc.revert)
	}
}
