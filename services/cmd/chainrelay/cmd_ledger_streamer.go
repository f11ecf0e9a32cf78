package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/network"

	ledgerstreamer "github.com/chainrelay/chainrelay/services/ledger-streamer"
	"github.com/chainrelay/chainrelay/services/stellar"
	"github.com/chainrelay/chainrelay/streams"
)

type ledgerStreamerCmd struct{}

func (c *ledgerStreamerCmd) Usage() string {
	return `chainrelay ledger-streamer — stream Stellar contract invocations onto JetStream

Reads ledgers from one source and publishes every Soroban invocation on
stellar.<network>.invocation.<kind>.<contract>.<function>, resuming after the network's
cursor in the cursors bucket. Sources (exactly one):
  --file F                      a ledger file (zstd LedgerCloseMeta stream or Galexie batch)
  --datastore-type T --datastore-path P
                                a Galexie datastore: Filesystem, S3 or GCS (the data lake)
  --rpc-url U                   Stellar RPC (getLedgers), live
--start is the first ledger when the network has no cursor yet (a file starts at its
first ledger); --end stops after a ledger (0: never).
`
}

// ledgerStreamerFlags are the role's own options.
type ledgerStreamerFlags struct {
	file, format                    string
	dsType, dsPath, dsRegion, dsURL string
	rpcURL                          string
	passphrase, network             string
	start, end                      string
	workers                         int
}

func (f *ledgerStreamerFlags) register(fs *flag.FlagSet) {
	stringFlag(fs, &f.file, "file", "", "ledger file")
	stringFlag(fs, &f.format, "format", string(stellar.FormatAuto), "ledger file format: auto, stream or galexie")
	stringFlag(fs, &f.dsType, "datastore-type", "", "Galexie datastore type: Filesystem, S3 or GCS")
	stringFlag(fs, &f.dsPath, "datastore-path", "", "datastore directory or bucket path")
	stringFlag(fs, &f.dsRegion, "datastore-region", "", "S3 region")
	stringFlag(fs, &f.dsURL, "datastore-endpoint", "", "S3 endpoint URL")
	stringFlag(fs, &f.rpcURL, "rpc-url", "", "Stellar RPC URL")
	stringFlag(fs, &f.passphrase, "passphrase", network.PublicNetworkPassphrase, "network passphrase")
	stringFlag(fs, &f.network, "network", "", "network name in subjects and the cursor key (default: from the passphrase)")
	stringFlag(fs, &f.start, "start", "0", "first ledger when there is no cursor")
	stringFlag(fs, &f.end, "end", "0", "last ledger (0: stream without end)")
	fs.IntVar(&f.workers, "workers", envInt("workers", 0), "ledgers decoded and extracted in parallel (0: one per core) (env "+envName("workers")+")")
}

// source opens the one source the flags name.
func (f *ledgerStreamerFlags) source(ctx context.Context) (ledgerbackend.LedgerBackend, error) {
	n := 0
	for _, s := range []string{f.file, f.dsType, f.rpcURL} {
		if s != "" {
			n++
		}
	}
	if n != 1 {
		return nil, errors.New("ledger-streamer: give exactly one of --file, --datastore-type or --rpc-url")
	}
	switch {
	case f.file != "":
		format, err := stellar.ParseFileFormat(f.format)
		if err != nil {
			return nil, err
		}
		return stellar.OpenFile(f.file, format)
	case f.dsType != "":
		params := map[string]string{"destination_path": f.dsPath}
		if f.dsRegion != "" {
			params["region"] = f.dsRegion
		}
		if f.dsURL != "" {
			params["endpoint_url"] = f.dsURL
		}
		return stellar.NewDatastoreBackend(ctx, stellar.DatastoreConfig{Type: f.dsType, Params: params, Passphrase: f.passphrase})
	default:
		return stellar.NewRPCBackend(stellar.RPCConfig{URL: f.rpcURL})
	}
}

func parseLedger(name, s string) (uint32, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("ledger-streamer: --%s %q: %w", name, s, err)
	}
	return uint32(n), nil
}

func (c *ledgerStreamerCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ledger-streamer", flag.ContinueOnError)
	var common commonFlags
	var lf ledgerStreamerFlags
	common.register(fs, false, "127.0.0.1:8087")
	lf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	start, err := parseLedger("start", lf.start)
	if err != nil {
		return err
	}
	end, err := parseLedger("end", lf.end)
	if err != nil {
		return err
	}
	ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: lf.passphrase, Network: lf.network})
	if err != nil {
		return fmt.Errorf("ledger-streamer: %w", err)
	}
	src, err := lf.source(ctx)
	if err != nil {
		return err
	}
	defer src.Close()

	p, err := common.start(ctx, "ledger-streamer")
	if err != nil {
		return err
	}
	defer p.Close()
	cursors, err := p.js.KeyValue(ctx, streams.BucketCursors)
	if err != nil {
		return fmt.Errorf("ledger-streamer: cursor bucket: %w", err)
	}
	s, err := ledgerstreamer.New(ledgerstreamer.Config{
		JS: p.js, Cursors: cursors, Source: src, Extractor: ex,
		Start: start, End: end, Workers: lf.workers, Registerer: p.reg, Logger: p.log,
	})
	if err != nil {
		return err
	}
	// The HTTP endpoint lives as long as the streamer: a bounded range ends the process.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	httpDone := make(chan error, 1)
	go func() { httpDone <- p.http.Run(ctx) }()
	p.health.SetReady(true)
	err = s.Run(ctx)
	cancel()
	<-httpDone
	if err != nil {
		return fmt.Errorf("ledger-streamer: %w", err)
	}
	return nil
}
