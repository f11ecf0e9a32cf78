package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/redisbridge"
)

type projectorCmd struct{}

func (c *projectorCmd) Usage() string {
	return `chainrelay projector — maintain the deployment projections

Usage: chainrelay projector [flags]

Folds HOKUSAI into the deployments KV bucket (resuming from its cursor), samples queue
depths, and serves GET /v1/deployments[/{model_id}], /v1/queues and /v1/queues/history
beside /healthz, /readyz and /metrics.
`
}

func (c *projectorCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("projector", flag.ContinueOnError)
	var common commonFlags
	var rf redisFlags
	common.register(fs, false, "127.0.0.1:8086")
	rf.register(fs)
	noRedis := fs.Bool("no-redis", false, "do not sample the Redis lists")
	batch := fs.Int("batch", envInt("projector-batch", 50000), "events folded in memory between KV writes (env "+envName("projector-batch")+")")
	period := fs.Duration("queue-period", envDuration("queue-period", 10*time.Second), "queue sampling period (env "+envName("queue-period")+")")
	history := fs.Int("queue-history", envInt("queue-history", 360), "queue samples kept for /v1/queues/history (env "+envName("queue-history")+")")
	maxLag := fs.Uint64("max-lag", 10000, "events behind the stream before /healthz warns")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("projector: unexpected arguments %v", fs.Args())
	}
	p, err := common.start(ctx, "projector")
	if err != nil {
		return err
	}
	defer p.Close()
	proj, err := projections.NewDeployments(p.js, projections.Config{BatchSize: *batch, Logger: p.log, Registerer: p.reg})
	if err != nil {
		return err
	}
	qcfg := projections.QueuesConfig{Lists: queueLists(rf.cfg.Lists), Period: *period, History: *history, Logger: p.log, Registerer: p.reg}
	if !*noRedis {
		rc, err := redisbridge.NewRedisClient(rf.config().Redis)
		if err != nil {
			return err
		}
		defer rc.Close()
		qcfg.Redis = projections.GoRedis(rc)
	}
	q, err := projections.NewQueues(p.js, qcfg)
	if err != nil {
		return err
	}
	p.health.Add("projection.deployments", false, proj.LagCheck(*maxLag))
	if qcfg.Redis != nil {
		p.health.Add("redis", false, q.RedisHealth)
	}
	projections.NewAPI(proj, q).Mount(p.http.Mux)
	return serve(ctx, p, proj.Run, q.Run)
}
