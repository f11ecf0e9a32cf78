package main

import (
	"context"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/redisbridge"
)

// projections returns the projector and queue sampler to run inside up, mounting their
// HTTP API on the process's server.
func (c *upCmd) projections(_ context.Context, p *process, rf redisFlags) ([]func(context.Context) error, func(), error) {
	proj, err := projections.NewDeployments(p.js, projections.Config{Logger: p.log, Registerer: p.reg})
	if err != nil {
		return nil, nil, err
	}
	rc, err := redisbridge.NewRedisClient(rf.config().Redis)
	if err != nil {
		return nil, nil, err
	}
	q, err := projections.NewQueues(p.js, projections.QueuesConfig{
		Lists: queueLists(rf.cfg.Lists), Redis: projections.GoRedis(rc), Logger: p.log, Registerer: p.reg,
	})
	if err != nil {
		_ = rc.Close()
		return nil, nil, err
	}
	p.health.Add("projection.deployments", false, proj.LagCheck(10000))
	projections.NewAPI(proj, q).Mount(p.http.Mux)
	return []func(context.Context) error{proj.Run, q.Run}, func() { _ = rc.Close() }, nil
}
