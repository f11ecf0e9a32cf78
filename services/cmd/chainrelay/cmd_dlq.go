package main

import (
	"context"
	"io"
)

type dlqCmd struct{ out io.Writer }

func (c *dlqCmd) Usage() string {
	return "chainrelay dlq — list, show, retry or drop dead letters\n"
}

func (c *dlqCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
