package redisbridge

import (
	"crypto/rand"
	"encoding/json"
	"strings"
	"time"
)

// An entry of the processing list is an envelope: the request id the bridge gave the
// message, then the message byte for byte:
//
//	"\x00cr1\x00" <request id> "\n" <raw message>
//
// The leading NUL cannot start a JSON document, so a raw message left in the processing
// list (by a crash right after BLMOVE, or by the legacy service that used the same list)
// is told apart from an envelope and adopted with a fresh id.
const envelopeMagic = "\x00cr1\x00"

// entry is a claimed message.
type entry struct {
	id  string
	raw []byte
	// env is the envelope as stored in the processing list.
	env string
}

// prefix is the start of the entry's envelope, enough to recognise it in the list.
func (e entry) prefix() string { return envelopeMagic + e.id + "\n" }

func encodeEnvelope(id string, raw []byte) string {
	return envelopeMagic + id + "\n" + string(raw)
}

// decodeEnvelope splits an envelope; ok is false for anything else.
func decodeEnvelope(env string) (entry, bool) {
	if !strings.HasPrefix(env, envelopeMagic) {
		return entry{}, false
	}
	id, raw, found := strings.Cut(env[len(envelopeMagic):], "\n")
	if !found || id == "" {
		return entry{}, false
	}
	return entry{id: id, raw: []byte(raw), env: env}, true
}

// newIDPrefix returns the prefix of the request ids of one claim: "r-" + a ULID + "-".
// The claim script appends a counter, so every id is unique without a Redis counter
// that a Redis without persistence would reset (and JetStream would then drop new
// messages as duplicates of old ones).
func newIDPrefix(now time.Time) string {
	return "r-" + ulid(now) + "-"
}

// ulid is a ULID: 48 bits of Unix milliseconds and 80 random bits, Crockford base32.
func ulid(now time.Time) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	_, _ = rand.Read(b[6:])
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var out [26]byte
	// 128 bits as 26 base32 digits, the first holding the top 3 bits.
	hi := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
		uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	lo := uint64(b[8])<<56 | uint64(b[9])<<48 | uint64(b[10])<<40 | uint64(b[11])<<32 |
		uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15])
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// idTime reads the claim time back from a request id made by newIDPrefix, so that a
// message published again after a crash carries the same received_at.
func idTime(id string) (time.Time, bool) {
	if len(id) < 2+26 || !strings.HasPrefix(id, "r-") {
		return time.Time{}, false
	}
	var ms uint64
	// 26 digits carry 130 bits, the top 2 always zero: the first 10 digits are exactly
	// the 48-bit timestamp.
	for _, c := range id[2:12] {
		v := strings.IndexRune("0123456789ABCDEFGHJKMNPQRSTVWXYZ", c)
		if v < 0 {
			return time.Time{}, false
		}
		ms = ms<<5 | uint64(v)
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

// peekModelID reads model_id from a flat message or payload.model_id from an envelope;
// empty when the message is not JSON or has neither as a string. Type mismatches
// elsewhere in the message do not matter: the validator judges the message, the bridge
// only routes it.
func peekModelID(raw []byte) string {
	var v struct {
		ModelID json.RawMessage `json:"model_id"`
		Payload json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	str := func(m json.RawMessage) (string, bool) {
		var s string
		if len(m) == 0 || m[0] != '"' || json.Unmarshal(m, &s) != nil {
			return "", false
		}
		return s, true
	}
	if s, ok := str(v.ModelID); ok {
		return s
	}
	var p struct {
		ModelID json.RawMessage `json:"model_id"`
	}
	if len(v.Payload) > 0 && v.Payload[0] == '{' && json.Unmarshal(v.Payload, &p) == nil {
		if s, ok := str(p.ModelID); ok {
			return s
		}
	}
	return ""
}
