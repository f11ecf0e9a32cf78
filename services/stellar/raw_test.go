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
	for _, f := range realFixtures() {
		t.Run(f.file, func(t *testing.T) {
			t.Parallel()
			b := openFixture(t, f.file)
			ex := newTestExtractor(t, f.pass)
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
	raw := v23RawLedger(t, 94)
	ex := newTestExtractor(t, loadTestPassphrase)
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
	spans := []wordSpan{regionSpan(raw, "diagnostic events", events[0].diag, 160),
		regionSpan(raw, "contract events", events[0].ops[0], 160), regionSpan(raw, "changes", events[0].changes[0], 160)}
	damageWords(raw, spans, [][4]byte{{0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}}, func(damaged []byte, where string) {
		_, got, err := ex.RawLedger(damaged)
		lcm, derr := DecodeLedger(damaged)
		switch {
		case derr != nil && err == nil:
			t.Fatalf("%s: raw path accepted what decoding refuses (%v)", where, derr)
		case derr == nil && err != nil:
			if _, lerr := ex.Ledger(lcm); lerr == nil {
				t.Fatalf("%s: raw path refused what the decoded path accepts: %v", where, err)
			}
		case err != nil && !errors.Is(err, ErrBadXDR):
			t.Fatalf("%s: %v, want ErrBadXDR", where, err)
		case err == nil:
			want, lerr := ex.Ledger(lcm)
			if lerr != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: raw and decoded paths differ (%v)", where, lerr)
			}
		}
		assertEncoderAgrees(t, le, damaged, got, err, where)
	})
}

// wordSpan is where a test overwrites words of a ledger: at from, from+step, ... while
// below to (offsets in the bytes damaged). Failures name a word by its offset from from
// after name, or, with no name, by its offset in the bytes.
type wordSpan struct {
	name           string
	from, to, step int
}

// regionSpan is the words within the first n bytes of region, a slice of whole (n may
// reach past region's end).
func regionSpan(whole []byte, name string, region []byte, n int) wordSpan {
	off := cap(whole) - cap(region)
	return wordSpan{name: name, from: off, to: off + n - 3, step: 4}
}

// damageWords writes each of words in turn over each word of spans in a copy of b, and
// calls check with the damaged copy and where (which word, which value: for failure
// messages), restoring the word after.
func damageWords(b []byte, spans []wordSpan, words [][4]byte, check func(damaged []byte, where string)) {
	damaged := append([]byte(nil), b...)
	for _, s := range spans {
		for i := s.from; i < s.to; i += s.step {
			for _, word := range words {
				copy(damaged[i:i+4], word[:])
				if s.name == "" {
					check(damaged, fmt.Sprintf("byte %d = %v", i, word))
				} else {
					check(damaged, fmt.Sprintf("%s byte %d = %v", s.name, i-s.from, word))
				}
				copy(damaged[i:i+4], b[i:i+4])
			}
		}
	}
}

// assertEncoderAgrees fails unless le.EncodeRawLedger(damaged) fails (with ErrBadXDR)
// exactly when RawLedger failed on it (with werr), and otherwise writes the encoding of
// what RawLedger returned (want).
func assertEncoderAgrees(t *testing.T, le *LedgerEncoder, damaged []byte, want []schemas.Invocation, werr error, where string) {
	t.Helper()
	_, got, gerr := le.EncodeRawLedger(damaged)
	switch {
	case (werr == nil) != (gerr == nil):
		t.Fatalf("%s: encoder error %v, RawLedger error %v", where, gerr, werr)
	case gerr != nil && !errors.Is(gerr, ErrBadXDR):
		t.Fatalf("%s: encoder %v, want ErrBadXDR", where, gerr)
	case gerr == nil:
		assertSameEncoding(t, got, want)
	}
}

// xdrAndDecoded is what a path reading straight from the XDR and the decoded path made
// of damaged bytes.
type xdrAndDecoded struct {
	skip   bool                   // the XDR path leaves the bytes to the decoded path
	derr   error                  // the decoded path refused them
	want   []byte                 // else what it writes
	rerr   error                  // the XDR path refused them
	encode func() ([]byte, error) // else what it writes
}

// assertDamageAgreesWithDecoded runs damageWords over b, and fails unless, for each
// damaged copy, the XDR path refuses exactly what the decoded path refuses and, where
// both accept, writes the decoded path's bytes (as try reports them), and unless some
// encodings were compared.
func assertDamageAgreesWithDecoded(t *testing.T, b []byte, spans []wordSpan, words [][4]byte, try func(damaged []byte) xdrAndDecoded) {
	t.Helper()
	checked := 0
	damageWords(b, spans, words, func(damaged []byte, where string) {
		o := try(damaged)
		switch {
		case o.skip:
		case o.derr != nil && o.rerr == nil:
			t.Fatalf("%s: accepted what the decoded path refuses (%v)", where, o.derr)
		case o.derr == nil && o.rerr != nil:
			t.Fatalf("%s: refused what the decoded path accepts: %v", where, o.rerr)
		case o.rerr == nil:
			got, err := o.encode()
			if err != nil || !bytes.Equal(got, o.want) {
				t.Fatalf("%s: encodings differ (%v)", where, err)
			}
			checked++
		}
	})
	if checked == 0 {
		t.Fatal("nothing compared")
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
	raw := v23RawLedger(t, 94)
	ex := newTestExtractor(t, loadTestPassphrase)
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
	words := [][4]byte{{0, 0, 0, 1}, {0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}}
	assertDamageAgreesWithDecoded(t, region, []wordSpan{regionSpan(region, "", region, len(region))}, words, func(damaged []byte) (o xdrAndDecoded) {
		var lec xdr.LedgerEntryChanges
		if o.derr = xdr.SafeUnmarshal(damaged, &lec); o.derr == nil {
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
				o.derr = err // refused by the decoded path's extraction
			} else if o.want, err = schemas.AppendInvocation(nil, &inv); err != nil {
				t.Fatal(err)
			}
		}
		inv := empty()
		var sec []byte
		sec, o.rerr = xr.mpRawChanges(nil, &tx, damaged, opType, &inv)
		o.skip = errors.Is(o.rerr, errRawUnsupported)
		o.encode = func() ([]byte, error) {
			return schemas.AppendInvocationSections(nil, &inv, &schemas.EncodedSections{StateChanges: sec})
		}
		return o
	})
}

// TestRawCallBadXDR asserts that the streamer's reading of a contract call's arguments
// and authorization entries straight from their XDR refuses exactly what decoding the
// operation refuses, and otherwise writes what the decoded path writes: for every word
// of the arguments and auth entries of the first call of a real protocol 23 ledger,
// overwritten with several values.
func TestRawCallBadXDR(t *testing.T) {
	t.Parallel()
	lcm := v23Ledger(t, 94)
	// Only the first two results and metas, for speed: the other envelopes stay,
	// without results.
	lcm.V2.TxProcessing = lcm.V2.TxProcessing[:2]
	raw, err := lcm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	ex := newTestExtractor(t, loadTestPassphrase)
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
	spans := []wordSpan{regionSpan(ihf, "", call.args, len(call.args)), regionSpan(ihf, "", call.auth, len(call.auth))}
	empty := func() schemas.Invocation {
		return schemas.Invocation{Arguments: []schemas.ScVal{}, AuthEntries: []schemas.AuthEntry{}, SubInvocations: []schemas.AuthorizedInvocation{}}
	}
	xr := ledgerExtraction{e: ex, conv: &converter{}, transcode: true}
	xd := ledgerExtraction{e: ex, conv: &converter{}}
	words := [][4]byte{{0, 0, 0, 1}, {0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}}
	assertDamageAgreesWithDecoded(t, ihf, spans, words, func(damaged []byte) (o xdrAndDecoded) {
		// The regions as the split finds them in the damaged bytes.
		w := txSetWalker{calls: true, r: xdrReader{b: damaged}}
		op := w.invokeHostFunction()
		if w.r.err != nil || op.args == nil || len(op.ihf) != len(damaged) {
			return xdrAndDecoded{skip: true} // the ledger would not be split: decoding decides
		}
		var ih xdr.InvokeHostFunctionOp
		if o.derr = xdr.SafeUnmarshal(damaged, &ih); o.derr == nil {
			inv := empty()
			var err error
			if inv.ContractID, inv.Function, inv.Arguments, err = xd.invokeArgs(*ih.HostFunction.InvokeContract); err == nil {
				err = xd.auth(&inv, ih.Auth)
			}
			if err != nil {
				o.derr = err
			} else if o.want, err = schemas.AppendInvocation(nil, &inv); err != nil {
				t.Fatal(err)
			}
		}
		inv := empty()
		xr.op, xr.ev = &op, schemas.EncodedSections{}
		o.rerr = xr.mpCall(&inv, *orig.HostFunction.InvokeContract)
		o.encode = func() ([]byte, error) { return schemas.AppendInvocationSections(nil, &inv, &xr.ev) }
		return o
	})
}

// TestEncoderDamagedAnywhere asserts that LedgerEncoder never panics on a damaged
// ledger and agrees with RawLedger on it: a word overwritten at places spread over the
// whole of a real protocol 23 ledger (header, envelopes, results, metas) is refused by
// both (with ErrBadXDR) or by neither, and what both accept encodes to the same bytes.
func TestEncoderDamagedAnywhere(t *testing.T) {
	t.Parallel()
	raw := v23RawLedger(t, 97)
	ex := newTestExtractor(t, loadTestPassphrase)
	le := ex.NewLedgerEncoder()
	spans := []wordSpan{{from: 4, to: len(raw) - 3, step: len(raw) / 61 &^ 3}}
	damageWords(raw, spans, [][4]byte{{0, 0, 0, 1}, {0xff, 0xff, 0xff, 0xff}}, func(damaged []byte, where string) {
		_, want, werr := ex.RawLedger(damaged)
		assertEncoderAgrees(t, le, damaged, want, werr, where)
	})
}

// TestEncoderDamagedRegions asserts that what LedgerEncoder leaves out of the ledger it
// decodes (a transaction's footprint, its fee and transaction-level changes) is refused
// exactly when decoding refuses it: every word of each of those regions of the first
// transaction, overwritten with several values, makes the encoder fail (with ErrBadXDR)
// exactly when RawLedger fails, and otherwise write the encoding of what RawLedger
// returns.
func TestEncoderDamagedRegions(t *testing.T) {
	t.Parallel()
	raw := v23RawLedger(t, 94)
	ex := newTestExtractor(t, loadTestPassphrase)
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
	var spans []wordSpan
	for name, region := range regions {
		spans = append(spans, regionSpan(raw, name, region, min(len(region), 96)))
	}
	le := ex.NewLedgerEncoder()
	damageWords(raw, spans, [][4]byte{{0, 0, 0, 6}, {0xff, 0xff, 0xff, 0xff}}, func(damaged []byte, where string) {
		_, want, werr := ex.RawLedger(damaged)
		assertEncoderAgrees(t, le, damaged, want, werr, where)
	})
}

// must panics with err: for walking views in tests.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
