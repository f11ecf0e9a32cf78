package redisbridge

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
)

// TestInboundCarriesEveryPayloadIntact asserts that whatever a producer pushes — flat or
// envelope JSON, a payload that is not JSON, the empty string, invalid UTF-8, 1 MiB,
// two identical messages — reaches JetStream byte for byte, once each, in order, with
// the subject, ids and headers of a requested event, and leaves no list behind.
func TestInboundCarriesEveryPayloadIntact(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("x"), 1<<20)
	cases := []struct {
		name  string
		raw   string
		model string
	}{
		{"flat", flat("model-42", 1), "model-42"},
		{"envelope", `{"message_id":"m1","message_type":"model_ready_to_deploy","payload":{"model_id":"env.model/7","token_symbol":"msg-ai"}}`, "env.model/7"},
		{"not json", "this is not { json", ""},
		{"empty string", "", ""},
		{"model id not a string", `{"model_id":42}`, ""},
		{"invalid utf8", "{\"model_id\":\"m\xff\"}", "m\uFFFD"},
		{"one mebibyte", `{"model_id":"big","blob":"` + string(big) + `"}`, "big"},
		{"duplicate a", flat("dup", 0), "dup"},
		{"duplicate b", flat("dup", 0), "dup"},
	}
	h := newHarness(t)
	for _, c := range cases {
		lpush(t, h.rdb, h.cfg.Lists.Inbound, c.raw)
	}
	b := h.newBridge()
	r := h.start(b, (*Bridge).Run)
	eventually(t, 20*time.Second, func() (bool, string) {
		n := h.streamMsgs()
		return n == uint64(len(cases)) && h.llen(schemas.QueueProcessing) == 0, fmt.Sprintf("%d events", n)
	})
	if err := r.stop(t); err != nil {
		t.Fatalf("run: %v", err)
	}
	got, msgs := h.requested()
	if len(got) != len(cases) {
		t.Fatalf("got %d events, want %d", len(got), len(cases))
	}
	ids := map[string]bool{}
	for i, c := range cases {
		ev, m := got[i], msgs[i]
		if !bytes.Equal(ev.Raw, []byte(c.raw)) {
			t.Errorf("%s: raw differs (%d bytes, want %d)", c.name, len(ev.Raw), len(c.raw))
		}
		if ev.ModelID != c.model {
			t.Errorf("%s: model id %q, want %q", c.name, ev.ModelID, c.model)
		}
		if want := schemas.DeploySubject(schemas.EventRequested, c.model); m.Subject() != want {
			t.Errorf("%s: subject %q, want %q", c.name, m.Subject(), want)
		}
		if ids[ev.RequestID] || !strings.HasPrefix(ev.RequestID, "r-") {
			t.Errorf("%s: request id %q repeated or malformed", c.name, ev.RequestID)
		}
		ids[ev.RequestID] = true
		meta, err := schemas.MetaFromHeader(m.Headers())
		if err != nil {
			t.Fatalf("%s: headers: %v", c.name, err)
		}
		want := schemas.Meta{
			MsgID:         schemas.DeployMsgID(schemas.EventRequested, c.model, ev.RequestID, ""),
			EventType:     "requested",
			SchemaVersion: schemas.DeploySchemaVersion,
			CorrelationID: ev.RequestID,
			ContentType:   schemas.ContentTypeMsgpack,
		}
		if meta != want {
			t.Errorf("%s: headers %+v, want %+v", c.name, meta, want)
		}
		if ev.Queue != schemas.QueueModelReady || time.Since(ev.ReceivedAt) > time.Minute {
			t.Errorf("%s: queue %q received %s", c.name, ev.Queue, ev.ReceivedAt)
		}
	}
	for _, k := range []string{schemas.QueueModelReady, schemas.QueueProcessing} {
		if n := h.llen(k); n != 0 {
			t.Errorf("%s holds %d entries", k, n)
		}
	}
	if n := counter(b.m.messages.WithLabelValues(dirIn)); n != float64(len(cases)) {
		t.Errorf("messages_total{in} = %v", n)
	}
}

