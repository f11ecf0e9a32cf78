package main

import (
	"context"
)

// projections returns the projector and queue sampler to run inside up, mounting their
// HTTP API on the process's server.
func (c *upCmd) projections(_ context.Context, _ *process, _ redisFlags) ([]func(context.Context) error, error) {
	return nil, nil
}
