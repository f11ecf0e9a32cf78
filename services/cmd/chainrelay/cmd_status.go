package main

import (
	"context"
	"io"
)

type statusCmd struct{ out io.Writer }

func (c *statusCmd) Usage() string {
	return "chainrelay status — show deployment state\n"
}

func (c *statusCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
