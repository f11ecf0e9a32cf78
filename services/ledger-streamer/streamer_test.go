package ledgerstreamer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/network"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/stellar"
	"github.com/chainrelay/chainrelay/services/stellar/stellartest"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

const loadTestPassphrase = stellartest.LoadTestPassphrase

// harness is a real embedded JetStream with chainrelay's topology (STELLAR stream,
// cursors bucket) and helpers to run streamers against it.
type harness struct {
	t       *testing.T
	node    *natstest.Node
	cursors jetstream.KeyValue
	stream  jetstream.Stream
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	node := natstest.Start(t)
	ctx := context.Background()
	kv, err := node.JS.KeyValue(ctx, streams.BucketCursors)
	if err != nil {
		t.Fatal(err)
	}
	stream, err := node.JS.Stream(ctx, schemas.StreamStellar)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, node: node, cursors: kv, stream: stream}
}

type streamerOpts struct {
	file, passphrase, network string
	workers                   int
	reg                       prometheus.Registerer
	crashAfter                int
	end                       uint32
}

func (h *harness) streamer(o streamerOpts) *Streamer {
	h.t.Helper()
	src, err := stellar.OpenFile(o.file, stellar.FormatAuto)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { _ = src.Close() })
	ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: o.passphrase, Network: o.network})
	if err != nil {
		h.t.Fatal(err)
	}
	s, err := New(Config{JS: h.node.JS, Cursors: h.cursors, Source: src, Extractor: ex,
		Workers: o.workers, Registerer: o.reg, End: o.end, AckTimeout: 20 * time.Second})
	if err != nil {
		h.t.Fatal(err)
	}
	s.crashAfter = o.crashAfter
	return s
}

func (h *harness) run(s *Streamer) error {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return s.Run(ctx)
}

// messages returns every message of a network in stream order.
func (h *harness) messages(network string) []*jetstream.RawStreamMsg {
	h.t.Helper()
	ctx := context.Background()
	info, err := h.stream.Info(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && seq > 0; seq++ {
		m, err := h.stream.GetMsg(ctx, seq)
		if err != nil {
			h.t.Fatal(err)
		}
		if strings.HasPrefix(m.Subject, "stellar."+network+".") {
			out = append(out, m)
		}
	}
	return out
}

func (h *harness) cursor(network string) uint32 {
	h.t.Helper()
	c, err := loadCursor(context.Background(), h.cursors, network)
	if err != nil {
		h.t.Fatal(err)
	}
	return c.ledger
}

// assertExactlyOnce checks that the stream holds each invocation of the ledgers once, in
// ledger, transaction and operation order.
func (h *harness) assertExactlyOnce(network string, want int) {
	h.t.Helper()
	msgs := h.messages(network)
	if len(msgs) != want {
		h.t.Fatalf("%d messages of %s, want %d", len(msgs), network, want)
	}
	seen := map[string]bool{}
	var last [3]uint32
	for _, m := range msgs {
		id := m.Header.Get(schemas.HeaderMsgID)
		if seen[id] {
			h.t.Fatalf("message %s twice", id)
		}
		seen[id] = true
		l, tx, op, err := schemas.ParseStellarMsgID(id)
		if err != nil {
			h.t.Fatal(err)
		}
		cur := [3]uint32{l, tx, op}
		if cur[0] < last[0] || (cur[0] == last[0] && (cur[1] < last[1] || (cur[1] == last[1] && cur[2] < last[2]))) {
			h.t.Fatalf("message %s after %v", id, last)
		}
		last = cur
	}
}

// TestStreamerPublishesRealLedgers asserts that the protocol 23 ledgers are published
// completely, one message per invocation with the documented subject, headers and
// msgpack body, that the cursor ends on the last ledger, and that running again publishes
// nothing.
func TestStreamerPublishesRealLedgers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	reg := prometheus.NewRegistry()
	o := streamerOpts{file: stellartest.Fixture(t, stellartest.V23), passphrase: loadTestPassphrase, network: "loadtest", workers: 3, reg: reg}
	s := h.streamer(o)
	if err := h.run(s); err != nil {
		t.Fatal(err)
	}
	h.assertExactlyOnce("loadtest", 200)
	if got := h.cursor("loadtest"); got != 97 {
		t.Fatalf("cursor %d, want 97", got)
	}
	msgs := h.messages("loadtest")
	first := msgs[0]
	meta, err := schemas.MetaFromHeader(first.Header)
	if err != nil {
		t.Fatal(err)
	}
	var inv schemas.Invocation
	if err := schemas.Unmarshal(first.Data, &inv); err != nil {
		t.Fatal(err)
	}
	wantSubject := schemas.StellarSubject("loadtest", schemas.KindCall, inv.ContractID, "bulk_transfer")
	if first.Subject != wantSubject || meta.MsgID != "94:1:0" || meta.EventType != "stellar.invocation.call" ||
		meta.SchemaVersion != schemas.StellarSchemaVersion || meta.ContentType != schemas.ContentTypeMsgpack || meta.CorrelationID != inv.TxHash {
		t.Fatalf("subject %s meta %+v", first.Subject, meta)
	}
	if inv.Ledger != 94 || len(inv.ContractEvents) != 10 || len(inv.SubInvocations) != 10 || inv.Arguments[2].Type != schemas.ScVec {
		t.Fatalf("decoded invocation: ledger %d, %d events, %d sub-invocations", inv.Ledger, len(inv.ContractEvents), len(inv.SubInvocations))
	}
	if got := testutil.ToFloat64(s.m.ledgers); got != 3 {
		t.Errorf("ledgers metric %v", got)
	}
	if got := testutil.ToFloat64(s.m.invocations.WithLabelValues("call")); got != 200 {
		t.Errorf("invocations metric %v", got)
	}
	if n, err := testutil.GatherAndCount(reg, "chainrelay_stellar_cursor_ledger"); err != nil || n != 1 {
		t.Errorf("cursor gauge registered: %d %v", n, err)
	}

	again := h.streamer(streamerOpts{file: o.file, passphrase: loadTestPassphrase, network: "loadtest"})
	if err := h.run(again); err != nil {
		t.Fatal(err)
	}
	h.assertExactlyOnce("loadtest", 200)
	if got := testutil.ToFloat64(again.m.invocations.WithLabelValues("call")) + testutil.ToFloat64(again.m.duplicates); got != 0 {
		t.Errorf("second run published %v", got)
	}
}

