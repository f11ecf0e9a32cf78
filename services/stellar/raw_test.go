package stellar

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/stellar/go-stellar-sdk/ingest"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// TestRawScValMatchesConvert asserts that converting a value straight from its XDR gives
// what ConvertScVal gives for the decoded value, for every ScVal type at its range edges.
func TestRawScValMatchesConvert(t *testing.T) {
	t.Parallel()
	for name, v := range everyScVal() {
		want, err := ConvertScVal(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := v.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var c converter
		r := xdrReader{b: b}
		got, err := c.rawScVal(&r, 1)
		if err == nil {
			err = r.end()
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: raw %#v (%v), want %#v", name, got, err, want)
		}
	}
}

// TestRawScValBadInput asserts that malformed value XDR is refused: cut short, an
// unknown type, a bool that is not 0 or 1, non-zero padding, a symbol over 32 bytes and
// an element count larger than the bytes can hold.
func TestRawScValBadInput(t *testing.T) {
	t.Parallel()
	for name, b := range map[string][]byte{
		"short":        {0, 0, 0, 3, 0, 0},
		"unknown type": {0, 0, 0, 99},
		"bool 2":       {0, 0, 0, 0, 0, 0, 0, 2},
		"padding":      {0, 0, 0, 15, 0, 0, 0, 1, 'a', 1, 0, 0},
		"long symbol":  append([]byte{0, 0, 0, 15, 0, 0, 0, 33}, make([]byte, 36)...),
		"huge vec":     {0, 0, 0, 16, 0, 0, 0, 1, 0x7f, 0xff, 0xff, 0xff},
	} {
		var c converter
		r := xdrReader{b: b}
		if _, err := c.rawScVal(&r, 1); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestRawLedgerMatchesLedger asserts that RawLedger (events converted from their XDR
// for protocol 23 ledgers) returns exactly what Ledger(DecodeLedger(raw)) returns, and
// that LedgerEncoder, the streamer's path (events transcoded from XDR to msgpack),
// writes byte for byte schemas.AppendInvocation of those invocations, for every real
// ledger of every fixture, with a fresh encoder and with one kept across the ledgers.
func TestRawLedgerMatchesLedger(t *testing.T) {
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
			le := ex.NewLedgerEncoder() // one encoder across ledgers, as a streamer's worker
			for _, seq := range b.Sequences() {
				raw, err := b.GetRawLedger(context.Background(), seq)
				if err != nil {
					t.Fatal(err)
				}
				assertRawMatches(t, ex, raw)
				_, want, err := ex.RawLedger(raw)
				if err != nil {
					t.Fatal(err)
				}
				assertEncodedMatches(t, le, raw, want)
			}
		})
	}
}

// assertRawMatches fails unless RawLedger(raw) equals Ledger(DecodeLedger(raw)).
func assertRawMatches(t *testing.T, ex *Extractor, raw []byte) {
	t.Helper()
	lcm, err := DecodeLedger(raw)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ex.Ledger(lcm)
	if err != nil {
		t.Fatal(err)
	}
	allV4 := lcm.V == 2
	for i := 0; i < lcm.CountTransactions(); i++ {
		allV4 = allV4 && lcm.TxApplyProcessing(i).V == 4
	}
	if _, _, _, ok := ex.splitEvents(raw); ok != allV4 {
		t.Fatalf("ledger %d: events kept in XDR: %v, want %v", lcm.LedgerSequence(), ok, allV4)
	}
	seq, got, err := ex.RawLedger(raw)
	if err != nil {
		t.Fatal(err)
	}
	if seq != lcm.LedgerSequence() || len(got) != len(want) {
		t.Fatalf("ledger %d: raw path gives ledger %d, %d invocations; want %d", lcm.LedgerSequence(), seq, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("ledger %d invocation %d differs between the raw and decoded paths", seq, i)
		}
	}
	le := ex.NewLedgerEncoder()
	assertEncodedMatches(t, le, raw, want)
	encoded, err := le.EncodeLedger(lcm)
	if err != nil {
		t.Fatal(err)
	}
	assertSameEncoding(t, encoded, want)
}

// assertEncodedMatches fails unless le.EncodeRawLedger(raw) holds, for each invocation
// of want, the bytes schemas.AppendInvocation writes for it and the fields naming it.
func assertEncodedMatches(t *testing.T, le *LedgerEncoder, raw []byte, want []schemas.Invocation) {
	t.Helper()
	seq, got, err := le.EncodeRawLedger(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) > 0 && seq != want[0].Ledger {
		t.Fatalf("ledger %d: encoder says ledger %d", want[0].Ledger, seq)
	}
	assertSameEncoding(t, got, want)
}

func assertSameEncoding(t *testing.T, got []EncodedInvocation, want []schemas.Invocation) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d invocations encoded, want %d", len(got), len(want))
	}
	for i := range want {
		w := &want[i]
		data, err := schemas.AppendInvocation(nil, w)
		if err != nil {
			t.Fatal(err)
		}
		g := got[i]
		if !bytes.Equal(g.Data, data) {
			at := 0
			for at < len(data) && at < len(g.Data) && data[at] == g.Data[at] {
				at++
			}
			t.Fatalf("ledger %d invocation %d: encodings differ at byte %d of %d/%d", w.Ledger, i, at, len(g.Data), len(data))
		}
		g.Data = nil
		if !reflect.DeepEqual(g, EncodedInvocation{Ledger: w.Ledger, TxIndex: w.TxIndex, OpIndex: w.OpIndex, TxHash: w.TxHash,
			Kind: w.Kind, ContractID: w.ContractID, Function: w.Function}) {
			t.Fatalf("ledger %d invocation %d: named %+v", w.Ledger, i, g)
		}
	}
}

