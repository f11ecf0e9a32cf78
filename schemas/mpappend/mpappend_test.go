package mpappend

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vmihailenco/msgpack/v5"
)

// encode is what the codec writes for v with compact integers.
func encode(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.UseCompactInts(true)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMatchesCodec asserts that every appender writes exactly the codec's bytes at the
// edges of each encoding width.
func TestMatchesCodec(t *testing.T) {
	t.Parallel()
	var cases []struct {
		name string
		got  []byte
		want any
	}
	add := func(name string, got []byte, want any) {
		cases = append(cases, struct {
			name string
			got  []byte
			want any
		}{name, got, want})
	}
	for _, n := range []uint64{0, 127, 128, 255, 256, math.MaxUint16, math.MaxUint16 + 1, math.MaxUint32, math.MaxUint32 + 1, math.MaxUint64} {
		add("uint", Uint(nil, n), n)
	}
	for _, n := range []int64{-1, -32, -33, math.MinInt8, math.MinInt8 - 1, math.MinInt16, math.MinInt16 - 1, math.MinInt32, math.MinInt32 - 1, math.MinInt64, 5} {
		add("int", Int(nil, n), n)
	}
	for _, l := range []int{0, 31, 32, 255, 256, 65535, 65536} {
		add("str", Str(nil, strings.Repeat("x", l)), strings.Repeat("x", l))
		add("str header", append(StrLen(nil, l), strings.Repeat("x", l)...), strings.Repeat("x", l))
	}
	for _, tm := range []time.Time{time.Unix(0, 0), time.Unix(1<<32-1, 0), time.Unix(1<<32, 5), time.Unix(1<<34, 1), time.Unix(-1, 0)} {
		add("time", Time(nil, tm), tm)
	}
	add("nil", Nil(nil), nil)
	add("true", Bool(nil, true), true)
	add("false", Bool(nil, false), false)
	for _, tc := range cases {
		if want := encode(t, tc.want); !bytes.Equal(tc.got, want) {
			t.Errorf("%s %v: % x, codec writes % x", tc.name, tc.want, tc.got, want)
		}
	}
	for _, l := range []int{0, 15, 16, 65535, 65536} {
		arr := make([]any, l)
		if got, want := ArrayLen(nil, l), encode(t, arr); !bytes.Equal(got, want[:len(got)]) {
			t.Errorf("array header %d: % x, codec % x", l, got, want[:len(got)])
		}
	}
}
