package main

import (
	"context"
)

type publisherCmd struct{}

func (c *publisherCmd) Usage() string {
	return "chainrelay publisher — run the publisher stage\n"
}

func (c *publisherCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
