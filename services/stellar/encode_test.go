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
	for _, f := range realFixtures() {
		t.Run(f.file, func(t *testing.T) {
			t.Parallel()
			b := openFixture(t, f.file)
			ex := newTestExtractor(t, f.pass)
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
	for _, f := range realFixtures() {
		b := openFixture(t, f.file)
		ex := newTestExtractor(t, f.pass)
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
	lcm := v23Ledger(t, 94)
	inner := lcm.TransactionEnvelopes()[0]
	bump := xdr.TransactionEnvelope{Type: xdr.EnvelopeTypeEnvelopeTypeTxFeeBump, FeeBump: &xdr.FeeBumpTransactionEnvelope{
		Tx: xdr.FeeBumpTransaction{FeeSource: inner.V1.Tx.SourceAccount, Fee: 1_000_000,
			InnerTx: xdr.FeeBumpTransactionInnerTx{Type: xdr.EnvelopeTypeEnvelopeTypeTx, V1: inner.V1}}}}
	x := ledgerExtraction{e: newTestExtractor(t, loadTestPassphrase)}
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

// TestEncoderEnvelopeKinds asserts that the streamer's walk of the transaction set
// hashes and reads every kind of envelope as decoding does: in a real protocol 23
// ledger whose first transactions are rewritten as a fee bump, a transaction from a
// muxed account with a memo and time bounds, and a TX_V0 envelope (each result naming
// its envelope by the new hash), RawLedger returns what Ledger(DecodeLedger) returns and
// LedgerEncoder writes its encoding.
func TestEncoderEnvelopeKinds(t *testing.T) {
	t.Parallel()
	lcm := v23Ledger(t, 94)
	lcm.V2.TxProcessing = lcm.V2.TxProcessing[:4]
	var slots []*xdr.TransactionEnvelope
	for _, ph := range lcm.V2.TxSet.V1TxSet.Phases {
		if ph.ParallelTxsComponent == nil {
			continue
		}
		for _, stage := range ph.ParallelTxsComponent.ExecutionStages {
			for _, cluster := range stage {
				for k := range cluster {
					slots = append(slots, &cluster[k])
				}
			}
		}
	}
	byHash := map[xdr.Hash]*xdr.TransactionEnvelope{}
	for _, env := range slots {
		h, err := network.HashTransactionInEnvelope(*env, loadTestPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		byHash[h] = env
	}
	rewrite := []func(env *xdr.TransactionEnvelope){
		func(env *xdr.TransactionEnvelope) {
			inner := env.V1
			*env = xdr.TransactionEnvelope{Type: xdr.EnvelopeTypeEnvelopeTypeTxFeeBump, FeeBump: &xdr.FeeBumpTransactionEnvelope{
				Tx: xdr.FeeBumpTransaction{FeeSource: xdr.MuxedAccount{Type: xdr.CryptoKeyTypeKeyTypeMuxedEd25519,
					Med25519: &xdr.MuxedAccountMed25519{Id: 7, Ed25519: *inner.Tx.SourceAccount.Ed25519}}, Fee: 1_000_000,
					InnerTx: xdr.FeeBumpTransactionInnerTx{Type: xdr.EnvelopeTypeEnvelopeTypeTx, V1: inner}},
				Signatures: []xdr.DecoratedSignature{{Signature: []byte{1, 2, 3, 4, 5}}}}}
		},
		func(env *xdr.TransactionEnvelope) {
			tx := &env.V1.Tx
			tx.SourceAccount = xdr.MuxedAccount{Type: xdr.CryptoKeyTypeKeyTypeMuxedEd25519,
				Med25519: &xdr.MuxedAccountMed25519{Id: 9, Ed25519: *tx.SourceAccount.Ed25519}}
			tx.Memo = xdr.Memo{Type: xdr.MemoTypeMemoText, Text: ptr("memo")}
			tx.Cond = xdr.Preconditions{Type: xdr.PreconditionTypePrecondTime, TimeBounds: &xdr.TimeBounds{MaxTime: 99}}
			for k := range tx.Operations {
				tx.Operations[k].SourceAccount = nil // the transaction's then invokes
			}
		},
		func(env *xdr.TransactionEnvelope) {
			tx := env.V1.Tx
			*env = xdr.TransactionEnvelope{Type: xdr.EnvelopeTypeEnvelopeTypeTxV0, V0: &xdr.TransactionV0Envelope{Tx: xdr.TransactionV0{
				SourceAccountEd25519: *tx.SourceAccount.Ed25519, Fee: tx.Fee, SeqNum: tx.SeqNum, Memo: tx.Memo, Operations: tx.Operations}}}
		},
	}
	for i, f := range rewrite {
		res := &lcm.V2.TxProcessing[i].Result
		env := byHash[res.TransactionHash]
		if env == nil {
			t.Fatalf("result %d has no envelope", i)
		}
		f(env)
		var err error
		if res.TransactionHash, err = network.HashTransactionInEnvelope(*env, loadTestPassphrase); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := lcm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	ex := newTestExtractor(t, loadTestPassphrase)
	assertRawMatches(t, ex, raw)
	_, got, err := ex.RawLedger(raw)
	if err != nil || len(got) != 4 || !got[0].FeeBump || got[1].InvokingAccountMuxed == "" {
		t.Fatalf("%d invocations (%v): fee bump %v, muxed %q", len(got), err, got[0].FeeBump, got[1].InvokingAccountMuxed)
	}
}

// TestEncoderReuse asserts that a LedgerEncoder handed back the array of a ledger's
// messages (Buffer, then Reuse) writes the next ledger over it, with the same bytes as
// a fresh encoder, and that Buffer is nil after a ledger that fails.
func TestEncoderReuse(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	ex := newTestExtractor(t, loadTestPassphrase)
	le := ex.NewLedgerEncoder()
	var prev []byte
	for round := 0; round < 2; round++ {
		for _, seq := range []uint32{94, 97, 94} {
			raw, err := b.GetRawLedger(context.Background(), seq)
			if err != nil {
				t.Fatal(err)
			}
			_, want, err := ex.RawLedger(raw)
			if err != nil {
				t.Fatal(err)
			}
			le.Reuse(prev)
			_, got, err := le.EncodeRawLedger(raw)
			if err != nil {
				t.Fatal(err)
			}
			assertSameEncoding(t, got, want)
			buf := le.Buffer()
			if len(got) == 0 || cap(buf) < len(got[0].Data) || &buf[:1][0] != &got[0].Data[0] {
				t.Fatalf("ledger %d: Buffer is not the messages' array", seq)
			}
			if prev != nil && cap(prev) >= len(buf) && &prev[:1][0] != &buf[:1][0] {
				t.Fatalf("ledger %d: a large enough array handed back was not written over", seq)
			}
			prev = buf
		}
	}
	if _, _, err := le.EncodeRawLedger([]byte{0, 0, 0, 2}); err == nil || le.Buffer() != nil {
		t.Fatalf("damaged ledger: error %v, buffer of %d bytes", err, cap(le.Buffer()))
	}
}
