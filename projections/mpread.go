package projections

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// mpReader reads msgpack straight from a byte slice: the replay decodes a million events,
// and the general decoder's reader interface, reflection and copies of skipped fields
// were most of the cost. It accepts what the schemas' encoder writes and what msgpack
// allows in its place (any integer width, nil for an absent value, bin for a string,
// the timestamp extension, an RFC 3339 string or the legacy [sec, nsec] array for a time).
type mpReader struct {
	b []byte
	i int
	// shared, when set, shares the strings read (see interner).
	shared *interner
}

// interner hands out one string for equal bytes seen recently. A model's events repeat
// its request id, token, addresses and network, and a replay decodes a million events:
// sharing the strings saves most of the decoder's allocations. It forgets everything
// past internLimit entries, which holds the strings of the few hundred models a log
// interleaves at a time.
type interner struct {
	m map[string]string
}

const internLimit = 8192

func (in *interner) str(b []byte) string {
	if s, ok := in.m[string(b)]; ok {
		return s
	}
	if in.m == nil {
		in.m = make(map[string]string, internLimit)
	} else if len(in.m) >= internLimit {
		clear(in.m)
	}
	s := string(b)
	in.m[s] = s
	return s
}

var errTruncated = errors.New("msgpack: truncated")

func mpUnexpected(c byte, want string) error {
	return fmt.Errorf("msgpack: unexpected code %#x decoding %s", c, want)
}

func (r *mpReader) next() (byte, error) {
	if r.i >= len(r.b) {
		return 0, errTruncated
	}
	c := r.b[r.i]
	r.i++
	return c, nil
}

func (r *mpReader) take(n int) ([]byte, error) {
	if n < 0 || len(r.b)-r.i < n {
		return nil, errTruncated
	}
	p := r.b[r.i : r.i+n]
	r.i += n
	return p, nil
}

// uintN reads an n-byte big-endian unsigned length or number.
func (r *mpReader) uintN(n int) (uint64, error) {
	p, err := r.take(n)
	if err != nil {
		return 0, err
	}
	switch n {
	case 1:
		return uint64(p[0]), nil
	case 2:
		return uint64(binary.BigEndian.Uint16(p)), nil
	case 4:
		return uint64(binary.BigEndian.Uint32(p)), nil
	}
	return binary.BigEndian.Uint64(p), nil
}

// mapLen reads a map header; nil is an empty map.
func (r *mpReader) mapLen() (int, error) {
	c, err := r.next()
	if err != nil {
		return 0, err
	}
	switch {
	case c >= msgpcode.FixedMapLow && c <= msgpcode.FixedMapHigh:
		return int(c & 0x0f), nil
	case c == msgpcode.Map16:
		n, err := r.uintN(2)
		return int(n), err
	case c == msgpcode.Map32:
		n, err := r.uintN(4)
		return int(n), err
	case c == msgpcode.Nil:
		return 0, nil
	}
	return 0, mpUnexpected(c, "map")
}

// arrayLen reads an array header; nil is -1.
func (r *mpReader) arrayLen() (int, error) {
	c, err := r.next()
	if err != nil {
		return 0, err
	}
	switch {
	case c >= msgpcode.FixedArrayLow && c <= msgpcode.FixedArrayHigh:
		return int(c & 0x0f), nil
	case c == msgpcode.Array16:
		n, err := r.uintN(2)
		return int(n), err
	case c == msgpcode.Array32:
		n, err := r.uintN(4)
		return int(n), err
	case c == msgpcode.Nil:
		return -1, nil
	}
	return 0, mpUnexpected(c, "array")
}

// strBytes reads a string (or bin) without copying it; nil is empty.
func (r *mpReader) strBytes() ([]byte, error) {
	c, err := r.next()
	if err != nil {
		return nil, err
	}
	return r.strAfter(c)
}

