package main

import (
	"context"
	"flag"

	"golang.org/x/sync/errgroup"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// stageFlags are the options of a deploy stage role.
type stageFlags struct {
	concurrency int
}

func (s *stageFlags) register(fs *flag.FlagSet, def int) {
	fs.IntVar(&s.concurrency, "concurrency", envInt("concurrency", def), "inputs handled at once (env "+envName("concurrency")+")")
}

// newStage builds the runner of one deploy stage on the process's JetStream.
func newStage(p *process, name, consumer string, concurrency int, h stage.Handler) (*stage.Runner, error) {
	return stage.New(p.js, stage.Config{
		Name: name, Stream: schemas.StreamHokusai, Consumer: consumer, Concurrency: concurrency,
		Logger: p.log, Metrics: p.metrics,
	}, h)
}

// serve runs the HTTP endpoint beside fns until ctx is done or one of them fails, then
// marks the process ready once every function has started.
func serve(ctx context.Context, p *process, fns ...func(context.Context) error) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return p.http.Run(ctx) })
	for _, fn := range fns {
		g.Go(func() error { return fn(ctx) })
	}
	p.health.SetReady(true)
	return g.Wait()
}
