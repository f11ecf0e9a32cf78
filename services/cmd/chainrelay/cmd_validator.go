package main

import (
	"context"
)

type validatorCmd struct{}

func (c *validatorCmd) Usage() string {
	return "chainrelay validator — run the validator stage\n"
}

func (c *validatorCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