// TestRawLedgerBadXDR asserts that RawLedger refuses damaged ledgers as decoding does: a
// ledger cut short anywhere fails with ErrBadXDR, and a word overwritten at each place
// of the first diagnostic and contract events and ledger entry changes (types, flags,
// counts, lengths, values) is refused by
// the raw path exactly when decoding the ledger refuses it, and otherwise gives what the
// decoded path gives — never a panic. LedgerEncoder refuses exactly what RawLedger
// refuses, and otherwise writes the encoding of what it returns.
func TestRawLedgerBadXDR(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	raw, err := b.GetRawLedger(context.Background(), 94)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "n"})
	if err != nil {
		t.Fatal(err)
	}
	le := ex.NewLedgerEncoder()
	for _, cut := range []int{0, 3, 100, len(raw) / 2, len(raw) - 1} {
		if _, _, err := ex.RawLedger(raw[:cut]); !errors.Is(err, ErrBadXDR) {
			t.Errorf("cut at %d: %v, want ErrBadXDR", cut, err)
		}
		var lerr *LedgerError
		if _, _, err := le.EncodeRawLedger(raw[:cut]); !errors.Is(err, ErrBadXDR) || !errors.As(err, &lerr) {
			t.Errorf("encoder, cut at %d: %v, want a LedgerError wrapping ErrBadXDR", cut, err)
		}
	}
	_, events, _, _, ok := ex.split(raw, true)
	if !ok || len(events) == 0 || len(events[0].diag) <= 4 || len(events[0].ops) == 0 || len(events[0].ops[0]) <= 4 ||
		len(events[0].changes) == 0 || len(events[0].changes[0]) <= 4 {
		t.Fatal("no events or changes to damage")
	}
	var words []int // offsets in raw
	for _, region := range [][]byte{events[0].diag, events[0].ops[0], events[0].changes[0]} {
		off := cap(raw) - cap(region)
		for i := off; i < off+160; i += 4 {
			words = append(words, i)
		}
	}
	damaged := append([]byte(nil), raw...)
	for _, i := range words {
		for _, word := range [][4]byte{{0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}} {
			copy(damaged[i:i+4], word[:])
			_, got, err := ex.RawLedger(damaged)
			lcm, derr := DecodeLedger(damaged)
			switch {
			case derr != nil && err == nil:
				t.Fatalf("byte %d = %v: raw path accepted what decoding refuses (%v)", i, word, derr)
			case derr == nil && err != nil:
				if _, lerr := ex.Ledger(lcm); lerr == nil {
					t.Fatalf("byte %d = %v: raw path refused what the decoded path accepts: %v", i, word, err)
				}
			case err != nil && !errors.Is(err, ErrBadXDR):
				t.Fatalf("byte %d = %v: %v, want ErrBadXDR", i, word, err)
			case err == nil:
				want, lerr := ex.Ledger(lcm)
				if lerr != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("byte %d = %v: raw and decoded paths differ (%v)", i, word, lerr)
				}
			}
			_, enc, eerr := le.EncodeRawLedger(damaged)
			switch {
			case (eerr == nil) != (err == nil):
				t.Fatalf("byte %d = %v: encoder error %v, raw path error %v", i, word, eerr, err)
			case eerr != nil && !errors.Is(eerr, ErrBadXDR):
				t.Fatalf("byte %d = %v: encoder %v, want ErrBadXDR", i, word, eerr)
			case eerr == nil:
				assertSameEncoding(t, enc, got)
			}
			copy(damaged[i:i+4], raw[i:i+4])
		}
	}
}