// TestStreamerCrashRestartExactlyOnce asserts that a streamer killed mid-ledger, or
// after a whole ledger but before its cursor moved, and then restarted, leaves each
// invocation in the stream exactly once: the restart skips what the stream holds (without
// relying on JetStream's de-duplication: no publish is acknowledged as a duplicate) and
// publishes the rest, even with another network's messages stored after the crash.
func TestStreamerCrashRestartExactlyOnce(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		file         string
		crashAfter   int
		wantCursor   uint32 // after the crash
		otherNetwork bool
		total        int
		final        uint32
	}{
		{name: "mid-ledger, protocol 23", file: stellartest.V23, crashAfter: 37, wantCursor: 93, total: 200, final: 97},
		{name: "mid-ledger with another network after", file: stellartest.V22, crashAfter: 61, wantCursor: 0, otherNetwork: true, total: 200, final: 98},
		{name: "ledger published, cursor not moved", file: stellartest.V23, crashAfter: -1, wantCursor: 93, total: 200, final: 97},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			o := streamerOpts{file: stellartest.Fixture(t, tc.file), passphrase: loadTestPassphrase, network: "loadtest", workers: 2, crashAfter: tc.crashAfter}
			crashed := h.streamer(o)
			if err := h.run(crashed); !errors.Is(err, errCrashed) {
				t.Fatalf("first run: %v", err)
			}
			if got := h.cursor("loadtest"); got != tc.wantCursor {
				t.Fatalf("cursor after crash %d, want %d", got, tc.wantCursor)
			}
			before := len(h.messages("loadtest"))
			if before == 0 {
				t.Fatal("nothing published before the crash")
			}
			if tc.otherNetwork {
				other := h.streamer(streamerOpts{file: stellartest.Fixture(t, stellartest.Mainnet), passphrase: network.PublicNetworkPassphrase})
				if err := h.run(other); err != nil {
					t.Fatal(err)
				}
				h.assertExactlyOnce("pubnet", 1)
			}

			o.crashAfter = 0
			restarted := h.streamer(o)
			if err := h.run(restarted); err != nil {
				t.Fatal(err)
			}
			h.assertExactlyOnce("loadtest", tc.total)
			if got := h.cursor("loadtest"); got != tc.final {
				t.Fatalf("cursor %d, want %d", got, tc.final)
			}
			published := testutil.ToFloat64(restarted.m.invocations.WithLabelValues("call"))
			skipped := testutil.ToFloat64(restarted.m.skipped)
			dups := testutil.ToFloat64(restarted.m.duplicates)
			stored := before // every message stored before the crash is of a ledger after the cursor
			if dups != 0 || int(skipped) != stored || int(published) != tc.total-stored {
				t.Fatalf("restart: published %v, skipped %v, duplicates %v; %d were stored", published, skipped, dups, stored)
			}
		})
	}
}

