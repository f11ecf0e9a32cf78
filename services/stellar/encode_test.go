package stellar

import (
	"bytes"
	"context"
	"testing"

	"github.com/chainrelay/chainrelay/schemas"
)

// assertEncodingMatchesMarshal fails unless the hand-written msgpack encoder writes the
// bytes the reflection-based schemas.Marshal writes for inv.
func assertEncodingMatchesMarshal(t *testing.T, inv *schemas.Invocation) {
	t.Helper()
	want, err := schemas.Marshal(inv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := schemas.AppendInvocation(nil, inv)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		t.Fatalf("ledger %d tx %d op %d: encodings differ at byte %d of %d/%d", inv.Ledger, inv.TxIndex, inv.OpIndex, i, len(got), len(want))
	}
}

// TestEncodingMatchesMarshalRealLedgers asserts that every invocation of every real
// ledger (mainnet protocol 21, load tests of protocols 22 and 23) encodes to the same
// bytes through schemas.AppendInvocation, the streamer's encoder, as through
// schemas.Marshal.
func TestEncodingMatchesMarshalRealLedgers(t *testing.T) {
	t.Parallel()
	for _, f := range []struct{ file, pass string }{
		{fixtureMainnet, mainnetPassphrase}, {fixtureV23, loadTestPassphrase}, {fixtureV22, loadTestPassphrase},
	} {
		t.Run(f.file, func(t *testing.T) {
			t.Parallel()
			b := openFixture(t, f.file)
			ex, err := NewExtractor(ExtractorConfig{Passphrase: f.pass, Network: "n"})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, seq := range b.Sequences() {
				lcm, err := b.GetLedger(context.Background(), seq)
				if err != nil {
					t.Fatal(err)
				}
				invs, err := ex.Ledger(lcm)
				if err != nil {
					t.Fatal(err)
				}
				for i := range invs {
					assertEncodingMatchesMarshal(t, &invs[i])
					n++
				}
			}
			if n == 0 {
				t.Fatal("no invocations")
			}
		})
	}
}
