package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/chainrelay/chainrelay/services/pipeline"
)

type contractsCmd struct{ out io.Writer }

func (c *contractsCmd) Usage() string {
	return `chainrelay contracts — deploy the Hokusai contracts to a network

Usage: chainrelay contracts deploy --network N [--rpc-url U] --key-file F [flags]

Sends TokenManager and ModelRegistry, owned by the signing key (the deployer and
registrar must sign with it), waits until both have code and records their addresses in
the JetStream chain bucket, where the deployer and registrar find them.
`
}

func (c *contractsCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "deploy" {
		return flag.ErrHelp
	}
	fs := flag.NewFlagSet("contracts deploy", flag.ContinueOnError)
	var common commonFlags
	var cf chainFlags
	common.register(fs, false, "127.0.0.1:0")
	cf.register(fs, false)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	p, err := common.start(ctx, "contracts")
	if err != nil {
		return err
	}
	defer p.Close()
	a, err := pipeline.DeployContracts(ctx, cf.config(nil), p.js, p.log)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "network        %s\ntoken_manager  %s\nmodel_registry %s\nimplementation %s\n",
		cf.cfg.Network, a.TokenManager.Hex(), a.ModelRegistry.Hex(), a.Implementation.Hex())
	return nil
}
