package main

import (
	"context"
	"io"
)

type rebuildCmd struct{ out io.Writer }

func (c *rebuildCmd) Usage() string {
	return "chainrelay rebuild — rebuild a projection from the log\n"
}

func (c *rebuildCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
