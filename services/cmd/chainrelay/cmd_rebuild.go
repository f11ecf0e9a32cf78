package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/chainrelay/chainrelay/projections"
)

type rebuildCmd struct{ out io.Writer }

func (c *rebuildCmd) Usage() string {
	return `chainrelay rebuild — rebuild a projection from the log

Usage: chainrelay rebuild [flags] deployments

Replays HOKUSAI from sequence 1 into a fresh state, compares it with the stored one and
replaces what differs (--compare-only to leave it). The log itself is never changed.
`
}

func (c *rebuildCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rebuild", flag.ContinueOnError)
	var common commonFlags
	common.register(fs, false, "127.0.0.1:0")
	compareOnly := fs.Bool("compare-only", false, "report differences without replacing the stored state")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "deployments" {
		return fmt.Errorf("rebuild: name the projection to rebuild (deployments)")
	}
	p, err := common.start(ctx, "rebuild")
	if err != nil {
		return err
	}
	defer p.Close()
	bar := progressBar{w: c.out, live: isTerminal(c.out)}
	res, err := projections.Rebuild(ctx, p.js, projections.RebuildOptions{Replace: !*compareOnly, Progress: bar.update})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "rebuilt deployments: %d events, %d models, up to seq %d in %s (%.0f events/s)\n",
		res.Events, res.Models, res.LastSeq, res.Elapsed.Round(time.Millisecond), res.Rate)
	if res.Ahead > 0 {
		fmt.Fprintf(c.out, "%d stored states are newer than the replay (a projector is running) and were not compared\n", res.Ahead)
	}
	if len(res.Diffs) == 0 {
		fmt.Fprintln(c.out, "stored state matches the log")
		return nil
	}
	fmt.Fprintf(c.out, "%d models differ from the log:\n", len(res.Diffs))
	for i, d := range res.Diffs {
		if i == 20 {
			fmt.Fprintf(c.out, "  … and %d more\n", len(res.Diffs)-20)
			break
		}
		fmt.Fprintf(c.out, "  %-8s %s %s\n", d.Kind, d.ModelID, strings.Join(d.Fields, ","))
	}
	if res.Replaced {
		fmt.Fprintln(c.out, "replaced the stored state with the rebuilt one")
	} else {
		fmt.Fprintln(c.out, "stored state left as it is (--compare-only)")
	}
	return nil
}

// isTerminal reports whether w is a character device, where the bar redraws in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[#####-----]  50.0%  500/1000 events  1234 events/s" in place on a
// terminal, and a line per quarter elsewhere.
type progressBar struct {
	w       io.Writer
	live    bool
	quarter uint64
}

func (b *progressBar) update(p projections.Progress) {
	const width = 30
	frac := 1.0
	if p.Total > 0 {
		frac = float64(p.Events) / float64(p.Total)
	}
	filled := int(frac * width)
	line := fmt.Sprintf("[%s%s] %5.1f%%  %d/%d events  %.0f events/s",
		strings.Repeat("#", filled), strings.Repeat("-", width-filled), frac*100, p.Events, p.Total, p.Rate)
	switch {
	case b.live:
		fmt.Fprintf(b.w, "\r%s", line)
		if p.Done {
			fmt.Fprintln(b.w)
		}
	case p.Done || uint64(frac*4) > b.quarter:
		b.quarter = uint64(frac * 4)
		fmt.Fprintln(b.w, line)
	}
}
