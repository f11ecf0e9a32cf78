package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chainrelay/chainrelay/projections"
)

type statusCmd struct{ out io.Writer }

func (c *statusCmd) Usage() string {
	return `chainrelay status — show deployment state

Usage: chainrelay status [flags] [model_id]

Without a model id, a table of models (filter with --status); with one, that model's
detail: every request, every transaction, the last error. Reads the deployments
projection from KV over NATS.
`
}

func (c *statusCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	var common commonFlags
	common.register(fs, false, "127.0.0.1:0")
	statuses := fs.String("status", "", "only models in these statuses, comma-separated")
	limit := fs.Int("limit", 1000, "at most this many models")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("status: one model id at most, got %d", fs.NArg())
	}
	opts := projections.ListOptions{Limit: *limit}
	if *statuses != "" {
		for _, s := range strings.Split(*statuses, ",") {
			st, ok := projections.ParseStatus(strings.TrimSpace(s))
			if !ok {
				return fmt.Errorf("status: unknown status %q", s)
			}
			opts.Status = append(opts.Status, st)
		}
	}
	p, err := common.start(ctx, "status")
	if err != nil {
		return err
	}
	defer p.Close()
	store, err := projections.OpenStore(ctx, p.js)
	if err != nil {
		return err
	}
	if fs.NArg() == 1 {
		d, err := store.Get(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(c.out, d)
		}
		printDeployment(c.out, d)
		return nil
	}
	page, err := store.List(ctx, opts)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(c.out, page)
	}
	printDeployments(c.out, page.Items)
	if page.Next != "" {
		fmt.Fprintf(c.out, "(more models; raise --limit)\n")
	}
	return nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func ts(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

func printDeployments(w io.Writer, ds []projections.Deployment) {
	tw := table(w)
	fmt.Fprintln(tw, "MODEL\tSTATUS\tREQUEST\tATTEMPTS\tDUPS\tTOKEN\tUPDATED\tLAST ERROR")
	for _, d := range ds {
		lastErr := "-"
		if d.LastError != nil {
			lastErr = clip(d.LastError.Stage+"/"+d.LastError.Class+": "+d.LastError.Reason, 60)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", d.ModelID, d.Status, d.RequestID, d.Attempts, d.Duplicates,
			orDash(d.TokenAddress), ts(d.UpdatedAt), lastErr)
	}
	_ = tw.Flush()
}

func printDeployment(w io.Writer, d projections.Deployment) {
	tw := table(w)
	row := func(k, v string) { fmt.Fprintf(tw, "%s:\t%s\n", k, v) }
	row("model", d.ModelID)
	row("status", string(d.Status))
	row("request", d.RequestID)
	row("correlation", orDash(d.CorrelationID))
	row("token", orDash(d.TokenAddress))
	row("symbol", orDash(d.TokenSymbol))
	row("network", fmt.Sprintf("%s (chain %d)", orDash(d.Network), d.ChainID))
	row("deploy tx", orDash(d.DeployTx))
	row("registry tx", orDash(d.RegistryTx))
	row("gas used", fmt.Sprint(d.GasUsed))
	row("gas cost (wei)", orDash(d.GasCostWei))
	row("attempts", fmt.Sprint(d.Attempts))
	row("duplicates", fmt.Sprint(d.Duplicates))
	if e := d.LastError; e != nil {
		row("last error", fmt.Sprintf("%s %s/%s: %s (request %s)", ts(e.At), e.Stage, e.Class, e.Reason, e.RequestID))
	}
	if e := d.LastDuplicate; e != nil {
		row("last duplicate", fmt.Sprintf("%s request %s: %s", ts(e.At), e.RequestID, e.Reason))
	}
	s := d.Steps
	for _, st := range []struct {
		name string
		at   time.Time
	}{{"requested", s.Requested}, {"validated", s.Validated}, {"rejected", s.Rejected}, {"submitted", s.Submitted},
		{"deployed", s.Deployed}, {"registered", s.Registered}, {"published", s.Published}, {"failed", s.Failed}, {"dropped", s.Dropped}} {
		if !st.at.IsZero() {
			row("  "+st.name, ts(st.at))
		}
	}
	row("events", fmt.Sprintf("%d (last seq %d)", d.Events, d.Seq))
	_ = tw.Flush()

	fmt.Fprintln(w, "\nREQUESTS")
	tw = table(w)
	fmt.Fprintln(tw, "REQUEST\tRETRY\tSTATUS\tSTAGE\tCLASS\tREQUESTED\tNOTE")
	for _, r := range d.Requests {
		note := clip(r.Error, 60)
		if r.DroppedBy != "" {
			note = "dropped by " + r.DroppedBy + ": " + r.DropReason
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.RequestID, r.Retry, r.Status, orDash(r.Stage), orDash(r.Class), ts(r.Steps.Requested), orDash(note))
	}
	_ = tw.Flush()
	if len(d.Transactions) > 0 {
		fmt.Fprintln(w, "\nTRANSACTIONS")
		tw = table(w)
		fmt.Fprintln(tw, "REQUEST\tHASH\tNONCE\tFEE CAP\tSENT")
		for _, tx := range d.Transactions {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", tx.RequestID, tx.Hash, tx.Nonce, orDash(tx.GasFeeCap+tx.GasPrice), ts(tx.SentAt))
		}
		_ = tw.Flush()
	}
}
