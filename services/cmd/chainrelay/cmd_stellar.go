package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/stellar/go-stellar-sdk/network"

	"github.com/chainrelay/chainrelay/services/stellar"
)

type stellarCmd struct{ out io.Writer }

func (c *stellarCmd) Usage() string {
	return `chainrelay stellar — Stellar tools (extract)

Usage:
  chainrelay stellar extract --file F [--passphrase P] [--network N] [--format auto|stream|galexie]

extract prints every Soroban invocation of the ledgers in F as JSON Lines, one object
per invocation (calls, contract creations, Wasm uploads, restorations, TTL extensions),
in ledger and application order. No NATS is needed. F is a zstd stream of
LedgerCloseMeta or a Galexie batch file (LedgerCloseMetaBatch).
`
}

func (c *stellarCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("stellar: missing subcommand (extract): %w", flag.ErrHelp)
	}
	switch args[0] {
	case "extract":
		return c.extract(ctx, args[1:])
	case "-h", "--help", "help":
		return flag.ErrHelp
	}
	return fmt.Errorf("stellar: unknown subcommand %q", args[0])
}

func (c *stellarCmd) extract(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("stellar extract", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		file       = fs.String("file", "", "ledger file (required)")
		passphrase = fs.String("passphrase", network.PublicNetworkPassphrase, "network passphrase")
		netName    = fs.String("network", "", "network name written in events (default: from the passphrase, or \"custom\")")
		format     = fs.String("format", string(stellar.FormatAuto), "file format: auto, stream or galexie")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" {
		return errors.New("stellar extract: --file is required")
	}
	ff, err := stellar.ParseFileFormat(*format)
	if err != nil {
		return fmt.Errorf("stellar extract: %w", err)
	}
	name := *netName
	if name == "" {
		if name = stellar.NetworkName(*passphrase); name == "" {
			name = "custom"
		}
	}
	ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: *passphrase, Network: name})
	if err != nil {
		return fmt.Errorf("stellar extract: %w", err)
	}
	src, err := stellar.OpenFile(*file, ff)
	if err != nil {
		return fmt.Errorf("stellar extract: %w", err)
	}
	defer src.Close()

	w := bufio.NewWriterSize(c.out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, seq := range src.Sequences() {
		if err := ctx.Err(); err != nil {
			return err
		}
		lcm, err := src.GetLedger(ctx, seq)
		if err != nil {
			_ = w.Flush()
			return fmt.Errorf("stellar extract: %w", err)
		}
		invs, err := ex.Ledger(lcm)
		if err != nil {
			_ = w.Flush()
			return fmt.Errorf("stellar extract: %s: %w", src.Name(), err)
		}
		for i := range invs {
			if err := enc.Encode(&invs[i]); err != nil {
				return fmt.Errorf("stellar extract: write: %w", err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("stellar extract: write: %w", err)
	}
	if err := src.TailErr(); err != nil {
		return fmt.Errorf("stellar extract: %w", err)
	}
	return nil
}
