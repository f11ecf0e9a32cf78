package main

import (
	"context"
	"flag"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/services/pipeline"
)

// stageFlags are the options of a deploy stage role.
type stageFlags struct {
	concurrency int
}

func (s *stageFlags) register(fs *flag.FlagSet, def int) {
	fs.IntVar(&s.concurrency, "concurrency", envInt("concurrency", def), "inputs handled at once (env "+envName("concurrency")+")")
}

// addChainHealth reports the chain in /healthz: contracts present and our key owning
// the registry (critical), every RPC endpoint, and the deploying account's balance (a
// warning when low, and the chainrelay_deployer_balance_wei gauge behind the alert).
func addChainHealth(p *process, ch *pipeline.Chain) error {
	p.health.Add("chain", true, ch.Health)
	if ch.RPC != nil {
		p.health.Add("rpc", true, func(context.Context) error {
			var open []string
			for _, st := range ch.RPC.Status() {
				if st.Open {
					open = append(open, st.Name+": "+st.LastErr)
				}
			}
			if !ch.RPC.Healthy() {
				return fmt.Errorf("no RPC endpoint answers: %s", strings.Join(open, "; "))
			}
			if len(open) > 0 {
				p.log.Warn("RPC endpoints failing over", "open", open)
			}
			return nil
		})
	}
	balances, err := projections.NewBalances(p.reg)
	if err != nil {
		return err
	}
	// Fewer than about a hundred deployments at 30 gwei: 0.5 ether.
	low := new(big.Int).Mul(big.NewInt(5), big.NewInt(1e17))
	p.health.Add("balance", false, balances.Check(ch.Net.Name, ch.Target().From, low, ch.Balance))
	return nil
}

// serve runs the HTTP endpoint beside fns until ctx is done or one of them fails, then
// marks the process ready once every function has started.
func serve(ctx context.Context, p *process, fns ...func(context.Context) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return p.http.Run(ctx) })
	for _, fn := range fns {
		g.Go(func() error { return fn(ctx) })
	}
	p.health.SetReady(true)
	return g.Wait()
}
