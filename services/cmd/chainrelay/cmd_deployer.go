package main

import (
	"context"
)

type deployerCmd struct{}

func (c *deployerCmd) Usage() string {
	return "chainrelay deployer — run the deployer stage\n"
}

func (c *deployerCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