// TestRawChangesBadXDR asserts that the streamer's reading of ledger entry changes
// straight from their XDR refuses exactly what decoding them refuses, and otherwise
// writes what the decoded path writes: for every word of the first operation's changes
// of a real protocol 23 ledger, overwritten with several values, the state changes and
// TTL extensions from the XDR encode to the bytes of those from the decoded changes
// (or the XDR path leaves the changes to the decoded path).
func TestRawChangesBadXDR(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	raw, err := b.GetRawLedger(context.Background(), 94)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "n"})
	if err != nil {
		t.Fatal(err)
	}
	_, events, _, _, ok := ex.split(raw, true)
	if !ok || len(events) == 0 || len(events[0].changes) == 0 {
		t.Fatal("no changes")
	}
	region := events[0].changes[0]
	lcm, err := DecodeLedger(raw)
	if err != nil {
		t.Fatal(err)
	}
	reader, err := ingest.NewLedgerTransactionReaderFromLedgerCloseMeta(loadTestPassphrase, lcm)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := reader.Read()
	if err != nil {
		t.Fatal(err)
	}
	opType := tx.Envelope.Operations()[0].Body.Type
	empty := func() schemas.Invocation {
		return schemas.Invocation{StateChanges: []schemas.StateChange{}, TTLExtensions: []schemas.TTLExtension{},
			ArchiveRestorations: []schemas.ArchiveRestoration{}}
	}
	xr := ledgerExtraction{e: ex, conv: &converter{}, seq: lcm.LedgerSequence(), transcode: true}
	xd := ledgerExtraction{e: ex, conv: &converter{}, seq: lcm.LedgerSequence()}
	damaged := append([]byte(nil), region...)
	checked := 0
	for i := 0; i+4 <= len(region); i += 4 {
		for _, word := range [][4]byte{{0, 0, 0, 1}, {0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}} {
			copy(damaged[i:i+4], word[:])
			var lec xdr.LedgerEntryChanges
			derr := xdr.SafeUnmarshal(damaged, &lec)
			var want []byte
			if derr == nil {
				m := *tx.UnsafeMeta.V4
				m.Operations = slices.Clone(m.Operations)
				m.Operations[0].Changes = lec
				dtx := tx
				dtx.UnsafeMeta.V4 = &m
				inv := empty()
				if err := func() (err error) {
					defer func() {
						if r := recover(); r != nil {
							err = fmt.Errorf("panic: %v", r)
						}
					}()
					return xd.changes(&dtx, 0, opType, &inv)
				}(); err != nil {
					derr = err // refused by the decoded path's extraction
				} else if want, err = schemas.AppendInvocation(nil, &inv); err != nil {
					t.Fatal(err)
				}
			}
			inv := empty()
			sec, rerr := xr.mpRawChanges(nil, &tx, damaged, opType, &inv)
			switch {
			case errors.Is(rerr, errRawUnsupported):
			case derr != nil && rerr == nil:
				t.Fatalf("byte %d = %v: accepted what the decoded path refuses (%v)", i, word, derr)
			case derr == nil && rerr != nil:
				t.Fatalf("byte %d = %v: refused what the decoded path accepts: %v", i, word, rerr)
			case rerr == nil:
				got, err := schemas.AppendInvocationSections(nil, &inv, &schemas.EncodedSections{StateChanges: sec})
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("byte %d = %v: encodings differ (%v)", i, word, err)
				}
				checked++
			}
			copy(damaged[i:i+4], region[i:i+4])
		}
	}
	if checked == 0 {
		t.Fatal("nothing compared")
	}
}

