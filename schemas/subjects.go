package schemas

import (
	"errors"
	"fmt"
	"strings"
)

// Stream names and the subject spaces they own.
const (
	StreamHokusai = "HOKUSAI"
	StreamStellar = "STELLAR"

	SubjectsHokusai = "hokusai.>"
	SubjectsStellar = "stellar.>"
)

// DeploySubject is the subject of a deploy-flow event for one model:
// hokusai.deploy.<event>.<encoded model id>.
func DeploySubject(ev EventType, modelID string) string {
	return "hokusai.deploy." + string(ev) + "." + EncodeSubjectToken(modelID)
}

// DeployFilter matches every model's events of one type.
func DeployFilter(ev EventType) string {
	return "hokusai.deploy." + string(ev) + ".>"
}

// ParseDeploySubject splits a deploy-flow subject into its event type and model id.
func ParseDeploySubject(subject string) (EventType, string, error) {
	parts := strings.SplitN(subject, ".", 4)
	if len(parts) != 4 || parts[0] != "hokusai" || parts[1] != "deploy" {
		return "", "", fmt.Errorf("parse deploy subject %q: not hokusai.deploy.<event>.<model>", subject)
	}
	model, err := DecodeSubjectToken(parts[3])
	if err != nil {
		return "", "", fmt.Errorf("parse deploy subject %q: %w", subject, err)
	}
	return EventType(parts[2]), model, nil
}

// ErrBadSubjectToken reports a token that EncodeSubjectToken cannot have produced.
var ErrBadSubjectToken = errors.New("malformed subject token")

// EncodeSubjectToken turns any string into one NATS subject token, reversibly.
//
// Letters, digits, '-' and '_' stand for themselves, so ordinary ids stay readable in
// subjects and filters ("model-42" -> "model-42"). Every other byte, including '.', '*',
// '>', white space, '=' and each byte of a multi-byte UTF-8 rune, becomes "=XX" (upper
// case hex). The empty string becomes "=", which no other input produces. The result never
// contains a subject separator or wildcard, whatever the input, and round-trips through
// DecodeSubjectToken byte for byte, invalid UTF-8 included. '=' is the escape because it
// is valid both in subjects and in JetStream KV keys, so the same token keys a model's
// entry in a KV bucket.
func EncodeSubjectToken(s string) string {
	if s == "" {
		return "="
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if tokenSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('=')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

// DecodeSubjectToken reverses EncodeSubjectToken.
func DecodeSubjectToken(tok string) (string, error) {
	if tok == "=" {
		return "", nil
	}
	if tok == "" {
		return "", fmt.Errorf("%w: empty", ErrBadSubjectToken)
	}
	var b strings.Builder
	b.Grow(len(tok))
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		switch {
		case tokenSafe(c):
			b.WriteByte(c)
		case c == '=' && i+2 < len(tok):
			hi, ok1 := unhex(tok[i+1])
			lo, ok2 := unhex(tok[i+2])
			if !ok1 || !ok2 {
				return "", fmt.Errorf("%w: bad escape at %d in %q", ErrBadSubjectToken, i, tok)
			}
			v := hi<<4 | lo
			if tokenSafe(v) {
				// Canonical form only: a safe byte is never escaped, so that every
				// string has exactly one encoding.
				return "", fmt.Errorf("%w: needless escape at %d in %q", ErrBadSubjectToken, i, tok)
			}
			b.WriteByte(v)
			i += 2
		default:
			return "", fmt.Errorf("%w: byte %q at %d in %q", ErrBadSubjectToken, c, i, tok)
		}
	}
	return b.String(), nil
}

func tokenSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
