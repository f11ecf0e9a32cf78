package main

import (
	"context"
	"io"
)

type queuesCmd struct{ out io.Writer }

func (c *queuesCmd) Usage() string {
	return "chainrelay queues — show queue depths\n"
}

func (c *queuesCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
