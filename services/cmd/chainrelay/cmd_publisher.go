package main

import (
	"context"
	"flag"

	"github.com/chainrelay/chainrelay/services/pipeline"
)

type publisherCmd struct{}

func (c *publisherCmd) Usage() string {
	return "chainrelay publisher — run the publisher stage (registered -> TokenDeployed message)\n"
}

func (c *publisherCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("publisher", flag.ContinueOnError)
	var common commonFlags
	var sf stageFlags
	common.register(fs, false, "127.0.0.1:8085")
	sf.register(fs, 32)
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := common.start(ctx, "publisher")
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := pipeline.Publisher(ctx, pipeline.Deps{JS: p.js, Logger: p.log, Metrics: p.metrics}, sf.concurrency)
	if err != nil {
		return err
	}
	return serve(ctx, p, r.Run)
}
