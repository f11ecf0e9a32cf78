package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	stellarnet "github.com/stellar/go-stellar-sdk/network"

	"github.com/chainrelay/chainrelay/schemas"
	ledgerstreamer "github.com/chainrelay/chainrelay/services/ledger-streamer"
	"github.com/chainrelay/chainrelay/services/stellar"
	"github.com/chainrelay/chainrelay/streams"
)

// upStellar are up's options for streaming a Stellar ledger file in-process.
type upStellar struct {
	file, passphrase, network string
}

func (u *upStellar) register(fs interface {
	StringVar(p *string, name, value, usage string)
}) {
	fs.StringVar(&u.file, "stellar-file", envString("stellar-file", ""), "stream the Soroban invocations of this ledger file onto STELLAR (env "+envName("stellar-file")+")")
	fs.StringVar(&u.passphrase, "stellar-passphrase", envString("stellar-passphrase", stellarnet.PublicNetworkPassphrase), "network passphrase of --stellar-file (env "+envName("stellar-passphrase")+")")
	fs.StringVar(&u.network, "stellar-network", envString("stellar-network", ""), "network name in subjects (default: from the passphrase) (env "+envName("stellar-network")+")")
}

// streamer builds the ledger streamer over the file, or returns nil when none is set.
func (u *upStellar) streamer(ctx context.Context, p *process) (func(context.Context) error, error) {
	if u.file == "" {
		return nil, nil
	}
	ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: u.passphrase, Network: u.network})
	if err != nil {
		return nil, err
	}
	src, err := stellar.OpenFile(u.file, stellar.FormatAuto)
	if err != nil {
		return nil, err
	}
	cursors, err := p.js.KeyValue(ctx, streams.BucketCursors)
	if err != nil {
		_ = src.Close()
		return nil, fmt.Errorf("stellar: cursor bucket: %w", err)
	}
	s, err := ledgerstreamer.New(ledgerstreamer.Config{JS: p.js, Cursors: cursors, Source: src, Extractor: ex, Registerer: p.reg, Logger: p.log})
	if err != nil {
		_ = src.Close()
		return nil, err
	}
	return func(ctx context.Context) error {
		defer src.Close()
		// A file is a bounded range: the streamer ends, the rest of up goes on.
		return s.Run(ctx)
	}, nil
}

// reportStellar prints how many invocations reached STELLAR, per kind, once the count
// stops growing.
func reportStellar(ctx context.Context, out io.Writer, js jetstream.JetStream) error {
	stream, err := js.Stream(ctx, schemas.StreamStellar)
	if err != nil {
		return err
	}
	var last uint64
	for steady := 0; steady < 4; {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(500 * time.Millisecond):
		}
		info, err := stream.Info(ctx)
		if err != nil {
			return err
		}
		if info.State.Msgs > 0 && info.State.Msgs == last {
			steady++
		} else {
			steady = 0
		}
		last = info.State.Msgs
	}
	info, err := stream.Info(ctx, jetstream.WithSubjectFilter(schemas.SubjectsStellar))
	if err != nil {
		return err
	}
	example := ""
	for subj := range info.State.Subjects {
		example = subj
		break
	}
	fmt.Fprintf(out, "stellar: %d contract invocations on STELLAR in %d subjects, e.g. %s\n", info.State.Msgs, len(info.State.Subjects), example)
	return nil
}
