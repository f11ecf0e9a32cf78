package redisbridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

func decodeDeadLetter(t testing.TB, s string) schemas.DeadLetter {
	t.Helper()
	var dl schemas.DeadLetter
	if err := json.Unmarshal([]byte(s), &dl); err != nil {
		t.Fatalf("dead letter %q: %v", s, err)
	}
	return dl
}

// drain pops a whole list oldest first, as a legacy consumer (RPOP) reads it.
func (h *harness) drain(key string) []string {
	h.t.Helper()
	var out []string
	for {
		v, err := h.rdb.RPop(context.Background(), key).Result()
		if err != nil {
			return out
		}
		out = append(out, v)
	}
}

func (h *harness) checkpoint() uint64 {
	h.t.Helper()
	v, err := h.rdb.Get(context.Background(), h.cfg.Lists.Checkpoint).Result()
	if err != nil {
		return 0
	}
	_, n, _ := parseCheckpoint(v)
	return n
}

func tokenDeployed(model string) string {
	return `{"event_type":"token_deployed","model_id":"` + model + `","token_address":"0x742D35cC6634C0532925a3b844BC9E7595f82b3d","message_version":"1.0"}`
}

// TestOutboundMirrorsEvents asserts that published events reach the outbound list as
// their TokenDeployed bytes, rejected and failed ones the dead-letter list in the legacy
// shape (original message, reasons, class, stage, queue, ISO timestamp), undecodable
// events a dead letter saying so, other events nothing, in stream order, with the
// checkpoint on the last mirrored sequence.
func TestOutboundMirrorsEvents(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	const badRaw = "this is not { json"

	// The request the deployer will fail on: its requested event is in the log.
	reqRaw := flat("model-f", 1)
	h.publishEvent(schemas.EventRequested, "model-f", schemas.Requested{RequestID: "r-f", ModelID: "model-f", Raw: []byte(reqRaw), Queue: schemas.QueueModelReady, ReceivedAt: at})
	h.publishEvent(schemas.EventPublished, "model-1", schemas.Published{RequestID: "r-1", ModelID: "model-1", Message: []byte(tokenDeployed("model-1")), PublishedAt: at})
	h.publishEvent(schemas.EventValidated, "model-2", schemas.Validated{})
	h.publishEvent(schemas.EventRejected, "", schemas.Rejected{RequestID: "r-bad", Stage: "validator", Class: "malformed_json",
		Reasons: []string{"not JSON", "no model_id"}, Raw: []byte(badRaw), Queue: schemas.QueueModelReady, Attempts: 1, RejectedAt: at})
	validated, _ := schemas.Marshal(schemas.Validated{Request: schemas.DeployRequest{RequestID: "r-f", ModelID: "model-f"}})
	h.publishEvent(schemas.EventFailed, "model-f", schemas.Failed{RequestID: "r-f", ModelID: "model-f", Stage: "deployer", Class: "insufficient_funds",
		Reason: "deployer balance too low", Attempts: 3, InputSubject: schemas.DeploySubject(schemas.EventValidated, "model-f"), InputSeq: 1, Input: validated, FailedAt: at})
	h.publishEvent(schemas.EventFailed, "model-g", schemas.Failed{RequestID: "r-g", ModelID: "model-g", Stage: "registrar", Class: "reverted",
		Reason: "registry reverted", Attempts: 1, InputSubject: schemas.DeploySubject(schemas.EventDeployed, "model-g"), InputSeq: 9, FailedAt: at})
	h.publishRaw(schemas.DeploySubject(schemas.EventPublished, "model-x"), []byte{0xc1, 0x00})
	last := h.publishEvent(schemas.EventPublished, "model-3", schemas.Published{RequestID: "r-3", ModelID: "model-3", Message: []byte(tokenDeployed("model-3")), PublishedAt: at})

	b := h.newBridge()
	r := h.start(b, (*Bridge).RunOutbound)
	eventually(t, 10*time.Second, func() (bool, string) {
		cp := h.checkpoint()
		return cp == last, fmt.Sprintf("checkpoint %d, want %d", cp, last)
	})
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	out := h.drain(h.cfg.Lists.Outbound)
	if want := []string{tokenDeployed("model-1"), tokenDeployed("model-3")}; strings.Join(out, "|") != strings.Join(want, "|") {
		t.Errorf("outbound = %q, want %q", out, want)
	}
	dlq := h.drain(h.cfg.Lists.DeadLetter)
	if len(dlq) != 4 {
		t.Fatalf("dead letters = %q", dlq)
	}
	want := []schemas.DeadLetter{
		{OriginalMessage: badRaw, Error: "not JSON; no model_id", Timestamp: "2026-11-24T12:00:00.000Z", Queue: schemas.QueueModelReady,
			ErrorClass: "malformed_json", Stage: "validator", RequestID: "r-bad"},
		{OriginalMessage: reqRaw, Error: "deployer balance too low (after 3 attempts)", Timestamp: "2026-11-24T12:00:00.000Z", Queue: schemas.QueueModelReady,
			ErrorClass: "insufficient_funds", Stage: "deployer", ModelID: "model-f", RequestID: "r-f"},
		{OriginalMessage: `{"input_seq":9,"input_subject":"hokusai.deploy.deployed.model-g","model_id":"model-g","request_id":"r-g"}`,
			Error: "registry reverted", Timestamp: "2026-11-24T12:00:00.000Z", Queue: schemas.QueueModelReady,
			ErrorClass: "reverted", Stage: "registrar", ModelID: "model-g", RequestID: "r-g"},
	}
	for i, w := range want {
		if got := decodeDeadLetter(t, dlq[i]); got != w {
			t.Errorf("dead letter %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
	if got := decodeDeadLetter(t, dlq[3]); got.ErrorClass != ClassUndecodableEvent || got.Stage != "bridge" {
		t.Errorf("undecodable event's dead letter = %+v", got)
	}
}

// TestOutboundCrashAfterScript asserts that a bridge dying right after the mirror script
// leaves exactly one outbound message and the checkpoint on its sequence (the push and
// the checkpoint are one step), and that the next bridge resumes after it.
func TestOutboundCrashAfterScript(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	seq1 := h.publishEvent(schemas.EventPublished, "m1", schemas.Published{Message: []byte(tokenDeployed("m1"))})
	first := h.newBridge(func(b *Bridge) {
		b.hooks.afterMirror = func(int, uint64) error { return errStopped }
	})
	if err := h.start(first, (*Bridge).RunOutbound).wait(t); !errors.Is(err, errStopped) {
		t.Fatalf("first bridge returned %v, want the hook's stop", err)
	}
	if n, cp := h.llen(h.cfg.Lists.Outbound), h.checkpoint(); n != 1 || cp != seq1 {
		t.Fatalf("after the crash: outbound %d, checkpoint %d; want 1, %d", n, cp, seq1)
	}
	seq2 := h.publishEvent(schemas.EventPublished, "m2", schemas.Published{Message: []byte(tokenDeployed("m2"))})
	r := h.start(h.newBridge(), (*Bridge).RunOutbound)
	eventually(t, 10*time.Second, func() (bool, string) {
		return h.checkpoint() == seq2, "second event not mirrored"
	})
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if got := h.drain(h.cfg.Lists.Outbound); len(got) != 2 || got[0] != tokenDeployed("m1") || got[1] != tokenDeployed("m2") {
		t.Fatalf("outbound = %q", got)
	}
}

// TestOutboundReplayFromOldCheckpoint asserts that mirroring events again from an older
// position (a reply lost after the script ran, a consumer restarted from an earlier
// checkpoint) pushes nothing twice: the script skips every sequence at or below the
// checkpoint it keeps beside the lists.
func TestOutboundReplayFromOldCheckpoint(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var last uint64
	for i := range 3 {
		last = h.publishEvent(schemas.EventPublished, "m", schemas.Published{Message: []byte(tokenDeployed(strconv.Itoa(i)))})
	}
	b := h.newBridge()
	r := h.start(b, (*Bridge).RunOutbound)
	eventually(t, 10*time.Second, func() (bool, string) { return h.checkpoint() == last, "not mirrored" })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	// Replay all three, from sequence 1, through the same script.
	msgs := h.events(schemas.DeployFilter(schemas.EventPublished))
	if len(msgs) != 3 {
		t.Fatalf("%d events", len(msgs))
	}
	var pushed = -1
	b.hooks.afterMirror = func(n int, _ uint64) error { pushed = n; return nil }
	epoch, err := b.streamEpoch(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if err := b.mirror(h.ctx(), epoch, []jetstream.Msg{msgs[1], msgs[2]}); err != nil {
		t.Fatal(err)
	}
	if err := b.mirror(h.ctx(), epoch, msgs); err != nil {
		t.Fatal(err)
	}
	if pushed != 0 || h.llen(h.cfg.Lists.Outbound) != 3 || h.checkpoint() != last {
		t.Fatalf("replay pushed %d; outbound %d; checkpoint %d", pushed, h.llen(h.cfg.Lists.Outbound), h.checkpoint())
	}
	// A run started from an old checkpoint value behaves the same.
	if err := h.rdb.Set(h.ctx(), h.cfg.Lists.Checkpoint, "1", 0).Err(); err != nil {
		t.Fatal(err)
	}
	r = h.start(h.newBridge(), (*Bridge).RunOutbound)
	eventually(t, 10*time.Second, func() (bool, string) { return h.checkpoint() == last, "not caught up" })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if n := h.llen(h.cfg.Lists.Outbound); n != 5 {
		// Resetting the checkpoint by hand is an operator's request to mirror again:
		// sequences 2 and 3 are pushed once more, sequence 1 is not.
		t.Fatalf("outbound holds %d after a manual rewind to 1, want 5", n)
	}
}

// TestOutboundStreamCreatedAnew asserts that a checkpoint taken on a HOKUSAI stream that
// was since deleted and created again (sequences restart at 1) does not make the bridge
// skip the new stream's events.
func TestOutboundStreamCreatedAnew(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for i := range 3 {
		h.publishEvent(schemas.EventPublished, "old", schemas.Published{Message: []byte(tokenDeployed("old" + strconv.Itoa(i)))})
	}
	r := h.start(h.newBridge(), (*Bridge).RunOutbound)
	eventually(t, 10*time.Second, func() (bool, string) { return h.checkpoint() == 3, "not mirrored" })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if err := h.nats.JS.DeleteStream(h.ctx(), schemas.StreamHokusai); err != nil {
		t.Fatal(err)
	}
	if err := streams.Provision(h.ctx(), h.nats.JS, streams.DefaultTopology()); err != nil {
		t.Fatal(err)
	}
	h.publishEvent(schemas.EventPublished, "new", schemas.Published{Message: []byte(tokenDeployed("new"))})
	r = h.start(h.newBridge(), (*Bridge).RunOutbound)
	eventually(t, 10*time.Second, func() (bool, string) { return h.llen(h.cfg.Lists.Outbound) == 4, "new stream's event not mirrored" })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	if got := h.drain(h.cfg.Lists.Outbound); got[len(got)-1] != tokenDeployed("new") {
		t.Fatalf("outbound = %q", got)
	}
}

// TestOutboundResumesAcrossRedisRestart asserts that events published while Redis is
// down are mirrored once Redis is back, each once.
func TestOutboundResumesAcrossRedisRestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t, redistest.Durable())
	b := h.newBridge()
	r := h.start(b, (*Bridge).RunOutbound)
	h.publishEvent(schemas.EventPublished, "a", schemas.Published{Message: []byte(tokenDeployed("a"))})
	eventually(t, 10*time.Second, func() (bool, string) { return h.llen(h.cfg.Lists.Outbound) == 1, "first not mirrored" })
	h.redis.Kill(t)
	var last uint64
	for _, m := range []string{"b", "c"} {
		last = h.publishEvent(schemas.EventPublished, m, schemas.Published{Message: []byte(tokenDeployed(m))})
	}
	eventually(t, 10*time.Second, func() (bool, string) {
		return counter(b.m.errors.WithLabelValues(dirOut, string(ClassRedis))) > 0, "outage not noticed"
	})
	h.redis.Restart(t)
	eventually(t, 10*time.Second, func() (bool, string) { return h.checkpoint() == last, "not caught up" })
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	got := h.drain(h.cfg.Lists.Outbound)
	if want := []string{tokenDeployed("a"), tokenDeployed("b"), tokenDeployed("c")}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("outbound = %q", got)
	}
}
