package main

import (
	"context"
	"io"
)

type upCmd struct{ out io.Writer }

func (c *upCmd) Usage() string {
	return "chainrelay up — run everything in one process on embedded defaults\n"
}

func (c *upCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
