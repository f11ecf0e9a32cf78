package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/schemas"
)

type dlqCmd struct {
	out io.Writer
	// now is the clock stamped on retries and drops; nil means time.Now.
	now func() time.Time
}

func (c *dlqCmd) Usage() string {
	return `chainrelay dlq — list, show, retry or drop dead letters

Usage:
  chainrelay dlq list [flags]                          rejected and failed requests
  chainrelay dlq show [flags] <model_id> [request_id]  every event of a model (or request)
  chainrelay dlq retry [flags] <model_id> <request_id> re-inject the original message
  chainrelay dlq drop [flags] --reason R <model_id> <request_id>

retry publishes the original message again as a new request <request>-retry<N>;
drop records the operator's decision as an event. Nothing is deleted from the log.
`
}

func (c *dlqCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		return flag.ErrHelp
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("dlq "+sub, flag.ContinueOnError)
	var common commonFlags
	common.register(fs, false, "127.0.0.1:0")
	var operator, reason string
	all := false
	switch sub {
	case "list":
		fs.BoolVar(&all, "all", false, "include duplicates and requests retried since")
	case "show", "retry":
	case "drop":
		fs.StringVar(&operator, "operator", os.Getenv("USER"), "who decides (default $USER)")
		fs.StringVar(&reason, "reason", "", "why the request is given up (required)")
	default:
		return fmt.Errorf("dlq: unknown subcommand %q (list, show, retry, drop)", sub)
	}
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pos := fs.Args()
	switch {
	case sub == "list" && len(pos) != 0:
		return fmt.Errorf("dlq list: unexpected arguments %v", pos)
	case sub == "show" && (len(pos) < 1 || len(pos) > 2):
		return fmt.Errorf("dlq show: want <model_id> [request_id]")
	case (sub == "retry" || sub == "drop") && len(pos) != 2:
		return fmt.Errorf("dlq %s: want <model_id> <request_id>", sub)
	case sub == "drop" && strings.TrimSpace(reason) == "":
		return fmt.Errorf("dlq drop: --reason is required")
	case sub == "drop" && operator == "":
		return fmt.Errorf("dlq drop: --operator is required when $USER is not set")
	}
	p, err := common.start(ctx, "dlq")
	if err != nil {
		return err
	}
	defer p.Close()
	now := time.Now
	if c.now != nil {
		now = c.now
	}

	switch sub {
	case "list":
		store, err := projections.OpenStore(ctx, p.js)
		if err != nil {
			return err
		}
		states, err := store.All(ctx)
		if err != nil {
			return err
		}
		var dls []projections.DeadLetter
		for _, dl := range projections.DeadLetters(sortedByModel(states)) {
			if all || (!dl.Duplicate && dl.RetriedAs == "") {
				dls = append(dls, dl)
			}
		}
		if *asJSON {
			return printJSON(c.out, dls)
		}
		tw := table(c.out)
		fmt.Fprintln(tw, "MODEL\tREQUEST\tSTATUS\tSTAGE\tCLASS\tAT\tNOTE\tERROR")
		for _, dl := range dls {
			note := "-"
			switch {
			case dl.RetriedAs != "":
				note = "retried as " + dl.RetriedAs
			case dl.Duplicate:
				note = "duplicate"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", dl.ModelID, dl.RequestID, dl.Status, orDash(dl.Stage), orDash(dl.Class), ts(dl.At), note, clip(dl.Error, 70))
		}
		_ = tw.Flush()
		fmt.Fprintf(c.out, "%d dead letters\n", len(dls))
		return nil

	case "show":
		hist, err := projections.History(ctx, p.js, pos[0])
		if err != nil {
			return err
		}
		if len(pos) == 2 {
			kept := hist[:0]
			for _, ev := range hist {
				if ev.RequestID() == pos[1] {
					kept = append(kept, ev)
				}
			}
			hist = kept
		}
		if len(hist) == 0 {
			return fmt.Errorf("dlq show: no events for %s: %w", strings.Join(pos, " "), projections.ErrNotFound)
		}
		if *asJSON {
			return printJSON(c.out, hist)
		}
		printHistory(c.out, hist)
		return nil

	case "retry":
		res, err := projections.Retry(ctx, p.js, pos[0], pos[1], now())
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(c.out, res)
		}
		if res.Duplicate {
			fmt.Fprintf(c.out, "retry %s of %s was published already (seq %d)\n", res.Request.RequestID, pos[0], res.Seq)
			return nil
		}
		fmt.Fprintf(c.out, "retried %s of %s as %s (retry %d) at seq %d\n", pos[1], pos[0], res.Request.RequestID, res.Request.Retry, res.Seq)
		return nil

	default: // drop
		ev, seq, err := projections.Drop(ctx, p.js, pos[0], pos[1], operator, reason, now())
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(c.out, ev)
		}
		fmt.Fprintf(c.out, "dropped %s of %s by %s at seq %d: %s\n", pos[1], pos[0], ev.Operator, seq, ev.Reason)
		return nil
	}
}

