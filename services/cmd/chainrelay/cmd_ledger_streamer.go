package main

import (
	"context"
)

type ledgerStreamerCmd struct{}

func (c *ledgerStreamerCmd) Usage() string {
	return "chainrelay ledger-streamer — stream Stellar contract invocations onto JetStream\n"
}

func (c *ledgerStreamerCmd) Run(_ context.Context, _ []string) error { return errNotBuilt }
