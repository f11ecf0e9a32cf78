package main

import (
	"context"
)

type projectorCmd struct{}

func (c *projectorCmd) Usage() string {
	return "chainrelay projector — maintain the deployment projections\n"
}

func (c *projectorCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