// TestInboundCrashes asserts exactly one event per message when the bridge dies between
// claim and publish, or between PubAck and removal: the message waits in the processing
// list with its id, and the next bridge publishes it under that same id (JetStream
// drops the second copy).
func TestInboundCrashes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		crash     func(*Bridge, chan<- []entry)
		published uint64 // events in the stream when the first bridge died
	}{
		{"between claim and publish", func(b *Bridge, seen chan<- []entry) {
			b.hooks.afterClaim = func(es []entry) error { seen <- es; return errStopped }
		}, 0},
		{"between publish and removal", func(b *Bridge, seen chan<- []entry) {
			b.hooks.afterAck = func(es []entry) error { seen <- es; return errStopped }
		}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			raw := flat("crash-model", 1)
			lpush(t, h.rdb, h.cfg.Lists.Inbound, raw)
			seen := make(chan []entry, 1)
			first := h.newBridge(func(b *Bridge) { c.crash(b, seen) })
			if err := h.start(first, (*Bridge).RunInbound).wait(t); err == nil || !strings.Contains(err.Error(), errStopped.Error()) {
				t.Fatalf("first bridge returned %v, want the hook's stop", err)
			}
			claimed := <-seen
			if len(claimed) != 1 {
				t.Fatalf("claimed %d entries", len(claimed))
			}
			if got := h.streamMsgs(); got != c.published {
				t.Fatalf("stream holds %d events after the crash, want %d", got, c.published)
			}
			left, _ := h.rdb.LRange(h.ctx(), h.cfg.Lists.Processing, 0, -1).Result()
			if len(left) != 1 || left[0] != claimed[0].env {
				t.Fatalf("processing list after the crash = %q", left)
			}
			if n := h.llen(h.cfg.Lists.Inbound); n != 0 {
				t.Fatalf("inbound holds %d", n)
			}

			second := h.newBridge()
			r := h.start(second, (*Bridge).RunInbound)
			eventually(t, 10*time.Second, func() (bool, string) {
				n := h.llen(h.cfg.Lists.Processing)
				return n == 0, fmt.Sprintf("processing holds %d", n)
			})
			if err := r.stop(t); err != nil {
				t.Fatal(err)
			}
			evs, _ := h.requested()
			if len(evs) != 1 {
				t.Fatalf("%d events, want exactly 1", len(evs))
			}
			if evs[0].RequestID != claimed[0].id || string(evs[0].Raw) != raw {
				t.Errorf("event %q/%q, want id %q of the claim", evs[0].RequestID, evs[0].Raw, claimed[0].id)
			}
			if got, want := counter(second.m.duplicates), float64(c.published); got != want {
				t.Errorf("duplicates dropped = %v, want %v", got, want)
			}
			if got := counter(second.m.recovered); got != 1 {
				t.Errorf("recovered = %v, want 1", got)
			}
		})
	}
}

// TestInboundAdoptsRawProcessingEntries asserts that raw messages found in the
// processing list (left by a crash right after BLMOVE, or by the legacy service that used
// the list) are published once each, oldest first, before newer inbound messages.
func TestInboundAdoptsRawProcessingEntries(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// Processing: LPUSH order, so "old-1" is the rightmost (oldest).
	lpush(t, h.rdb, h.cfg.Lists.Processing, flat("old", 1), "not json", flat("old", 2))
	lpush(t, h.rdb, h.cfg.Lists.Inbound, flat("new", 3))
	b := h.newBridge()
	r := h.start(b, (*Bridge).RunInbound)
	eventually(t, 10*time.Second, func() (bool, string) {
		n := h.streamMsgs()
		return n == 4 && h.llen(h.cfg.Lists.Processing) == 0, fmt.Sprintf("%d events", n)
	})
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	evs, _ := h.requested()
	want := []string{flat("old", 1), "not json", flat("old", 2), flat("new", 3)}
	for i, ev := range evs {
		if string(ev.Raw) != want[i] {
			t.Errorf("event %d = %q, want %q", i, ev.Raw, want[i])
		}
	}
}