// TestRawCallBadXDR asserts that the streamer's reading of a contract call's arguments
// and authorization entries straight from their XDR refuses exactly what decoding the
// operation refuses, and otherwise writes what the decoded path writes: for every word
// of the arguments and auth entries of the first call of a real protocol 23 ledger,
// overwritten with several values.
func TestRawCallBadXDR(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	lcm, err := b.GetLedger(context.Background(), 94)
	if err != nil {
		t.Fatal(err)
	}
	// Only the first two results and metas, for speed: the other envelopes stay,
	// without results.
	lcm.V2.TxProcessing = lcm.V2.TxProcessing[:2]
	raw, err := lcm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "n"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, envs, ok := ex.split(raw, true)
	if !ok || len(envs) == 0 || len(envs[0].ops) == 0 || envs[0].ops[0].args == nil {
		t.Fatal("no contract call")
	}
	call := envs[0].ops[0]
	ihf := call.ihf
	var orig xdr.InvokeHostFunctionOp
	if err := xdr.SafeUnmarshal(ihf, &orig); err != nil {
		t.Fatal(err)
	}
	// Words of the arguments and auth entries: the rest is decoded with the ledger.
	var words []int
	for _, region := range [][]byte{call.args, call.auth} {
		off := cap(ihf) - cap(region)
		for i := off; i+4 <= off+len(region); i += 4 {
			words = append(words, i)
		}
	}
	empty := func() schemas.Invocation {
		return schemas.Invocation{Arguments: []schemas.ScVal{}, AuthEntries: []schemas.AuthEntry{}, SubInvocations: []schemas.AuthorizedInvocation{}}
	}
	xr := ledgerExtraction{e: ex, conv: &converter{}, transcode: true}
	xd := ledgerExtraction{e: ex, conv: &converter{}}
	damaged := append([]byte(nil), ihf...)
	checked := 0
	for _, i := range words {
		for _, word := range [][4]byte{{0, 0, 0, 1}, {0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}} {
			copy(damaged[i:i+4], word[:])
			// The regions as the split finds them in the damaged bytes.
			w := txSetWalker{calls: true, r: xdrReader{b: damaged}}
			op := w.invokeHostFunction()
			if w.r.err != nil || op.args == nil || len(op.ihf) != len(damaged) {
				copy(damaged[i:i+4], ihf[i:i+4])
				continue // the ledger would not be split: decoding decides
			}
			var ih xdr.InvokeHostFunctionOp
			derr := xdr.SafeUnmarshal(damaged, &ih)
			var want []byte
			if derr == nil {
				inv := empty()
				var err error
				if inv.ContractID, inv.Function, inv.Arguments, err = xd.invokeArgs(*ih.HostFunction.InvokeContract); err == nil {
					err = xd.auth(&inv, ih.Auth)
				}
				if err != nil {
					derr = err
				} else if want, err = schemas.AppendInvocation(nil, &inv); err != nil {
					t.Fatal(err)
				}
			}
			inv := empty()
			xr.op, xr.ev = &op, schemas.EncodedSections{}
			rerr := xr.mpCall(&inv, *orig.HostFunction.InvokeContract)
			switch {
			case derr != nil && rerr == nil:
				t.Fatalf("byte %d = %v: accepted what the decoded path refuses (%v)", i, word, derr)
			case derr == nil && rerr != nil:
				t.Fatalf("byte %d = %v: refused what the decoded path accepts: %v", i, word, rerr)
			case rerr == nil:
				got, err := schemas.AppendInvocationSections(nil, &inv, &xr.ev)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("byte %d = %v: encodings differ (%v)", i, word, err)
				}
				checked++
			}
			copy(damaged[i:i+4], ihf[i:i+4])
		}
	}
	if checked == 0 {
		t.Fatal("nothing compared")
	}
}

