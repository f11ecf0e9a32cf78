package stellar

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/stellar/go-stellar-sdk/ingest"
	"github.com/stellar/go-stellar-sdk/network"
	"github.com/stellar/go-stellar-sdk/xdr"

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

// TestTransactionPairingMatchesSDK asserts that the extraction pairs every transaction's
// result with its envelope, by a hash computed as the SDK's reader computes it: on every
// real ledger, each invocation's transaction hash and index are those of
// ingest.LedgerTransactionReader's transaction holding that operation.
func TestTransactionPairingMatchesSDK(t *testing.T) {
	t.Parallel()
	for _, f := range []struct{ file, pass string }{
		{fixtureMainnet, mainnetPassphrase}, {fixtureV23, loadTestPassphrase}, {fixtureV22, loadTestPassphrase},
	} {
		b := openFixture(t, f.file)
		ex, err := NewExtractor(ExtractorConfig{Passphrase: f.pass, Network: "n"})
		if err != nil {
			t.Fatal(err)
		}
		for _, seq := range b.Sequences() {
			lcm, err := b.GetLedger(context.Background(), seq)
			if err != nil {
				t.Fatal(err)
			}
			invs, err := ex.Ledger(lcm)
			if err != nil {
				t.Fatal(err)
			}
			reader, err := ingest.NewLedgerTransactionReaderFromLedgerCloseMeta(f.pass, lcm)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for {
				tx, err := reader.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				for j, op := range tx.Envelope.Operations() {
					if isSorobanOp(op.Body.Type) {
						want = append(want, fmt.Sprintf("%d:%x:%d", tx.Index, tx.Hash[:], j))
					}
				}
			}
			if len(want) != len(invs) {
				t.Fatalf("%s ledger %d: %d invocations, the SDK's reader has %d", f.file, seq, len(invs), len(want))
			}
			for i, inv := range invs {
				if got := fmt.Sprintf("%d:%s:%d", inv.TxIndex, inv.TxHash, inv.OpIndex); got != want[i] {
					t.Fatalf("%s ledger %d invocation %d: %s, want %s", f.file, seq, i, got, want[i])
				}
			}
		}
	}
}

// TestTxHashFeeBump asserts that a fee-bump envelope is hashed as the SDK hashes it (the
// outer transaction's hash, which its result carries).
func TestTxHashFeeBump(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	lcm, err := b.GetLedger(context.Background(), 94)
	if err != nil {
		t.Fatal(err)
	}
	inner := lcm.TransactionEnvelopes()[0]
	bump := xdr.TransactionEnvelope{Type: xdr.EnvelopeTypeEnvelopeTypeTxFeeBump, FeeBump: &xdr.FeeBumpTransactionEnvelope{
		Tx: xdr.FeeBumpTransaction{FeeSource: inner.V1.Tx.SourceAccount, Fee: 1_000_000,
			InnerTx: xdr.FeeBumpTransactionInnerTx{Type: xdr.EnvelopeTypeEnvelopeTypeTx, V1: inner.V1}}}}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "n"})
	if err != nil {
		t.Fatal(err)
	}
	x := ledgerExtraction{e: ex}
	for name, env := range map[string]xdr.TransactionEnvelope{"v1": inner, "fee bump": bump} {
		want, err := network.HashTransactionInEnvelope(env, loadTestPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		got, err := x.txHash(&env)
		if err != nil || got != want {
			t.Errorf("%s: hash %x (%v), want %x", name, got, err, want)
		}
	}
}
