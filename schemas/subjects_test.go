package schemas

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSubjectTokenRoundTrip asserts that hostile model ids encode to one subject-safe
// token and decode back byte for byte.
func TestSubjectTokenRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"model-42", "model-42"},
		{"", "="},
		{"a.b", "a=2Eb"},
		{"*", "=2A"},
		{">", "=3E"},
		{"has space", "has=20space"},
		{"=", "=3D"},
		{"日本", "=E6=97=A5=E6=9C=AC"},
		{"\xff", "=FF"},
		{strings.Repeat("x.", 150), strings.Repeat("x=2E", 150)},
	}
	for _, tc := range tests {
		got := EncodeSubjectToken(tc.in)
		if got != tc.want {
			t.Errorf("Encode(%q) = %q, want %q", tc.in, got, tc.want)
		}
		back, err := DecodeSubjectToken(got)
		if err != nil || back != tc.in {
			t.Errorf("Decode(%q) = %q, %v; want %q", got, back, err, tc.in)
		}
	}
}

// TestDecodeSubjectTokenRejects asserts that tokens EncodeSubjectToken cannot produce
// are refused rather than silently mapped.
func TestDecodeSubjectTokenRejects(t *testing.T) {
	t.Parallel()
	for _, tok := range []string{"", "=4", "=zz", "=41", "a.b", "a b", "=2e", "~41"} {
		if _, err := DecodeSubjectToken(tok); !errors.Is(err, ErrBadSubjectToken) {
			t.Errorf("Decode(%q) err = %v, want ErrBadSubjectToken", tok, err)
		}
	}
}

// TestDeploySubjectParse asserts that a deploy subject splits back into event and model.
func TestDeploySubjectParse(t *testing.T) {
	t.Parallel()
	subj := DeploySubject(EventValidated, "org/model v1.2")
	ev, model, err := ParseDeploySubject(subj)
	if err != nil || ev != EventValidated || model != "org/model v1.2" {
		t.Fatalf("Parse(%q) = %q, %q, %v", subj, ev, model, err)
	}
	if _, _, err := ParseDeploySubject("stellar.x.y"); err == nil {
		t.Error("parsed a non-deploy subject")
	}
}

// FuzzSubjectToken asserts that any byte string encodes to a single valid NATS subject
// token (no separator, wildcard or white space) that decodes back to the input.
func FuzzSubjectToken(f *testing.F) {
	for _, s := range []string{"", "model-1", "a.b.*.>", " \t\n", "日本語", "\x00\xff", strings.Repeat("é", 120)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok := EncodeSubjectToken(s)
		if tok == "" || strings.ContainsAny(tok, ".*> \t\r\n") || !utf8.ValidString(tok) {
			t.Fatalf("Encode(%q) = %q is not a safe token", s, tok)
		}
		back, err := DecodeSubjectToken(tok)
		if err != nil || back != s {
			t.Fatalf("round trip %q -> %q -> %q, %v", s, tok, back, err)
		}
	})
}

// TestMetaHeaderRoundTrip asserts that every header field survives Header and back.
func TestMetaHeaderRoundTrip(t *testing.T) {
	t.Parallel()
	m := Meta{MsgID: "id", EventType: "validated", SchemaVersion: 3, CorrelationID: "c", CausationID: "k", ContentType: ContentTypeMsgpack}
	got, err := MetaFromHeader(m.Header())
	if err != nil || got != m {
		t.Fatalf("round trip = %+v, %v; want %+v", got, err, m)
	}
	h := m.Header()
	h.Set(HeaderSchemaVersion, "x")
	if _, err := MetaFromHeader(h); err == nil {
		t.Error("bad schema version accepted")
	}
}

// TestCodecRoundTrip asserts that an event survives msgpack encoding.
func TestCodecRoundTrip(t *testing.T) {
	t.Parallel()
	in := Failed{RequestID: "r", ModelID: "m", Stage: "deployer", Class: "x", Attempts: 3, Input: []byte{0, 1}}
	b, err := Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Failed
	if err := Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.RequestID != in.RequestID || out.Attempts != 3 || string(out.Input) != string(in.Input) {
		t.Fatalf("round trip = %+v", out)
	}
	if err := Unmarshal([]byte{0xc1}, &out); err == nil {
		t.Error("garbage decoded")
	}
}
