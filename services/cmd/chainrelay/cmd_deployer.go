package main

import (
	"context"
	"flag"

	"github.com/chainrelay/chainrelay/services/pipeline"
)

type deployerCmd struct{}

func (c *deployerCmd) Usage() string {
	return "chainrelay deployer — run the deployer stage (validated -> submitted, deployed)\n"
}

func (c *deployerCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("deployer", flag.ContinueOnError)
	var common commonFlags
	var sf stageFlags
	common.register(fs, false, "127.0.0.1:8083")
	sf.register(fs, 256)
	var cf chainFlags
	cf.register(fs, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := common.start(ctx, "deployer")
	if err != nil {
		return err
	}
	defer p.Close()
	ch, err := pipeline.OpenChain(ctx, cf.config(p.reg), p.js, p.log)
	if err != nil {
		return err
	}
	defer ch.Close()
	if err := addChainHealth(p, ch); err != nil {
		return err
	}
	r, err := pipeline.Deployer(ctx, pipeline.Deps{JS: p.js, Chain: ch, Logger: p.log, Metrics: p.metrics}, sf.concurrency)
	if err != nil {
		return err
	}
	return serve(ctx, p, r.Run)
}
