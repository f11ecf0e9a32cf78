package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/redisbridge"
)

type queuesCmd struct{ out io.Writer }

func (c *queuesCmd) Usage() string {
	return `chainrelay queues — show queue depths

Usage: chainrelay queues [flags]

The legacy Redis lists (inbound, processing, outbound, dlq) and, per deploy stage, the
JetStream consumer's pending, ack-pending and redelivered counts. --no-redis skips Redis.
`
}

func (c *queuesCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("queues", flag.ContinueOnError)
	var common commonFlags
	var rf redisFlags
	common.register(fs, false, "127.0.0.1:0")
	rf.register(fs)
	noRedis := fs.Bool("no-redis", false, "do not read the Redis lists")
	asJSON := fs.Bool("json", false, "print JSON instead of tables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("queues: unexpected arguments %v", fs.Args())
	}
	p, err := common.start(ctx, "queues")
	if err != nil {
		return err
	}
	defer p.Close()
	cfg := projections.QueuesConfig{History: 1, Lists: queueLists(rf.cfg.Lists)}
	if !*noRedis {
		rc, err := redisbridge.NewRedisClient(rf.config().Redis)
		if err != nil {
			return err
		}
		defer rc.Close()
		cfg.Redis = projections.GoRedis(rc)
	}
	q, err := projections.NewQueues(p.js, cfg)
	if err != nil {
		return err
	}
	s := q.Sample(ctx)
	if *asJSON {
		return printJSON(c.out, s)
	}
	printQueues(c.out, s)
	return nil
}

// queueLists names the bridge's configured lists by role.
func queueLists(l redisbridge.Lists) []projections.NamedList {
	return []projections.NamedList{
		{Name: "inbound", Key: l.Inbound},
		{Name: "processing", Key: l.Processing},
		{Name: "outbound", Key: l.Outbound},
		{Name: "dlq", Key: l.DeadLetter},
	}
}

func printQueues(w io.Writer, s projections.QueueSample) {
	if len(s.Lists) > 0 {
		tw := table(w)
		fmt.Fprintln(tw, "LIST\tKEY\tLENGTH")
		for _, l := range s.Lists {
			n := fmt.Sprint(l.Length)
			if l.Error != "" {
				n = "error: " + l.Error
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", l.Name, l.Key, n)
		}
		_ = tw.Flush()
		fmt.Fprintln(w)
	}
	tw := table(w)
	fmt.Fprintln(tw, "STAGE\tPENDING\tACK PENDING\tREDELIVERED")
	for _, st := range s.Stages {
		if st.Error != "" {
			fmt.Fprintf(tw, "%s\terror: %s\t\t\n", st.Stage, st.Error)
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", st.Stage, st.Pending, st.AckPending, st.Redelivered)
	}
	_ = tw.Flush()
}