// TestInboundBlockingPath asserts that a message pushed while the bridge waits on an
// empty list (BLMOVE) is carried in, the empty string included.
func TestInboundBlockingPath(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.newBridge()
	r := h.start(b, (*Bridge).RunInbound)
	for i, raw := range []string{"", flat("late", 1)} {
		// Let the bridge find the list empty and block first.
		time.Sleep(50 * time.Millisecond)
		lpush(t, h.rdb, h.cfg.Lists.Inbound, raw)
		eventually(t, 10*time.Second, func() (bool, string) {
			n := h.streamMsgs()
			return n == uint64(i+1), fmt.Sprintf("%d events", n)
		})
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	evs, _ := h.requested()
	if len(evs) != 2 || string(evs[0].Raw) != "" || string(evs[1].Raw) != flat("late", 1) {
		t.Fatalf("events %+v", evs)
	}
	if n := h.llen(h.cfg.Lists.Processing); n != 0 {
		t.Fatalf("processing holds %d", n)
	}
}

// TestInbound10kInOrderAcrossRedisRestart asserts that 10,000 messages arrive in order,
// none lost or duplicated, while Redis is killed and restarted in the middle (with an
// fsync per write, so that Redis itself loses nothing).
func TestInbound10kInOrderAcrossRedisRestart(t *testing.T) {
	t.Parallel()
	const total, half = 10000, 5000
	h := newHarness(t, redistest.Durable())
	h.cfg.BatchSize = 256
	push := func(from, to int) {
		vals := make([]string, 0, to-from)
		for i := from; i < to; i++ {
			vals = append(vals, `{"model_id":"order","n":`+strconv.Itoa(i)+`}`)
		}
		for len(vals) > 0 {
			k := min(len(vals), 1000)
			lpush(t, h.rdb, h.cfg.Lists.Inbound, vals[:k]...)
			vals = vals[k:]
		}
	}
	push(0, half)
	b := h.newBridge()
	r := h.start(b, (*Bridge).Run)
	eventually(t, 20*time.Second, func() (bool, string) {
		n := h.streamMsgs()
		return n >= 1000, fmt.Sprintf("%d events", n)
	})
	h.redis.Kill(t)
	eventually(t, 10*time.Second, func() (bool, string) {
		n := counter(b.m.errors.WithLabelValues(dirIn, string(ClassRedis)))
		return n > 0, "bridge has not noticed the outage"
	})
	if got := counter(b.m.redisUp); got != 0 {
		t.Errorf("redis_up = %v during the outage", got)
	}
	h.redis.Restart(t)
	push(half, total)
	eventually(t, 40*time.Second, func() (bool, string) {
		n := h.streamMsgs()
		return n >= total && h.llen(h.cfg.Lists.Processing) == 0 && h.llen(h.cfg.Lists.Inbound) == 0,
			fmt.Sprintf("%d events", n)
	})
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	evs, _ := h.requested()
	if len(evs) != total {
		t.Fatalf("%d events, want %d", len(evs), total)
	}
	ids := make(map[string]bool, total)
	for i, ev := range evs {
		if want := `{"model_id":"order","n":` + strconv.Itoa(i) + `}`; string(ev.Raw) != want {
			t.Fatalf("event %d = %s, want %s", i, ev.Raw, want)
		}
		if ids[ev.RequestID] {
			t.Fatalf("request id %s repeated", ev.RequestID)
		}
		ids[ev.RequestID] = true
	}
	if got := counter(b.m.redisUp); got != 1 {
		t.Errorf("redis_up = %v after the outage", got)
	}
}

// TestInboundOversizeGoesToDeadLetters asserts that a message larger than JetStream's
// max payload is moved whole to the dead-letter list with class payload_too_large,
// exactly once, and does not hold up the messages behind it.
func TestInboundOversizeGoesToDeadLetters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	huge := `{"model_id":"huge","blob":"` + strings.Repeat("y", 9<<20) + `"}`
	lpush(t, h.rdb, h.cfg.Lists.Inbound, huge, flat("after", 1))
	b := h.newBridge()
	r := h.start(b, (*Bridge).RunInbound)
	eventually(t, 20*time.Second, func() (bool, string) {
		return h.streamMsgs() == 1 && h.llen(h.cfg.Lists.DeadLetter) == 1 && h.llen(h.cfg.Lists.Processing) == 0, "not yet"
	})
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	dl := decodeDeadLetter(t, h.rdb.RPop(context.Background(), h.cfg.Lists.DeadLetter).Val())
	if dl.OriginalMessage != huge || dl.ErrorClass != ClassPayloadTooLarge || dl.Stage != "bridge" || dl.ModelID != "huge" {
		t.Errorf("dead letter class=%q stage=%q model=%q original %d bytes", dl.ErrorClass, dl.Stage, dl.ModelID, len(dl.OriginalMessage))
	}
}

// TestRemove asserts that removal deletes exactly the acknowledged entries wherever they
// sit in the processing list — the oldest block (one LTRIM), the middle, already gone —
// and never an entry with the same payload but another id.
func TestRemove(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.newBridge()
	mk := func(ids ...string) []entry {
		out := make([]entry, len(ids))
		for i, id := range ids {
			out[i] = entry{id: id, raw: []byte(`{"same":"payload"}`), env: encodeEnvelope(id, []byte(`{"same":"payload"}`))}
		}
		return out
	}
	all := mk("a", "b", "c", "d")
	cases := []struct {
		name   string
		remove []entry
		left   []string // ids left, oldest first
	}{
		{"oldest block", all[:2], []string{"c", "d"}},
		{"whole list", all, nil},
		{"middle", all[1:3], []string{"a", "d"}},
		{"newest only", all[3:], []string{"a", "b", "c"}},
		{"already gone", mk("x"), []string{"a", "b", "c", "d"}},
	}
	for _, c := range cases {
		key := "proc:" + c.name
		b.cfg.Lists.Processing = key
		for _, e := range all {
			lpush(t, h.rdb, key, e.env)
		}
		if err := b.remove(h.ctx(), c.remove); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		items, _ := h.rdb.LRange(h.ctx(), key, 0, -1).Result()
		var left []string
		for i := len(items) - 1; i >= 0; i-- {
			e, _ := decodeEnvelope(items[i])
			left = append(left, e.id)
		}
		if strings.Join(left, ",") != strings.Join(c.left, ",") {
			t.Errorf("%s: left %v, want %v", c.name, left, c.left)
		}
	}
}
