package main

import (
	"context"
)

type registrarCmd struct{}

func (c *registrarCmd) Usage() string {
	return "chainrelay registrar — run the registrar stage\n"
}

func (c *registrarCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
