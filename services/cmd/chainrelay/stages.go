package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/big"

	"golang.org/x/sync/errgroup"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/services/pipeline"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// stageRole runs one deploy stage as a process of its own: validator, deployer,
// registrar or publisher.
type stageRole struct {
	name, desc string
	// httpAddr is the role's default listener, distinct per role so that all of them can
	// run on one host.
	httpAddr    string
	concurrency int
	// chain says whether the stage sends transactions.
	chain bool
	build func(context.Context, pipeline.Deps, int) (*stage.Runner, error)
}

func (r *stageRole) Usage() string {
	return "chainrelay " + r.name + " — run the " + r.name + " stage (" + r.desc + ")\n"
}

func (r *stageRole) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet(r.name, flag.ContinueOnError)
	var common commonFlags
	var cf chainFlags
	common.register(fs, false, r.httpAddr)
	concurrency := fs.Int("concurrency", envInt("concurrency", r.concurrency), "inputs handled at once (env "+envName("concurrency")+")")
	if r.chain {
		cf.register(fs, false)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := common.start(ctx, r.name)
	if err != nil {
		return err
	}
	defer p.Close()
	deps := pipeline.Deps{JS: p.js, Logger: p.log, Metrics: p.metrics}
	if r.chain {
		if deps.Chain, err = openChain(ctx, p, cf); err != nil {
			return err
		}
		defer deps.Chain.Close()
	}
	runner, err := r.build(ctx, deps, *concurrency)
	if err != nil {
		return err
	}
	return serve(ctx, p, runner.Run)
}

// openChain opens the chain the flags select and reports it in /healthz.
func openChain(ctx context.Context, p *process, cf chainFlags) (*pipeline.Chain, error) {
	ch, err := pipeline.OpenChain(ctx, cf.config(p.reg), p.js, p.log)
	if err != nil {
		return nil, err
	}
	if err := addChainHealth(p, ch); err != nil {
		ch.Close()
		return nil, err
	}
	return ch, nil
}

// addChainHealth reports the chain in /healthz: contracts present and our key owning
// the registry (critical), every RPC endpoint, and the deploying account's balance (a
// warning when low, and the chainrelay_deployer_balance_wei gauge behind the alert).
func addChainHealth(p *process, ch *pipeline.Chain) error {
	p.health.Add("chain", true, ch.Health)
	if ch.RPC != nil {
		// One check per endpoint (a warning: failover covers it) and one for all of them
		// (critical: no endpoint answers).
		for i, st := range ch.RPC.Status() {
			p.health.Add("rpc."+st.Name, false, func(context.Context) error {
				if now := ch.RPC.Status()[i]; now.Open {
					return fmt.Errorf("circuit open after %d failures: %s", now.Failures, now.LastErr)
				}
				return nil
			})
		}
		p.health.Add("rpc", true, func(context.Context) error {
			if !ch.RPC.Healthy() {
				return errors.New("no RPC endpoint answers")
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
