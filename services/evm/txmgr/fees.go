package txmgr

import (
	"fmt"
	"math/big"
	"slices"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/network"
)

// Fees is the pricing of one attempt: TipCap and FeeCap for EIP-1559, GasPrice for legacy.
type Fees struct {
	TipCap   *big.Int
	FeeCap   *big.Int
	GasPrice *big.Int
}

// Legacy reports whether the fees are a legacy gas price.
func (f Fees) Legacy() bool { return f.GasPrice != nil }

func (f Fees) String() string {
	if f.Legacy() {
		return "gasPrice=" + f.GasPrice.String()
	}
	return fmt.Sprintf("tip=%s feeCap=%s", f.TipCap, f.FeeCap)
}

// feePolicy turns chain readings into fees; it is pure so that it is tested without a chain.
type feePolicy struct {
	mode                      network.FeeMode
	minTip, maxTip, maxFeeCap *big.Int
	bumpPercent               int
}

func bigMax(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

func bigMin(a, b *big.Int) *big.Int {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// dynamic prices an EIP-1559 transaction: the tip suggested by the node, floored at
// minTip and capped at maxTip; the fee cap 2 × base fee + tip, capped at maxFeeCap as
// long as it still covers base fee + tip.
func (p feePolicy) dynamic(baseFee, suggestedTip *big.Int) (Fees, error) {
	tip := bigMin(bigMax(suggestedTip, p.minTip), p.maxTip)
	feeCap := new(big.Int).Add(new(big.Int).Mul(baseFee, big.NewInt(2)), tip)
	if feeCap.Cmp(p.maxFeeCap) > 0 {
		need := new(big.Int).Add(baseFee, tip)
		if need.Cmp(p.maxFeeCap) > 0 {
			return Fees{}, &evm.Error{Class: evm.ClassFeeCapExceeded, Op: "price transaction",
				Err: fmt.Errorf("base fee %s + tip %s exceeds the maximum fee cap %s", baseFee, tip, p.maxFeeCap)}
		}
		feeCap = new(big.Int).Set(p.maxFeeCap)
	}
	return Fees{TipCap: tip, FeeCap: feeCap}, nil
}

// legacy prices a legacy transaction: the node's gas price floored at minTip.
func (p feePolicy) legacy(suggested *big.Int) (Fees, error) {
	price := bigMax(suggested, p.minTip)
	if price.Cmp(p.maxFeeCap) > 0 {
		return Fees{}, &evm.Error{Class: evm.ClassFeeCapExceeded, Op: "price transaction",
			Err: fmt.Errorf("gas price %s exceeds the maximum %s", price, p.maxFeeCap)}
	}
	return Fees{GasPrice: new(big.Int).Set(price)}, nil
}

// raise returns v increased by pct percent, rounded up: nodes require the replacement's
// fees to be at least 110% of the old ones, compared with integer division.
func raise(v *big.Int, pct int) *big.Int {
	n := new(big.Int).Mul(v, big.NewInt(int64(100+pct)))
	n.Add(n, big.NewInt(99))
	return n.Div(n, big.NewInt(100))
}

// errBumpLimit means the fees cannot be raised within the configured maxima.
var errBumpLimit = &evm.Error{Class: evm.ClassFeeCapExceeded, Op: "bump fees", Err: fmt.Errorf("bumped fees would exceed the configured maximum")}

// bump returns the fees of a replacement: each fee raised by bumpPercent, or the fresh
// market fees where higher. When a raised fee would pass its maximum the bump fails
// with errBumpLimit: a replacement under +10% is refused by nodes anyway.
func (p feePolicy) bump(old, fresh Fees) (Fees, error) {
	if old.Legacy() {
		price := raise(old.GasPrice, p.bumpPercent)
		if fresh.GasPrice != nil {
			price = bigMax(price, fresh.GasPrice)
		}
		if price.Cmp(p.maxFeeCap) > 0 {
			return Fees{}, errBumpLimit
		}
		return Fees{GasPrice: price}, nil
	}
	tip := raise(old.TipCap, p.bumpPercent)
	feeCap := raise(old.FeeCap, p.bumpPercent)
	if fresh.TipCap != nil {
		tip = bigMax(tip, fresh.TipCap)
		feeCap = bigMax(feeCap, fresh.FeeCap)
	}
	if tip.Cmp(p.maxTip) > 0 || feeCap.Cmp(p.maxFeeCap) > 0 {
		return Fees{}, errBumpLimit
	}
	if feeCap.Cmp(tip) < 0 {
		feeCap = new(big.Int).Set(tip)
	}
	return Fees{TipCap: tip, FeeCap: feeCap}, nil
}

// medianReward is the tip fallback when eth_maxPriorityFeePerGas is missing: the median
// of the per-block 50th-percentile rewards of eth_feeHistory; nil when there are none.
func medianReward(rewards [][]*big.Int) *big.Int {
	var vals []*big.Int
	for _, r := range rewards {
		if len(r) > 0 && r[0] != nil {
			vals = append(vals, r[0])
		}
	}
	if len(vals) == 0 {
		return nil
	}
	slices.SortFunc(vals, func(a, b *big.Int) int { return a.Cmp(b) })
	return vals[len(vals)/2]
}
