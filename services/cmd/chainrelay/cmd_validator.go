package main

import (
	"context"
	"flag"

	"github.com/chainrelay/chainrelay/services/pipeline"
)

type validatorCmd struct{}

func (c *validatorCmd) Usage() string {
	return "chainrelay validator — run the validator stage (requested -> validated | rejected)\n"
}

func (c *validatorCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("validator", flag.ContinueOnError)
	var common commonFlags
	var sf stageFlags
	common.register(fs, false, "127.0.0.1:8082")
	sf.register(fs, 32)
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := common.start(ctx, "validator")
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := pipeline.Validator(ctx, pipeline.Deps{JS: p.js, Logger: p.log, Metrics: p.metrics}, sf.concurrency)
	if err != nil {
		return err
	}
	return serve(ctx, p, r.Run)
}
