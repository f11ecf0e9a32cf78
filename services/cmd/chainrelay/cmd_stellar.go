package main

import (
	"context"
	"io"
)

type stellarCmd struct{ out io.Writer }

func (c *stellarCmd) Usage() string {
	return "chainrelay stellar — Stellar tools (extract)\n"
}

func (c *stellarCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
