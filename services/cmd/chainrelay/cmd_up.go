package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/chainrelay/chainrelay/redisbridge"
	"github.com/chainrelay/chainrelay/services/pipeline"
)

type upCmd struct{ out io.Writer }

func (c *upCmd) Usage() string {
	return `chainrelay up — run everything in one process on embedded defaults

Embedded NATS JetStream (file store under --data-dir), the simulated EVM chain with
the Hokusai contracts deployed (or --network with --rpc-url and a key), the Redis
bridge, the validator, deployer, registrar and publisher stages, the projector and the
HTTP API; with --stellar-file, a ledger streamer over that file. With --demo it pushes
sample messages onto the inbound list and prints where each one ends.
`
}

func (c *upCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	var common commonFlags
	var rf redisFlags
	var cf chainFlags
	common.register(fs, true, "127.0.0.1:8080")
	rf.register(fs)
	cf.register(fs, true)
	var us upStellar
	us.register(fs)
	demo := fs.Bool("demo", envBool("demo", false), "push sample messages and show where each one ends (env "+envName("demo")+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := common.start(ctx, "up")
	if err != nil {
		return err
	}
	defer p.Close()

	ch, err := openChain(ctx, p, cf)
	if err != nil {
		return err
	}
	defer ch.Close()
	a := ch.Addresses()
	p.log.Info("chain ready", "network", ch.Net.Name, "chain_id", ch.Net.ChainID,
		"token_manager", a.TokenManager.Hex(), "model_registry", a.ModelRegistry.Hex(), "deployer", ch.Target().From)
	if ch.Sim != nil {
		p.log.Warn("the simulated chain lives in memory: tokens of earlier runs are not on it; use a fresh --data-dir per run or a real network")
	}

	runners, err := pipeline.Stages(ctx, pipeline.Deps{JS: p.js, Chain: ch, Logger: p.log, Metrics: p.metrics}, pipeline.DefaultConcurrency())
	if err != nil {
		return err
	}
	br, err := redisbridge.New(rf.config(), p.nc, p.log, p.reg)
	if err != nil {
		return err
	}
	defer br.Close()
	p.health.Add("redis", true, br.Ping)

	fns := []func(context.Context) error{br.Run}
	for _, r := range runners {
		fns = append(fns, r.Run)
	}
	extra, closeProjections, err := c.projections(ctx, p, rf)
	if err != nil {
		return err
	}
	defer closeProjections()
	fns = append(fns, extra...)
	stream, err := us.streamer(ctx, p)
	if err != nil {
		return err
	}
	if stream != nil {
		fns = append(fns, stream)
	}
	if *demo {
		fns = append(fns, func(ctx context.Context) error {
			if err := runDemo(ctx, c.out, rf.config(), p.http.Addr()); err != nil || stream == nil {
				return err
			}
			return reportStellar(ctx, c.out, p.js)
		})
	}
	fmt.Fprintf(c.out, "chainrelay up: http://%s (healthz, readyz, metrics, v1/deployments, v1/queues); Ctrl-C stops\n", p.http.Addr())
	return serve(ctx, p, fns...)
}
