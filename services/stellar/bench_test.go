package stellar

import (
	"context"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
)

// BenchmarkEncodeRawLedger measures, on the real protocol 23 ledger 94 (100
// invocations, 1,000 contract events, 5,100 diagnostic events), one goroutine:
//
//  1. the SDK's decode of the LedgerCloseMeta alone: the baseline;
//  2. RawLedger followed by schemas.AppendInvocation of every invocation;
//  3. LedgerEncoder.EncodeRawLedger, the streamer's path, which gives the same bytes,
//     handed back each ledger's message array as the streamer hands it back once
//     acknowledged.
//
// Each is reported in ledgers per second and as a ratio to (1); b.N counts rounds of
// all three, with allocations those of the whole round.
func BenchmarkEncodeRawLedger(b *testing.B) {
	raw, err := openFixture(b, fixtureV23).GetRawLedger(context.Background(), 94)
	if err != nil {
		b.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	const rounds = 10
	le := ex.NewLedgerEncoder()
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for r := 0; r < rounds; r++ {
			if _, err := DecodeLedger(raw); err != nil {
				b.Fatal(err)
			}
		}
		decode := rounds / time.Since(start).Seconds()

		start = time.Now()
		for r := 0; r < rounds; r++ {
			_, invs, err := ex.RawLedger(raw)
			if err != nil {
				b.Fatal(err)
			}
			buf = buf[:0]
			for j := range invs {
				if buf, err = schemas.AppendInvocation(buf, &invs[j]); err != nil {
					b.Fatal(err)
				}
			}
		}
		rawLedger := rounds / time.Since(start).Seconds()

		start = time.Now()
		for r := 0; r < rounds; r++ {
			le.Reuse(le.Buffer())
			if _, _, err := le.EncodeRawLedger(raw); err != nil {
				b.Fatal(err)
			}
		}
		encoder := rounds / time.Since(start).Seconds()

		b.ReportMetric(decode, "decode_ledgers/s")
		b.ReportMetric(rawLedger, "rawledger_ledgers/s")
		b.ReportMetric(rawLedger/decode, "rawledger_x_decode")
		b.ReportMetric(encoder, "encoder_ledgers/s")
		b.ReportMetric(encoder/decode, "encoder_x_decode")
	}
}
