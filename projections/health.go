package projections

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/streams/telemetry"
)

// Health hooks for /healthz. Each returns a telemetry.CheckFunc; the wiring that knows
// the endpoints registers them with telemetry.Health.Add under a name of its choosing
// ("rpc.sepolia", "contract.registry", "balance.sepolia", …).

// ErrLowBalance reports a deployer account below its warning threshold.
var ErrLowBalance = errors.New("deployer balance low")

// ErrNoContract reports an address without code.
var ErrNoContract = errors.New("no contract code at address")

// LagCheck fails when the projection is more than maxPending events behind the stream.
func (p *Deployments) LagCheck(maxPending uint64) telemetry.CheckFunc {
	return func(ctx context.Context) error {
		if !p.running.Load() {
			return errors.New("projector not running")
		}
		if n := p.pendingN.Load(); n > maxPending {
			return fmt.Errorf("projection %d events behind (limit %d)", n, maxPending)
		}
		return nil
	}
}

// RPCCheck asks an endpoint for its chain id and compares it with the expected one.
func RPCCheck(chainID func(ctx context.Context) (*big.Int, error), want uint64) telemetry.CheckFunc {
	return func(ctx context.Context) error {
		id, err := chainID(ctx)
		if err != nil {
			return fmt.Errorf("chain id: %w", err)
		}
		if !id.IsUint64() || id.Uint64() != want {
			return fmt.Errorf("chain id %s, want %d", id, want)
		}
		return nil
	}
}

// ContractCheck fails when the address has no code (a wrong address or network).
func ContractCheck(address string, code func(ctx context.Context) ([]byte, error)) telemetry.CheckFunc {
	return func(ctx context.Context) error {
		b, err := code(ctx)
		if err != nil {
			return fmt.Errorf("code at %s: %w", address, err)
		}
		if len(b) == 0 {
			return fmt.Errorf("%w: %s", ErrNoContract, address)
		}
		return nil
	}
}

// Balances exports deployer balances and their warning thresholds.
type Balances struct {
	balance *prometheus.GaugeVec
	low     *prometheus.GaugeVec
}

// NewBalances creates the gauges and registers them with reg (nil: unregistered).
func NewBalances(reg prometheus.Registerer) (*Balances, error) {
	b := &Balances{
		balance: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricBalance,
			Help: "Deployer account balance in wei."}, []string{"network", "account"}),
		low: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricBalanceLow,
			Help: "Balance below which the deployer account is reported low, in wei."}, []string{"network", "account"}),
	}
	if reg != nil {
		if err := registerAll(reg, b.balance, b.low); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// Check reads the account's balance, exports it, and returns ErrLowBalance under low.
// Register it as a non-critical check: a low balance warns, it does not stop readiness.
func (b *Balances) Check(network, account string, low *big.Int, balance func(ctx context.Context) (*big.Int, error)) telemetry.CheckFunc {
	lowF, _ := new(big.Float).SetInt(low).Float64()
	b.low.WithLabelValues(network, account).Set(lowF)
	return func(ctx context.Context) error {
		bal, err := balance(ctx)
		if err != nil {
			return fmt.Errorf("balance of %s: %w", account, err)
		}
		f, _ := new(big.Float).SetInt(bal).Float64()
		b.balance.WithLabelValues(network, account).Set(f)
		if bal.Cmp(low) < 0 {
			return fmt.Errorf("%w: %s has %s wei on %s, threshold %s", ErrLowBalance, account, bal, network, low)
		}
		return nil
	}
}