func sortedByModel(ds []projections.Deployment) []projections.Deployment {
	out := slices.Clone(ds)
	slices.SortFunc(out, func(a, b projections.Deployment) int { return strings.Compare(a.ModelID, b.ModelID) })
	return out
}

// printHistory writes one block per event: a header line, then what the event says.
func printHistory(w io.Writer, hist []projections.Event) {
	for _, ev := range hist {
		fmt.Fprintf(w, "#%d  %s  %-10s request=%s  msg-id=%s\n", ev.Seq, ts(ev.At()), ev.Type, ev.RequestID(), ev.MsgID)
		line := func(format string, a ...any) { fmt.Fprintf(w, "      "+format+"\n", a...) }
		switch b := ev.Body.(type) {
		case schemas.Requested:
			line("queue=%s retry=%d", b.Queue, b.Retry)
			line("raw: %s", b.Raw)
		case schemas.Validated:
			line("symbol=%s name=%q metric=%s improvement=%g", b.Request.TokenSymbol, b.Request.TokenName, b.Request.MetricName, b.Request.Improvement)
		case schemas.Rejected:
			line("stage=%s class=%s attempts=%d", b.Stage, b.Class, b.Attempts)
			for _, r := range b.Reasons {
				line("- %s", r)
			}
			if b.ExistingToken != "" {
				line("existing token %s", b.ExistingToken)
			}
			line("raw: %s", b.Raw)
		case schemas.Submitted:
			line("network=%s from=%s predicted=%s", b.Network, b.From, b.PredictedAddress)
			line("tx=%s nonce=%d gas_limit=%d fee_cap=%s tip_cap=%s", b.Attempt.Hash, b.Attempt.Nonce, b.Attempt.GasLimit, orDash(b.Attempt.GasFeeCap+b.Attempt.GasPrice), orDash(b.Attempt.GasTipCap))
		case schemas.Deployed:
			line("token=%s tx=%s block=%d gas_used=%d", b.Token.Address, b.Token.Deploy.TxHash, b.Token.Deploy.BlockNumber, b.Token.Deploy.GasUsed)
		case schemas.Registered:
			line("registry=%s tx=%s already_registered=%v", b.Registration.Registry, orDash(b.Registration.Receipt.TxHash), b.Registration.AlreadyRegistered)
		case schemas.Published:
			line("token=%s", b.Token)
			line("message: %s", b.Message)
		case schemas.Failed:
			line("stage=%s class=%s attempts=%d input=%s#%d", b.Stage, b.Class, b.Attempts, b.InputSubject, b.InputSeq)
			line("reason: %s", b.Reason)
		case schemas.Dropped:
			line("operator=%s reason: %s", b.Operator, b.Reason)
		}
	}
}