// TestEncoderDamagedAnywhere asserts that LedgerEncoder never panics on a damaged
// ledger and agrees with RawLedger on it: a word overwritten at places spread over the
// whole of a real protocol 23 ledger (header, envelopes, results, metas) is refused by
// both (with ErrBadXDR) or by neither, and what both accept encodes to the same bytes.
func TestEncoderDamagedAnywhere(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	raw, err := b.GetRawLedger(context.Background(), 97)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "n"})
	if err != nil {
		t.Fatal(err)
	}
	le := ex.NewLedgerEncoder()
	damaged := append([]byte(nil), raw...)
	step := len(raw) / 61 &^ 3
	for i := 4; i+4 <= len(raw); i += step {
		for _, word := range [][4]byte{{0, 0, 0, 1}, {0xff, 0xff, 0xff, 0xff}} {
			copy(damaged[i:i+4], word[:])
			_, want, werr := ex.RawLedger(damaged)
			_, got, gerr := le.EncodeRawLedger(damaged)
			switch {
			case (werr == nil) != (gerr == nil):
				t.Fatalf("byte %d = %v: encoder error %v, RawLedger error %v", i, word, gerr, werr)
			case gerr != nil && !errors.Is(gerr, ErrBadXDR):
				t.Fatalf("byte %d = %v: %v, want ErrBadXDR", i, word, gerr)
			case gerr == nil:
				assertSameEncoding(t, got, want)
			}
			copy(damaged[i:i+4], raw[i:i+4])
		}
	}
}

// TestEncoderDamagedRegions asserts that what LedgerEncoder leaves out of the ledger it
// decodes (a transaction's footprint, its fee and transaction-level changes) is refused
// exactly when decoding refuses it: every word of each of those regions of the first
// transaction, overwritten with several values, makes the encoder fail (with ErrBadXDR)
// exactly when RawLedger fails, and otherwise write the encoding of what RawLedger
// returns.
func TestEncoderDamagedRegions(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureV23)
	raw, err := b.GetRawLedger(context.Background(), 94)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "n"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, envs, ok := ex.split(raw, true)
	if !ok || len(envs) == 0 || len(envs[0].footprint) <= 8 {
		t.Fatal("no footprint to damage")
	}
	regions := map[string][]byte{"footprint": envs[0].footprint}
	tr := must(must(must(xdr.LedgerCloseMetaView(raw).MustV2().TxProcessing()).All())[0].Fields())
	m4 := must(tr.TxApplyProcessing.MustV4().Fields())
	for name, c := range map[string][]byte{"fee changes": tr.FeeProcessing, "changes before": m4.TxChangesBefore,
		"changes after": m4.TxChangesAfter, "post-apply fee changes": tr.PostTxApplyFeeProcessing} {
		if len(c) > 4 {
			regions[name] = c
		}
	}
	if len(regions) < 3 {
		t.Fatalf("regions to damage: %d", len(regions))
	}
	le := ex.NewLedgerEncoder()
	damaged := append([]byte(nil), raw...)
	for name, region := range regions {
		off := cap(raw) - cap(region)
		for i := off; i < off+len(region) && i < off+96; i += 4 {
			for _, word := range [][4]byte{{0, 0, 0, 6}, {0xff, 0xff, 0xff, 0xff}} {
				copy(damaged[i:i+4], word[:])
				_, want, werr := ex.RawLedger(damaged)
				_, got, gerr := le.EncodeRawLedger(damaged)
				switch {
				case (werr == nil) != (gerr == nil):
					t.Fatalf("%s byte %d = %v: encoder error %v, RawLedger error %v", name, i-off, word, gerr, werr)
				case gerr != nil && !errors.Is(gerr, ErrBadXDR):
					t.Fatalf("%s byte %d = %v: %v, want ErrBadXDR", name, i-off, word, gerr)
				case gerr == nil:
					assertSameEncoding(t, got, want)
				}
				copy(damaged[i:i+4], raw[i:i+4])
			}
		}
	}
}

// must panics with err: for walking views in tests.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
