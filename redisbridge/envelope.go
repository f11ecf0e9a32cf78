package redisbridge

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
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
//
// It runs for every inbound message, so it validates once (json.Valid) and then walks
// the top level by hand instead of decoding the whole document.
func peekModelID(raw []byte) string {
	if !json.Valid(raw) {
		return ""
	}
	top := objectValues(raw, "model_id", "payload")
	if s, ok := jsonString(top[0]); ok {
		return s
	}
	if p := top[1]; len(p) > 0 && p[0] == '{' {
		if s, ok := jsonString(objectValues(p, "model_id")[0]); ok {
			return s
		}
	}
	return ""
}

// objectValues returns the raw values of the given keys of a valid JSON object (nil for
// a key that is absent, or when doc is not an object). A repeated key keeps its last
// value, as encoding/json does.
func objectValues(doc []byte, keys ...string) [][]byte {
	out := make([][]byte, len(keys))
	i := skipSpace(doc, 0)
	if i >= len(doc) || doc[i] != '{' {
		return out
	}
	i++
	for {
		i = skipSpace(doc, i)
		if doc[i] == '}' {
			return out
		}
		kEnd := skipString(doc, i)
		key := doc[i:kEnd]
		i = skipSpace(doc, kEnd) + 1 // the colon
		i = skipSpace(doc, i)
		vEnd := skipValue(doc, i)
		if name, ok := jsonString(key); ok {
			for k, want := range keys {
				if name == want {
					out[k] = doc[i:vEnd]
				}
			}
		}
		i = skipSpace(doc, vEnd)
		if doc[i] == '}' {
			return out
		}
		i++ // the comma
	}
}

func skipSpace(doc []byte, i int) int {
	for i < len(doc) && (doc[i] == ' ' || doc[i] == '\t' || doc[i] == '\n' || doc[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at doc[i] (a quote).
func skipString(doc []byte, i int) int {
	for i++; i < len(doc); i++ {
		switch doc[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// skipValue returns the index after the value starting at doc[i], in a valid document.
func skipValue(doc []byte, i int) int {
	switch doc[i] {
	case '"':
		return skipString(doc, i)
	case '{', '[':
		depth := 0
		for ; i < len(doc); i++ {
			switch doc[i] {
			case '"':
				i = skipString(doc, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	default: // number, true, false, null
		for i < len(doc) && doc[i] != ',' && doc[i] != '}' && doc[i] != ']' &&
			doc[i] != ' ' && doc[i] != '\t' && doc[i] != '\n' && doc[i] != '\r' {
			i++
		}
		return i
	}
}

// jsonString decodes a raw JSON string value; ok is false for any other value.
func jsonString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	// Escapes and invalid UTF-8 (which encoding/json turns into U+FFFD, as the validator
	// will) take the slow path.
	if !bytes.ContainsAny(v, "\\") && utf8.Valid(v) {
		return string(v[1 : len(v)-1]), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}
