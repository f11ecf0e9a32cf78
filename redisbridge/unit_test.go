package redisbridge

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
)

// TestEnvelopeRoundTrip asserts that an envelope gives back its id and payload byte for
// byte, newlines and NULs in the payload included, and that raw messages are not taken
// for envelopes.
func TestEnvelopeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"", "{}", "a\nb\x00c", "\x00cr1\x00"} {
		e, ok := decodeEnvelope(encodeEnvelope("r-1", []byte(raw)))
		if !ok || e.id != "r-1" || string(e.raw) != raw {
			t.Errorf("round trip of %q = %+v, %v", raw, e, ok)
		}
	}
	for _, raw := range []string{"", `{"model_id":"m"}`, "\x00cr1\x00no-newline", "\x00cr1\x00\n{}"} {
		if _, ok := decodeEnvelope(raw); ok {
			t.Errorf("%q taken for an envelope", raw)
		}
	}
}

// TestRequestIDTime asserts that request ids are unique and carry their claim time to
// the millisecond.
func TestRequestIDTime(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 123_000_000, time.UTC)
	a, b := newIDPrefix(now)+"1", newIDPrefix(now)+"1"
	if a == b {
		t.Fatalf("two claims made the same id %s", a)
	}
	got, ok := idTime(a)
	if !ok || !got.Equal(now) {
		t.Fatalf("idTime(%s) = %s, %v; want %s", a, got, ok, now)
	}
	if _, ok := idTime("legacy-id"); ok {
		t.Error("idTime accepted a foreign id")
	}
}

// TestPeekModelID asserts where the model id is read from, and that anything else gives
// the empty id rather than an error.
func TestPeekModelID(t *testing.T) {
	t.Parallel()
	cases := []struct{ raw, want string }{
		{`{"model_id":"flat"}`, "flat"},
		{`{"payload":{"model_id":"env"}}`, "env"},
		{`{"model_id":"top","payload":{"model_id":"inner"}}`, "top"},
		{`{"model_id":7,"payload":{"model_id":"inner"}}`, "inner"},
		{`{"payload":"str"}`, ""},
		{`{"other":{"model_id":"no"},"payload":{"x":[1,{"model_id":"no"}],"model_id":"yes"}}`, "yes"},
		{`{"a":"\"model_id\":\"no\""}`, ""},
		{` { "model\u005fid" : "esc\n" } `, "esc\n"},
		{`{"model_id":"a","model_id":"b"}`, "b"},
		{`{"model_id":"x"`, ""},
		{`[1,2]`, ""},
		{`not json`, ""},
		{``, ""},
	}
	for _, c := range cases {
		if got := peekModelID([]byte(c.raw)); got != c.want {
			t.Errorf("peekModelID(%s) = %q, want %q", c.raw, got, c.want)
		}
	}
}

// TestConfigCheck asserts defaults and the refusals of Config.Check.
func TestConfigCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"defaults", Config{}, ""},
		{"shared key", Config{Lists: Lists{Inbound: "q", Outbound: "q"}}, "both"},
		{"bad url", Config{Redis: RedisConfig{URL: "http://x"}}, "redis url"},
		{"password twice", Config{Redis: RedisConfig{Password: "a", PasswordFile: "f"}}, "not both"},
		{"cert without key", Config{Redis: RedisConfig{CertFile: "c"}}, "cert and key"},
		{"batch too big", Config{BatchSize: 100000}, "batch size"},
	}
	for _, c := range cases {
		err := c.cfg.Check()
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantErr)
		}
	}
	var c Config
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	if c.Lists != DefaultLists() || c.BatchSize != 512 || c.BlockTimeout != 2*time.Second || c.Redis.URL != DefaultRedisURL {
		t.Errorf("defaults: %+v", c)
	}
}

// TestBackoff asserts that the back-off grows, stays within its bounds and resets.
func TestBackoff(t *testing.T) {
	t.Parallel()
	b := backoff{min: 100 * time.Millisecond, max: time.Second}
	for i := range 20 {
		d := b.next()
		ceil := min(b.max, b.min<<i)
		if d < ceil/2 || d > ceil {
			t.Fatalf("attempt %d: %s not in [%s, %s]", i, d, ceil/2, ceil)
		}
	}
	b.reset()
	if d := b.next(); d > b.min {
		t.Fatalf("after reset: %s", d)
	}
}

// TestRedactURL asserts that a password in a Redis URL never reaches a log.
func TestRedactURL(t *testing.T) {
	t.Parallel()
	if got := redactURL("redis://user:secret@h:6379/0"); strings.Contains(got, "secret") {
		t.Fatalf("redactURL leaked: %s", got)
	}
}

// TestClassOf asserts the error classifier.
func TestClassOf(t *testing.T) {
	t.Parallel()
	err := opErr("claim batch", ClassRedis, errors.New("EOF"))
	if ClassOf(err) != ClassRedis || ClassOf(errors.New("x")) != ClassOther {
		t.Fatal("classifier")
	}
	if e := (*Error)(nil); errors.As(err, &e) && !e.Retryable() {
		t.Fatal("redis errors are retryable")
	}
}

// TestRedisAuth asserts that the bridge logs in as an ACL user with a password read
// from a file, and fails its health check with a wrong one.
func TestRedisAuth(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t, redistest.Password("admin-pw"),
		redistest.Args("--user", "bridge", "on", ">bridge-pw", "~*", "&*", "+@all"))
	dir := t.TempDir()
	write := func(name, pw string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(pw+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name   string
		file   string
		wantOK bool
	}{
		{"right password", write("good", "bridge-pw"), true},
		{"wrong password", write("bad", "nope"), false},
	}
	for _, c := range cases {
		rdb, err := NewRedisClient(RedisConfig{URL: "redis://" + srv.Addr() + "/0", Username: "bridge", PasswordFile: c.file})
		if err != nil {
			t.Fatal(err)
		}
		err = rdb.Ping(context.Background()).Err()
		_ = rdb.Close()
		if (err == nil) != c.wantOK {
			t.Errorf("%s: ping error %v", c.name, err)
		}
	}
}

// peekModelIDReference is the obvious implementation peekModelID must agree with.
func peekModelIDReference(raw []byte) string {
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

// FuzzPeekModelID asserts that the hand-written walk reads the same model id as
// encoding/json for any input.
func FuzzPeekModelID(f *testing.F) {
	for _, s := range []string{`{"model_id":"m"}`, `{"payload":{"model_id":"e"}}`, `{"a":[{"model_id":1}],"model_id":"\u00e9"}`, "{\"model_id\":\"\xff\"}", `[]`, `"s"`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, want := peekModelID(raw), peekModelIDReference(raw); got != want {
			t.Fatalf("peekModelID(%q) = %q, reference %q", raw, got, want)
		}
	})
}