// badStreamFile writes the v23 ledgers as a record-marked stream, uncompressed, with
// damage: the third ledger's XDR cut short inside an intact frame ("corrupt"), or the
// file cut in the middle of the third frame ("truncated").
func badStreamFile(t *testing.T, damage string) string {
	t.Helper()
	src, err := stellar.OpenFile(stellartest.Fixture(t, stellartest.V23), stellar.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for i, seq := range src.Sequences() {
		raw, _ := src.GetRawLedger(context.Background(), seq)
		if i == 2 && damage == "corrupt" {
			raw = raw[:len(raw)/2]
		}
		mark := uint32(len(raw)) | 0x80000000
		buf.Write([]byte{byte(mark >> 24), byte(mark >> 16), byte(mark >> 8), byte(mark)})
		buf.Write(raw)
	}
	data := buf.Bytes()
	if damage == "truncated" {
		data = data[:len(data)-1000]
	}
	if damage == "truncated-zstd" {
		enc, _ := zstd.NewWriter(nil)
		data = enc.EncodeAll(data, nil)
		data = data[:len(data)*9/10]
	}
	p := filepath.Join(t.TempDir(), damage+".xdr")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStreamerBadXDR asserts that a malformed or truncated ledger stops the streamer with
// an error naming the file and the ledger, after publishing the ledgers before it, with
// the cursor on the last good ledger; running again fails the same way and publishes
// nothing twice.
func TestStreamerBadXDR(t *testing.T) {
	t.Parallel()
	cases := []struct {
		damage string
		want   []string
	}{
		{"corrupt", []string{"ledger 97", "malformed ledger XDR"}},
		{"truncated", []string{"after ledger 94", "truncated record"}},
		{"truncated-zstd", []string{"after ledger 94", "malformed ledger XDR"}},
	}
	for _, tc := range cases {
		t.Run(tc.damage, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			file := badStreamFile(t, tc.damage)
			for run := 0; run < 2; run++ {
				s := h.streamer(streamerOpts{file: file, passphrase: loadTestPassphrase, network: "loadtest", workers: 2})
				err := h.run(s)
				if !errors.Is(err, stellar.ErrBadXDR) {
					t.Fatalf("run %d: err %v, want ErrBadXDR", run, err)
				}
				for _, w := range append([]string{file}, tc.want...) {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("run %d: error %q does not mention %q", run, err, w)
					}
				}
				if got := h.cursor("loadtest"); got != 94 {
					t.Fatalf("run %d: cursor %d, want 94", run, got)
				}
				h.assertExactlyOnce("loadtest", 100)
				if got := testutil.ToFloat64(s.m.failures.WithLabelValues("bad_xdr")); got != 1 {
					t.Errorf("failure metric %v", got)
				}
			}
		})
	}
}

// TestStreamerSerialEqualsParallel asserts that one worker and several publish the same
// messages in the same order.
func TestStreamerSerialEqualsParallel(t *testing.T) {
	t.Parallel()
	var bodies [2][]string
	for i, workers := range []int{1, 4} {
		h := newHarness(t)
		s := h.streamer(streamerOpts{file: stellartest.Fixture(t, stellartest.V22), passphrase: loadTestPassphrase, network: "loadtest", workers: workers})
		if err := h.run(s); err != nil {
			t.Fatal(err)
		}
		for _, m := range h.messages("loadtest") {
			bodies[i] = append(bodies[i], m.Header.Get(schemas.HeaderMsgID)+m.Subject+string(m.Data))
		}
	}
	if len(bodies[0]) != 200 || strings.Join(bodies[0], "\n") != strings.Join(bodies[1], "\n") {
		t.Fatalf("serial %d messages and parallel %d differ", len(bodies[0]), len(bodies[1]))
	}
}

// TestConfigCheck asserts that an unusable configuration is refused with ErrBadConfig.
func TestConfigCheck(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	src, err := stellar.OpenFile(stellartest.Fixture(t, stellartest.V23), stellar.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: loadTestPassphrase, Network: "loadtest"})
	good := Config{JS: h.node.JS, Cursors: h.cursors, Source: src, Extractor: ex}
	rpc, _ := stellar.NewRPCBackend(stellar.RPCConfig{URL: "http://127.0.0.1:1"})
	cases := []struct {
		name string
		edit func(c *Config)
		ok   bool
	}{
		{"good", func(*Config) {}, true},
		{"no jetstream", func(c *Config) { c.JS = nil }, false},
		{"no cursors", func(c *Config) { c.Cursors = nil }, false},
		{"no source", func(c *Config) { c.Source = nil }, false},
		{"no extractor", func(c *Config) { c.Extractor = nil }, false},
		{"negative workers", func(c *Config) { c.Workers = -1 }, false},
		{"start after end", func(c *Config) { c.Start, c.End = 10, 5 }, false},
		// Checked when it runs: with a cursor it needs none (TestUnlistedSourceResumes).
		{"rpc without start", func(c *Config) { c.Source = rpc }, true},
		{"rpc with start", func(c *Config) { c.Source, c.Start = rpc, 100 }, true},
	}
	for _, tc := range cases {
		c := good
		tc.edit(&c)
		_, err := New(c)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrBadConfig)) {
			t.Errorf("%s: err %v", tc.name, err)
		}
	}
}

