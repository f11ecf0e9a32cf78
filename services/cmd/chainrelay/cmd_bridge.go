package main

import (
	"context"
)

type bridgeCmd struct{}

func (c *bridgeCmd) Usage() string {
	return "chainrelay bridge — mirror the legacy Redis lists to and from JetStream\n"
}

func (c *bridgeCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
