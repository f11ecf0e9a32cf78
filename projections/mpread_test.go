package projections

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas"
)

// TestMpReaderReadsWhatMsgpackWrites asserts that the in-place reader reads back every
// integer width, string and bin length, bool, nil and time form the general encoder
// writes, and that skip passes over exactly one value of any type, nested ones included.
func TestMpReaderReadsWhatMsgpackWrites(t *testing.T) {
	t.Parallel()
	enc := func(v any) []byte {
		b, err := msgpack.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ints := []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64}
	for _, n := range ints {
		for _, v := range []any{n, uint64(max(n, 0)), int8(n), int32(n)} {
			b := enc(v)
			r := mpReader{b: b}
			got, err := r.int64()
			var exp int64
			switch v := v.(type) {
			case int64:
				exp = v
			case uint64:
				exp = int64(v)
			case int8:
				exp = int64(v)
			case int32:
				exp = int64(v)
			}
			if err != nil || got != exp || r.i != len(b) {
				t.Errorf("int %T(%v): got %d, %v, read %d of %d", v, v, got, err, r.i, len(b))
			}
		}
	}
	for _, l := range []int{0, 1, 31, 32, 255, 256, 65535, 65536} {
		s := strings.Repeat("x", l)
		for _, b := range [][]byte{enc(s), enc([]byte(s))} {
			r := mpReader{b: b}
			if got, err := r.str(); err != nil || got != s || r.i != len(b) {
				t.Errorf("string of %d: %d bytes, %v", l, len(got), err)
			}
		}
	}
	for _, tm := range []time.Time{projtest.Base, projtest.Base.Add(123456789), time.Unix(1<<34, 5).UTC(),
		time.Date(1960, 1, 2, 3, 4, 5, 6, time.UTC), time.Unix(0, 0).UTC()} {
		r := mpReader{b: enc(tm)}
		if got, err := r.time(); err != nil || !got.Equal(tm) || got.Location() != time.UTC {
			t.Errorf("time %v: got %v, %v", tm, got, err)
		}
	}
	for name, b := range map[string][]byte{"rfc3339": enc(projtest.Base.Format(time.RFC3339Nano)), "legacy array": enc([]int64{projtest.Base.Unix(), 0})} {
		r := mpReader{b: b}
		if got, err := r.time(); err != nil || !got.Equal(projtest.Base) {
			t.Errorf("time as %s: got %v, %v", name, got, err)
		}
	}
	r := mpReader{b: enc(nil)}
	if tm, err := r.time(); err != nil || !tm.IsZero() {
		t.Errorf("nil time: %v, %v", tm, err)
	}
	for _, v := range []bool{true, false} {
		r := mpReader{b: enc(v)}
		if got, err := r.bool(); err != nil || got != v {
			t.Errorf("bool %v: %v, %v", v, got, err)
		}
	}

	nested := map[string]any{
		"a": []any{1, -200, 3.5, float32(1.5), "s", []byte("bin"), nil, true, projtest.Base, time.Unix(1<<35, 1),
			map[string]any{"deep": []any{[]any{strings.Repeat("y", 300)}}}},
		"big":  make([]int, 20),
		"wide": map[string]int{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10, "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16, "q": 17},
		"long": strings.Repeat("z", 70000),
	}
	b := append(enc(nested), 0x2a)
	r = mpReader{b: b}
	if err := r.skip(); err != nil || r.i != len(b)-1 {
		t.Errorf("skip nested: %v, stopped at %d of %d", err, r.i, len(b)-1)
	}
	ext := []byte{0xd4, 5, 1, 0xd5, 5, 1, 2, 0xd8, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc8, 0, 2, 5, 1, 2, 0x2a}
	r = mpReader{b: ext}
	for i := 0; i < 4; i++ {
		if err := r.skip(); err != nil {
			t.Fatalf("skip ext %d: %v", i, err)
		}
	}
	if r.i != len(ext)-1 {
		t.Errorf("skip ext stopped at %d of %d", r.i, len(ext)-1)
	}
}

// TestMpReaderBadInput asserts that every truncation of a real event and values of the
// wrong type are errors, never a panic or a silent value.
func TestMpReaderBadInput(t *testing.T) {
	t.Parallel()
	for _, m := range projtest.Scenario().Msgs {
		for i := 0; i < len(m.Data); i++ {
			if _, err := decodeForFold(nil, 1, projtest.Base, m.Subject, m.Header, m.Data[:i]); err == nil {
				t.Fatalf("%s truncated to %d of %d bytes: decoded", m.Subject, i, len(m.Data))
			}
		}
	}
	for name, tc := range map[string]struct {
		b    []byte
		read func(r *mpReader) error
	}{
		"string as int":   {[]byte{0xa1, 'x'}, func(r *mpReader) error { _, err := r.int64(); return err }},
		"int as string":   {[]byte{0x01}, func(r *mpReader) error { _, err := r.str(); return err }},
		"int as map":      {[]byte{0x01}, func(r *mpReader) error { _, err := r.mapLen(); return err }},
		"map as array":    {[]byte{0x80}, func(r *mpReader) error { _, err := r.arrayLen(); return err }},
		"int as bool":     {[]byte{0x01}, func(r *mpReader) error { _, err := r.bool(); return err }},
		"other extension": {[]byte{0xd6, 5, 0, 0, 0, 1}, func(r *mpReader) error { _, err := r.time(); return err }},
		"bad time length": {[]byte{0xd5, 0xff, 0, 1}, func(r *mpReader) error { _, err := r.time(); return err }},
		"never used code": {[]byte{0xc1}, func(r *mpReader) error { return r.skip() }},
		"long string cut": {[]byte{0xda, 0xff, 0xff, 'a'}, func(r *mpReader) error { return r.skip() }},
	} {
		if err := tc.read(&mpReader{b: tc.b}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestParseDeploySubjectAgrees asserts that the projector's subject parser returns what
// schemas.ParseDeploySubject does, errors included, for plain, escaped and malformed
// subjects.
func TestParseDeploySubjectAgrees(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"hokusai.deploy.requested.model-1", "hokusai.deploy.published.M_2", "hokusai.deploy.failed." + schemas.EncodeSubjectToken("a.b c"),
		"hokusai.deploy.failed.=", "hokusai.deploy.requested.", "hokusai.deploy.requested", "hokusai.deploy..m", "hokusai.deploy.x.a.b",
		"hokusai.deploy.x.a=2E", "hokusai.other.x.m", "hokusai.deploy.", "", "hokusai.deploy.requested.m*",
	} {
		typ, model, err := parseDeploySubject(s)
		wtyp, wmodel, werr := schemas.ParseDeploySubject(s)
		if typ != wtyp || model != wmodel || (err == nil) != (werr == nil) {
			t.Errorf("%q: got %q %q %v, want %q %q %v", s, typ, model, err, wtyp, wmodel, werr)
		}
	}
}

// TestInterner asserts that equal bytes give one shared string, that the string does not
// alias the bytes it was read from, and that the table starts over past its limit.
func TestInterner(t *testing.T) {
	t.Parallel()
	var in interner
	b := []byte("request-1")
	s := in.str(b)
	b[0] = 'X'
	if s != "request-1" {
		t.Fatalf("interned string changed with its source bytes: %q", s)
	}
	if again := in.str([]byte("request-1")); unsafe.StringData(again) != unsafe.StringData(s) {
		t.Error("equal bytes gave a second string")
	}
	for i := 0; i < internLimit; i++ {
		in.str([]byte(strconv.Itoa(i)))
	}
	if n := len(in.m); n > internLimit {
		t.Errorf("%d entries, limit %d", n, internLimit)
	}
}