// unlisted hides every method but LedgerBackend's, as Stellar RPC and a datastore offer
// no list of their ledgers.
type unlisted struct{ ledgerbackend.LedgerBackend }

// TestUnlistedSourceResumes asserts that a source that cannot list its ledgers needs a
// start ledger only while its network has no cursor: without either the streamer stops
// with ErrBadConfig and publishes nothing; once a run from a start ledger has moved the
// cursor, a run without one resumes after it, with no gap and no duplicate.
func TestUnlistedSourceResumes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	file, err := stellar.OpenFile(stellartest.Fixture(t, stellartest.V23), stellar.FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = file.Close() })
	seqs := file.Sequences()
	ex, _ := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: loadTestPassphrase, Network: "unlisted"})
	run := func(start, end uint32) error {
		s, err := New(Config{JS: h.node.JS, Cursors: h.cursors, Source: unlisted{file}, Extractor: ex,
			Start: start, End: end, AckTimeout: 20 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		return h.run(s)
	}
	// Stellar RPC serves every ledger; the file skips some: use its first run of
	// consecutive ledgers.
	last := seqs[0]
	for _, seq := range seqs[1:] {
		if seq != last+1 {
			break
		}
		last = seq
	}
	if last == seqs[0] {
		t.Fatalf("no consecutive ledgers in %v", seqs)
	}
	want := 0
	for seq := seqs[0]; seq <= last; seq++ {
		lcm, err := file.GetLedger(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		invs, err := ex.Ledger(lcm)
		if err != nil {
			t.Fatal(err)
		}
		want += len(invs)
	}
	if err := run(0, last); !errors.Is(err, ErrBadConfig) {
		t.Fatalf("no cursor, no start: %v, want ErrBadConfig", err)
	}
	if n := len(h.messages("unlisted")); n != 0 {
		t.Fatalf("%d messages published without a start", n)
	}
	if err := run(seqs[0], seqs[0]); err != nil {
		t.Fatal(err)
	}
	if err := run(0, last); err != nil {
		t.Fatalf("resume from the cursor: %v", err)
	}
	if got := h.cursor("unlisted"); got != last {
		t.Errorf("cursor %d, want %d", got, last)
	}
	ids := map[string]bool{}
	for _, m := range h.messages("unlisted") {
		id := m.Header.Get(schemas.HeaderMsgID)
		if ids[id] {
			t.Errorf("%s published twice", id)
		}
		ids[id] = true
	}
	if len(ids) != want || want == 0 {
		t.Errorf("%d invocations over ledgers %d..%d, want %d", len(ids), seqs[0], last, want)
	}
}

// TestReusedBuffersPublishExactBytes asserts that the workers' reuse of a ledger's
// message array (handed back once its PubAcks are in) never shows in the stream: over
// more ledgers than the window holds, on two workers, every stored message is byte for
// byte the msgpack of the decoded path's invocation, and no invocation is missing.
func TestReusedBuffersPublishExactBytes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	src := benchLedgers(t, 12)
	ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: loadTestPassphrase, Network: "reuse"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, seq := range src.seqs {
		lcm, err := stellar.DecodeLedger(src.raws[seq])
		if err != nil {
			t.Fatal(err)
		}
		invs, err := ex.Ledger(lcm)
		if err != nil {
			t.Fatal(err)
		}
		for i := range invs {
			b, err := schemas.AppendInvocation(nil, &invs[i])
			if err != nil {
				t.Fatal(err)
			}
			want[schemas.StellarMsgID(invs[i].Ledger, invs[i].TxIndex, invs[i].OpIndex)] = b
		}
	}
	s, err := New(Config{JS: h.node.JS, Cursors: h.cursors, Source: src, Extractor: ex,
		Workers: 2, Window: 2, AckTimeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.run(s); err != nil {
		t.Fatal(err)
	}
	got := h.messages("reuse")
	if len(got) != len(want) {
		t.Fatalf("%d messages stored, want %d", len(got), len(want))
	}
	for _, m := range got {
		id := m.Header.Get(schemas.HeaderMsgID)
		if !bytes.Equal(m.Data, want[id]) {
			t.Fatalf("message %s differs from the decoded path's encoding", id)
		}
	}
}
