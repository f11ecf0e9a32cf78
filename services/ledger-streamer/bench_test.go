package ledgerstreamer

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/services/stellar"
	"github.com/chainrelay/chainrelay/services/stellar/stellartest"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// memSource serves ledgers held in memory: the benchmark's source, so that reading a
// file is not what is measured.
type memSource struct {
	seqs []uint32
	raws map[uint32][]byte
}

var (
	_ stellar.RawLedgerBackend = (*memSource)(nil)
	_ stellar.LedgerLister     = (*memSource)(nil)
)

func (m *memSource) Sequences() []uint32 { return slices.Clone(m.seqs) }
func (m *memSource) TailErr() error      { return nil }
func (m *memSource) GetRawLedger(_ context.Context, seq uint32) ([]byte, error) {
	return m.raws[seq], nil
}
func (m *memSource) GetLedger(ctx context.Context, seq uint32) (xdr.LedgerCloseMeta, error) {
	return stellar.DecodeLedger(m.raws[seq])
}
func (m *memSource) GetLatestLedgerSequence(context.Context) (uint32, error) {
	return m.seqs[len(m.seqs)-1], nil
}
func (m *memSource) PrepareRange(context.Context, ledgerbackend.Range) error { return nil }
func (m *memSource) IsPrepared(context.Context, ledgerbackend.Range) (bool, error) {
	return true, nil
}
func (m *memSource) Close() error { return nil }

// benchLedgers returns n ledgers: the real protocol 23 ledgers 94 and 97 in turn, each
// given a sequence of its own (1000, 1001, …) so that every one is a new ledger for the
// streamer; nothing else in them is changed.
func benchLedgers(b testing.TB, n int) *memSource {
	b.Helper()
	src, err := stellar.OpenFile(stellartest.Fixture(b, stellartest.V23), stellar.FormatAuto)
	if err != nil {
		b.Fatal(err)
	}
	var real []xdr.LedgerCloseMeta
	for _, seq := range []uint32{94, 97} {
		lcm, err := src.GetLedger(context.Background(), seq)
		if err != nil {
			b.Fatal(err)
		}
		real = append(real, lcm)
	}
	m := &memSource{raws: map[uint32][]byte{}}
	for i := 0; i < n; i++ {
		lcm := real[i%2]
		seq := uint32(1000 + i)
		lcm.V2.LedgerHeader.Header.LedgerSeq = xdr.Uint32(seq)
		raw, err := lcm.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		m.seqs = append(m.seqs, seq)
		m.raws[seq] = raw
	}
	return m
}

// BenchmarkStreamerProtocol23 measures, in one run, on the protocol 23 load-test ledgers
// (100 invocations, 1,000 contract events and 5,100 diagnostic events each):
//
//  1. the SDK's decode of LedgerCloseMeta alone, on one goroutine: the baseline;
//  2. extraction as a worker does it (its prepare: extract, encode to msgpack, build the
//     messages), on one goroutine;
//  3. publishing alone: the same messages, prepared beforehand, published as the streamer
//     publishes them (asynchronously, PubAcks awaited a ledger behind, the cursor moved per
//     ledger) to embedded JetStream with file storage: what the streamer would reach if
//     extraction cost nothing;
//  4. the streamer with one decode/extract worker;
//  5. the streamer with a worker per core.
//
// Each is reported in ledgers and invocations per second and as a ratio to (1). The
// five run in turn at least three times whatever b.N is, and the best rate of each is
// reported, so that a burst of load from elsewhere on the machine does not decide a
// ratio.
func BenchmarkStreamerProtocol23(b *testing.B) {
	const ledgers = 24
	src := benchLedgers(b, ledgers)
	node := natstest.Start(b)
	ctx := context.Background()
	cursors, err := node.JS.KeyValue(ctx, streams.BucketCursors)
	if err != nil {
		b.Fatal(err)
	}
	invPerLedger := 100.0
	streamer := func(network string, workers int) *Streamer {
		ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: loadTestPassphrase, Network: network})
		if err != nil {
			b.Fatal(err)
		}
		s, err := New(Config{JS: node.JS, Cursors: cursors, Source: src, Extractor: ex, Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		return s
	}

	var decodeRate, extractRate, publishOnlyRate, serialRate, parallelRate float64
	b.ResetTimer()
	for i := 0; i < max(b.N, 3); i++ {
		start := time.Now()
		for _, seq := range src.seqs {
			if _, err := stellar.DecodeLedger(src.raws[seq]); err != nil {
				b.Fatal(err)
			}
		}
		decodeRate = max(decodeRate, ledgers/time.Since(start).Seconds())

		pub := streamer(fmt.Sprintf("bench%dpub", i), 1)
		var w worker
		jobs := make([]*job, len(src.seqs))
		start = time.Now()
		for k, seq := range src.seqs {
			j := &job{seq: seq, raw: src.raws[seq]}
			if j.msgs, err = pub.prepare(j, &w); err != nil {
				b.Fatal(err)
			}
			jobs[k] = j
		}
		extractRate = max(extractRate, ledgers/time.Since(start).Seconds())

		publishOnlyRate = max(publishOnlyRate, publishPrepared(ctx, b, pub, jobs))

		publish := func(workers int) float64 {
			s := streamer(fmt.Sprintf("bench%dw%d", i, workers), workers)
			start := time.Now()
			if err := s.Run(ctx); err != nil {
				b.Fatal(err)
			}
			return ledgers / time.Since(start).Seconds()
		}
		serialRate = max(serialRate, publish(1))
		parallelRate = max(parallelRate, publish(runtime.GOMAXPROCS(0)))
	}
	b.ReportMetric(decodeRate, "decode_ledgers/s")
	b.ReportMetric(extractRate, "extract_ledgers/s")
	b.ReportMetric(extractRate*invPerLedger, "extract_inv/s")
	b.ReportMetric(extractRate/decodeRate, "extract_x_decode")
	b.ReportMetric(publishOnlyRate, "publishonly_ledgers/s")
	b.ReportMetric(publishOnlyRate/decodeRate, "publishonly_x_decode")
	b.ReportMetric(serialRate, "publish1_ledgers/s")
	b.ReportMetric(serialRate*invPerLedger, "publish1_inv/s")
	b.ReportMetric(serialRate/decodeRate, "publish1_x_decode")
	b.ReportMetric(parallelRate, "publishN_ledgers/s")
	b.ReportMetric(parallelRate*invPerLedger, "publishN_inv/s")
	b.ReportMetric(parallelRate/decodeRate, "publishN_x_decode")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
}

// publishPrepared publishes prepared ledgers as Run does, a ledger's PubAcks awaited
// after the next ledger is sent and the cursor moved past each, and returns the rate.
func publishPrepared(ctx context.Context, b *testing.B, s *Streamer, jobs []*job) float64 {
	b.Helper()
	cur, err := loadCursor(ctx, s.cfg.Cursors, s.network)
	if err != nil {
		b.Fatal(err)
	}
	finish := func(p *sent) {
		if err := s.await(ctx, p); err != nil {
			b.Fatal(err)
		}
		if err := cur.advance(ctx, p.j.seq); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	var prev *sent
	for _, j := range jobs {
		p, err := s.send(j, nil)
		if err != nil {
			b.Fatal(err)
		}
		if prev != nil {
			finish(prev)
		}
		prev = p
	}
	finish(prev)
	return float64(len(jobs)) / time.Since(start).Seconds()
}
