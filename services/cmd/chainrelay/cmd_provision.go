package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/chainrelay/chainrelay/schemas"
)

type provisionCmd struct{ out io.Writer }

func (c *provisionCmd) Usage() string {
	return `chainrelay provision — create or update streams, consumers and KV buckets

Idempotent; a change that would lose data (fewer subjects, a shorter age limit,
allowing deletes or purges, …) is refused.
`
}

func (c *provisionCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("provision", flag.ContinueOnError)
	var common commonFlags
	common.register(fs, false, "127.0.0.1:0")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := common.start(ctx, "provision")
	if err != nil {
		return err
	}
	defer p.Close()
	for _, name := range []string{schemas.StreamHokusai, schemas.StreamStellar} {
		s, err := p.js.Stream(ctx, name)
		if err != nil {
			return fmt.Errorf("stream %s: %w", name, err)
		}
		info := s.CachedInfo()
		fmt.Fprintf(c.out, "stream %-8s subjects=%v replicas=%d duplicates=%s messages=%d\n",
			name, info.Config.Subjects, info.Config.Replicas, info.Config.Duplicates, info.State.Msgs)
	}
	return nil
}
