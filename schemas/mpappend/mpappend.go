// Package mpappend appends msgpack values to a byte slice in exactly the form
// vmihailenco/msgpack writes them with compact integers, so that hand-written encoders
// on hot paths (Stellar invocations, projection states) produce the bytes the codec
// would.
package mpappend

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

func Nil(b []byte) []byte { return append(b, msgpcode.Nil) }

func Bool(b []byte, v bool) []byte {
	if v {
		return append(b, msgpcode.True)
	}
	return append(b, msgpcode.False)
}

func Str(b []byte, s string) []byte { return append(StrLen(b, len(s)), s...) }

// StrLen writes the header of a string of l bytes; the caller appends the bytes.
func StrLen(b []byte, l int) []byte {
	switch {
	case l < 32:
		return append(b, msgpcode.FixedStrLow|byte(l))
	case l < 256:
		return append(b, msgpcode.Str8, byte(l))
	case l <= math.MaxUint16:
		return append(b, msgpcode.Str16, byte(l>>8), byte(l))
	}
	return binary.BigEndian.AppendUint32(append(b, msgpcode.Str32), uint32(l))
}

func ArrayLen(b []byte, l int) []byte {
	switch {
	case l < 16:
		return append(b, msgpcode.FixedArrayLow|byte(l))
	case l <= math.MaxUint16:
		return append(b, msgpcode.Array16, byte(l>>8), byte(l))
	}
	return binary.BigEndian.AppendUint32(append(b, msgpcode.Array32), uint32(l))
}

func MapLen(b []byte, l int) []byte {
	switch {
	case l < 16:
		return append(b, msgpcode.FixedMapLow|byte(l))
	case l <= math.MaxUint16:
		return append(b, msgpcode.Map16, byte(l>>8), byte(l))
	}
	return binary.BigEndian.AppendUint32(append(b, msgpcode.Map32), uint32(l))
}

func Uint(b []byte, n uint64) []byte {
	switch {
	case n <= math.MaxInt8:
		return append(b, byte(n))
	case n <= math.MaxUint8:
		return append(b, msgpcode.Uint8, byte(n))
	case n <= math.MaxUint16:
		return append(b, msgpcode.Uint16, byte(n>>8), byte(n))
	case n <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, msgpcode.Uint32), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(b, msgpcode.Uint64), n)
}

func Int(b []byte, n int64) []byte {
	switch {
	case n >= 0:
		return Uint(b, uint64(n))
	case n >= int64(int8(msgpcode.NegFixedNumLow)):
		return append(b, byte(n))
	case n >= math.MinInt8:
		return append(b, msgpcode.Int8, byte(n))
	case n >= math.MinInt16:
		return append(b, msgpcode.Int16, byte(n>>8), byte(n))
	case n >= math.MinInt32:
		return binary.BigEndian.AppendUint32(append(b, msgpcode.Int32), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(b, msgpcode.Int64), uint64(n))
}

// mpTime writes msgpack's timestamp extension (type -1) in its 4, 8 or 12 byte form.
func Time(b []byte, t time.Time) []byte {
	secs := uint64(t.Unix())
	if secs>>34 == 0 {
		data := uint64(t.Nanosecond())<<34 | secs
		if data&0xffffffff00000000 == 0 {
			return binary.BigEndian.AppendUint32(append(b, msgpcode.FixExt4, 0xff), uint32(data))
		}
		return binary.BigEndian.AppendUint64(append(b, msgpcode.FixExt8, 0xff), data)
	}
	b = append(b, msgpcode.Ext8, 12, 0xff)
	b = binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
	return binary.BigEndian.AppendUint64(b, secs)
}
