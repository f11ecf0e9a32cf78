package txmgr

import (
	"errors"
	"math/big"
	"testing"

	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/services/evm/network"
)

func gwei(n int64) *big.Int { return network.Gwei(n) }

func testPolicy() feePolicy {
	return feePolicy{mode: network.FeeEIP1559, minTip: gwei(30), maxTip: gwei(100), maxFeeCap: gwei(500), bumpPercent: 10}
}

// TestDynamicFees asserts fee cap = 2 × base + tip, the tip floor (Polygon's 30 gwei),
// the tip cap, the fee cap clamp, and fee_cap_exceeded when base + tip passes the maximum.
func TestDynamicFees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		base, tip     *big.Int
		wantTip, want *big.Int
		wantErr       evm.Class
	}{
		{"tip above floor", gwei(10), gwei(40), gwei(40), gwei(60), ""},
		{"tip floored", gwei(10), gwei(1), gwei(30), gwei(50), ""},
		{"tip capped", gwei(10), gwei(1000), gwei(100), gwei(120), ""},
		{"fee cap clamped", gwei(300), gwei(30), gwei(30), gwei(500), ""},
		{"base too high", gwei(480), gwei(30), nil, nil, evm.ClassFeeCapExceeded},
	}
	for _, tc := range tests {
		f, err := testPolicy().dynamic(tc.base, tc.tip)
		if tc.wantErr != "" {
			if evm.ClassOf(err) != tc.wantErr {
				t.Fatalf("%s: err %v, want class %s", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || f.TipCap.Cmp(tc.wantTip) != 0 || f.FeeCap.Cmp(tc.want) != 0 {
			t.Fatalf("%s: %s, %v; want tip %s cap %s", tc.name, f, err, tc.wantTip, tc.want)
		}
	}
}

// TestBump asserts that a replacement raises both fees by at least the bump percentage
// (rounded up, as nodes compare), follows the market when it rose further, and stops at
// the configured maxima.
func TestBump(t *testing.T) {
	t.Parallel()
	p := testPolicy()
	old := Fees{TipCap: big.NewInt(33), FeeCap: big.NewInt(101)}
	f, err := p.bump(old, Fees{})
	if err != nil {
		t.Fatal(err)
	}
	// 33 × 1.1 = 36.3 → 37; 101 × 1.1 = 111.1 → 112.
	if f.TipCap.Int64() != 37 || f.FeeCap.Int64() != 112 {
		t.Fatalf("bumped %s", f)
	}
	for _, v := range []struct{ old, new *big.Int }{{old.TipCap, f.TipCap}, {old.FeeCap, f.FeeCap}} {
		// geth: new >= old * 110 / 100 (integer division)
		min := new(big.Int).Div(new(big.Int).Mul(v.old, big.NewInt(110)), big.NewInt(100))
		if v.new.Cmp(min) < 0 {
			t.Fatalf("%s below geth's replacement threshold %s", v.new, min)
		}
	}
	market := Fees{TipCap: gwei(50), FeeCap: gwei(200)}
	if f, _ := p.bump(Fees{TipCap: gwei(30), FeeCap: gwei(60)}, market); f.TipCap.Cmp(gwei(50)) != 0 || f.FeeCap.Cmp(gwei(200)) != 0 {
		t.Fatalf("market rise not followed: %s", f)
	}
	if _, err := p.bump(Fees{TipCap: gwei(95), FeeCap: gwei(200)}, Fees{}); !errors.Is(err, evm.ErrFeeCapExceeded) {
		t.Fatalf("tip over max: %v", err)
	}
	if _, err := p.bump(Fees{TipCap: gwei(30), FeeCap: gwei(480)}, Fees{}); !errors.Is(err, evm.ErrFeeCapExceeded) {
		t.Fatalf("fee cap over max: %v", err)
	}
	lp := feePolicy{mode: network.FeeLegacy, minTip: gwei(1), maxTip: gwei(100), maxFeeCap: gwei(100), bumpPercent: 10}
	if f, err := lp.bump(Fees{GasPrice: gwei(10)}, Fees{}); err != nil || f.GasPrice.Cmp(gwei(11)) != 0 {
		t.Fatalf("legacy bump %s %v", f, err)
	}
}

// TestLegacyFees asserts the legacy floor and maximum.
func TestLegacyFees(t *testing.T) {
	t.Parallel()
	p := feePolicy{mode: network.FeeLegacy, minTip: gwei(25), maxTip: gwei(100), maxFeeCap: gwei(100)}
	if f, err := p.legacy(gwei(3)); err != nil || f.GasPrice.Cmp(gwei(25)) != 0 || !f.Legacy() {
		t.Fatalf("floor: %s %v", f, err)
	}
	if _, err := p.legacy(gwei(101)); evm.ClassOf(err) != evm.ClassFeeCapExceeded {
		t.Fatalf("max: %v", err)
	}
}

// TestMedianReward asserts the eth_feeHistory fallback picks the median reward and
// ignores blocks without one.
func TestMedianReward(t *testing.T) {
	t.Parallel()
	r := [][]*big.Int{{big.NewInt(5)}, {}, {big.NewInt(1)}, {big.NewInt(9)}}
	if m := medianReward(r); m.Int64() != 5 {
		t.Fatalf("median %s", m)
	}
	if medianReward(nil) != nil {
		t.Fatal("median of nothing")
	}
}
