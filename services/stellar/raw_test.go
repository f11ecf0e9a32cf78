package stellar

import (
	"context"
	"errors"
	"reflect"
	"testing"
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

// TestRawLedgerMatchesLedger asserts that RawLedger, the streamer's path (events
// converted from their XDR for protocol 23 ledgers), returns exactly what
// Ledger(DecodeLedger(raw)) returns, for every real ledger of every fixture.
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
			for _, seq := range b.Sequences() {
				raw, err := b.GetRawLedger(context.Background(), seq)
				if err != nil {
					t.Fatal(err)
				}
				assertRawMatches(t, ex, raw)
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
}

// TestRawLedgerBadXDR asserts that RawLedger refuses damaged ledgers as decoding does: a
// ledger cut short anywhere fails with ErrBadXDR, and a word overwritten at each place
// of the first diagnostic events (types, flags, counts, lengths, values) is refused by
// the raw path exactly when decoding the ledger refuses it, and otherwise gives what the
// decoded path gives — never a panic.
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
	for _, cut := range []int{0, 3, 100, len(raw) / 2, len(raw) - 1} {
		if _, _, err := ex.RawLedger(raw[:cut]); !errors.Is(err, ErrBadXDR) {
			t.Errorf("cut at %d: %v, want ErrBadXDR", cut, err)
		}
	}
	_, events, _, ok := ex.splitEvents(raw)
	if !ok || len(events) == 0 || len(events[0].diag) <= 4 {
		t.Fatal("no diagnostic events to damage")
	}
	off := cap(raw) - cap(events[0].diag)
	damaged := append([]byte(nil), raw...)
	for i := off; i < off+160; i += 4 {
		for _, word := range [][4]byte{{0, 0, 0, 2}, {0x7f, 0xff, 0xff, 0xff}} {
			copy(damaged[i:i+4], word[:])
			_, got, err := ex.RawLedger(damaged)
			lcm, derr := DecodeLedger(damaged)
			switch {
			case derr != nil && err == nil:
				t.Fatalf("word %d = %v: raw path accepted what decoding refuses (%v)", (i-off)/4, word, derr)
			case derr == nil && err != nil:
				if _, lerr := ex.Ledger(lcm); lerr == nil {
					t.Fatalf("word %d = %v: raw path refused what the decoded path accepts: %v", (i-off)/4, word, err)
				}
			case err != nil && !errors.Is(err, ErrBadXDR):
				t.Fatalf("word %d = %v: %v, want ErrBadXDR", (i-off)/4, word, err)
			case err == nil:
				want, lerr := ex.Ledger(lcm)
				if lerr != nil || !reflect.DeepEqual(got, want) {
					t.Fatalf("word %d = %v: raw and decoded paths differ (%v)", (i-off)/4, word, lerr)
				}
			}
			copy(damaged[i:i+4], raw[i:i+4])
		}
	}
}