func (r *mpReader) strAfter(c byte) ([]byte, error) {
	var n uint64
	var err error
	switch {
	case c >= msgpcode.FixedStrLow && c <= msgpcode.FixedStrHigh:
		n = uint64(c & 0x1f)
	case c == msgpcode.Str8 || c == msgpcode.Bin8:
		n, err = r.uintN(1)
	case c == msgpcode.Str16 || c == msgpcode.Bin16:
		n, err = r.uintN(2)
	case c == msgpcode.Str32 || c == msgpcode.Bin32:
		n, err = r.uintN(4)
	case c == msgpcode.Nil:
		return nil, nil
	default:
		return nil, mpUnexpected(c, "string")
	}
	if err != nil {
		return nil, err
	}
	return r.take(int(n))
}

func (r *mpReader) str() (string, error) {
	p, err := r.strBytes()
	if err == nil && r.shared != nil {
		return r.shared.str(p), nil
	}
	return string(p), err
}

func (r *mpReader) strs() ([]string, error) {
	n, err := r.arrayLen()
	if err != nil || n < 0 {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		if out[i], err = r.str(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// int64 reads any integer (or a float, truncated, as the general decoder does); nil is 0.
func (r *mpReader) int64() (int64, error) {
	c, err := r.next()
	if err != nil {
		return 0, err
	}
	switch {
	case c <= msgpcode.PosFixedNumHigh:
		return int64(c), nil
	case c >= msgpcode.NegFixedNumLow:
		return int64(int8(c)), nil
	}
	switch c {
	case msgpcode.Uint8, msgpcode.Uint16, msgpcode.Uint32, msgpcode.Uint64:
		n, err := r.uintN(1 << (c - msgpcode.Uint8))
		return int64(n), err
	case msgpcode.Int8:
		n, err := r.uintN(1)
		return int64(int8(n)), err
	case msgpcode.Int16:
		n, err := r.uintN(2)
		return int64(int16(n)), err
	case msgpcode.Int32:
		n, err := r.uintN(4)
		return int64(int32(n)), err
	case msgpcode.Int64:
		n, err := r.uintN(8)
		return int64(n), err
	case msgpcode.Float:
		n, err := r.uintN(4)
		return int64(math.Float32frombits(uint32(n))), err
	case msgpcode.Double:
		n, err := r.uintN(8)
		return int64(math.Float64frombits(n)), err
	case msgpcode.Nil:
		return 0, nil
	}
	return 0, mpUnexpected(c, "integer")
}

func (r *mpReader) uint64() (uint64, error) {
	n, err := r.int64()
	return uint64(n), err
}

func (r *mpReader) int() (int, error) {
	n, err := r.int64()
	return int(n), err
}

func (r *mpReader) bool() (bool, error) {
	c, err := r.next()
	switch {
	case err != nil:
		return false, err
	case c == msgpcode.True:
		return true, nil
	case c == msgpcode.False, c == msgpcode.Nil:
		return false, nil
	}
	return false, mpUnexpected(c, "bool")
}

// time reads a timestamp as UTC; nil is the zero time.
func (r *mpReader) time() (time.Time, error) {
	c, err := r.next()
	if err != nil {
		return time.Time{}, err
	}
	var n uint64
	switch c {
	case msgpcode.Nil:
		return time.Time{}, nil
	case msgpcode.FixExt4:
		n = 4
	case msgpcode.FixExt8:
		n = 8
	case msgpcode.Ext8:
		if n, err = r.uintN(1); err != nil {
			return time.Time{}, err
		}
	case msgpcode.FixedArrayLow | 2: // legacy [sec, nsec]
		sec, err := r.int64()
		if err != nil {
			return time.Time{}, err
		}
		nsec, err := r.int64()
		return time.Unix(sec, nsec).UTC(), err
	default:
		s, err := r.strAfter(c)
		if err != nil {
			return time.Time{}, mpUnexpected(c, "time")
		}
		t, err := time.Parse(time.RFC3339Nano, string(s))
		return t.UTC(), err
	}
	typ, err := r.next()
	if err != nil {
		return time.Time{}, err
	}
	if int8(typ) != -1 && typ != 13 {
		return time.Time{}, fmt.Errorf("msgpack: extension %d is not a time", int8(typ))
	}
	p, err := r.take(int(n))
	if err != nil {
		return time.Time{}, err
	}
	var t time.Time
	switch n {
	case 4:
		t = time.Unix(int64(binary.BigEndian.Uint32(p)), 0)
	case 8:
		v := binary.BigEndian.Uint64(p)
		t = time.Unix(int64(v&0x3ffffffff), int64(v>>34))
	case 12:
		t = time.Unix(int64(binary.BigEndian.Uint64(p[4:])), int64(binary.BigEndian.Uint32(p)))
	default:
		return time.Time{}, fmt.Errorf("msgpack: time of %d bytes", n)
	}
	return t.UTC(), nil
}

// skip passes over one value of any type.
func (r *mpReader) skip() error {
	c, err := r.next()
	if err != nil {
		return err
	}
	var n, elems uint64 // bytes to pass, then values to skip
	switch {
	case c <= msgpcode.PosFixedNumHigh, c >= msgpcode.NegFixedNumLow,
		c == msgpcode.Nil, c == msgpcode.True, c == msgpcode.False:
		return nil
	case c >= msgpcode.FixedMapLow && c <= msgpcode.FixedMapHigh:
		elems = 2 * uint64(c&0x0f)
	case c >= msgpcode.FixedArrayLow && c <= msgpcode.FixedArrayHigh:
		elems = uint64(c & 0x0f)
	case c >= msgpcode.FixedStrLow && c <= msgpcode.FixedStrHigh:
		n = uint64(c & 0x1f)
	default:
		switch c {
		case msgpcode.Uint8, msgpcode.Int8:
			n = 1
		case msgpcode.Uint16, msgpcode.Int16:
			n = 2
		case msgpcode.Uint32, msgpcode.Int32, msgpcode.Float:
			n = 4
		case msgpcode.Uint64, msgpcode.Int64, msgpcode.Double:
			n = 8
		case msgpcode.Str8, msgpcode.Bin8:
			n, err = r.uintN(1)
		case msgpcode.Str16, msgpcode.Bin16:
			n, err = r.uintN(2)
		case msgpcode.Str32, msgpcode.Bin32:
			n, err = r.uintN(4)
		case msgpcode.FixExt1, msgpcode.FixExt2, msgpcode.FixExt4, msgpcode.FixExt8, msgpcode.FixExt16:
			n = 1 + 1<<(c-msgpcode.FixExt1)
		case msgpcode.Ext8:
			n, err = r.uintN(1)
			n++
		case msgpcode.Ext16:
			n, err = r.uintN(2)
			n++
		case msgpcode.Ext32:
			n, err = r.uintN(4)
			n++
		case msgpcode.Array16:
			elems, err = r.uintN(2)
		case msgpcode.Array32:
			elems, err = r.uintN(4)
		case msgpcode.Map16:
			elems, err = r.uintN(2)
			elems *= 2
		case msgpcode.Map32:
			elems, err = r.uintN(4)
			elems *= 2
		default:
			return mpUnexpected(c, "any value")
		}
		if err != nil {
			return err
		}
	}
	if _, err := r.take(int(n)); err != nil {
		return err
	}
	for ; elems > 0; elems-- {
		if err := r.skip(); err != nil {
			return err
		}
	}
	return nil
}

// fields calls fn with every key of the map at r; fn must consume the value.
func (r *mpReader) fields(fn func(key []byte) error) error {
	n, err := r.mapLen()
	if err != nil {
		return err
	}
	for ; n > 0; n-- {
		k, err := r.strBytes()
		if err != nil {
			return err
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}
