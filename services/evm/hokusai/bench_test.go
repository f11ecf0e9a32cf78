package hokusai_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/chainrelay/chainrelay/services/evm/bindings"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
)

// BenchmarkGas reports the gas of one token deployment through TokenManager (an EIP-1167
// clone plus initialisation) beside the baseline of creating a whole HokusaiToken
// contract, and the gas of one registration. Gas does not depend on the machine; ns/op is
// the simulated chain's time per deployment and block.
func BenchmarkGas(b *testing.B) {
	hs := newHarness(b)
	tm, reg := hs.chain.Contracts.TokenManager, hs.chain.Contracts.ModelRegistry

	// Baseline: a full contract creation of the token bytecode, same run.
	opts := hs.owner.TransactOpts(hs.chain.ChainID())
	_, tx, err := bind.DeployContract(opts, common.FromHex(bindings.HokusaiTokenMetaData.Bin), hs.chain.Client, nil)
	if err != nil {
		b.Fatal(err)
	}
	hs.chain.Commit()
	r, err := bind.WaitMined(hs.ctx, hs.chain.Client, tx.Hash())
	if err != nil {
		b.Fatal(err)
	}
	baseline := float64(r.GasUsed)

	var deployGas, registerGas float64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		id := fmt.Sprintf("bench-model-%06d", i)
		data, err := hs.h.DeployTokenData(hokusai.DeployParams{ModelID: id, Name: "Hokusai " + id, Symbol: "HKBENCH"})
		if err != nil {
			b.Fatal(err)
		}
		r := hs.mustTransact(hs.owner, tm, data)
		deployGas += float64(r.GasUsed)
		d, err := hs.h.DeployedToken(r, tm)
		if err != nil {
			b.Fatal(err)
		}
		rdata, err := hs.h.RegisterModelData(id, d.Token, "accuracy")
		if err != nil {
			b.Fatal(err)
		}
		registerGas += float64(hs.mustTransact(hs.owner, reg, rdata).GasUsed)
		_ = big.NewInt
	}
	n := float64(b.N)
	b.ReportMetric(deployGas/n, "gas/deploy")
	b.ReportMetric(baseline, "gas/full-token-create")
	b.ReportMetric(deployGas/n/baseline, "deploy/full-create")
	b.ReportMetric(registerGas/n, "gas/register")
}
