package validator

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
	"github.com/chainrelay/chainrelay/streams/stage"
)

var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// mapTokens is a hand-written TokenLookup over a map, for handler tests without NATS.
type mapTokens map[string]string

func (m mapTokens) TokenOf(_ context.Context, model string) (string, bool, error) {
	a, ok := m[model]
	return a, ok, nil
}

// failingTokens is a TokenLookup whose backend is down.
type failingTokens struct{}

func (failingTokens) TokenOf(context.Context, string) (string, bool, error) {
	return "", false, errors.New("bucket unavailable")
}

func requestedMsg(t testing.TB, r schemas.Requested) *stage.Message {
	t.Helper()
	b, err := schemas.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return &stage.Message{
		Subject: schemas.DeploySubject(schemas.EventRequested, r.ModelID), Data: b, Delivered: 1,
		Meta: schemas.Meta{CorrelationID: r.RequestID, MsgID: "requested:" + r.RequestID}, Stage: StageName,
	}
}

func decodeOut[T any](t *testing.T, o stage.Output) T {
	t.Helper()
	var v T
	b, err := schemas.Marshal(o.Value)
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHandle asserts the handler's outputs for an accepted message, a rejected one, an
// unparseable one without a model id, and a model that already has a token: subject,
// deterministic message id and event contents.
func TestHandle(t *testing.T) {
	t.Parallel()
	const token = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	svc := &Service{Tokens: mapTokens{"deployed/1": token}, Now: func() time.Time { return fixedNow }}
	if err := svc.Check(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("validated", func(t *testing.T) {
		t.Parallel()
		raw := flat(t, nil)
		outs, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r1", ModelID: "sentiment-v2", Raw: raw, Queue: schemas.QueueModelReady}))
		if err != nil || len(outs) != 1 {
			t.Fatalf("outs %v, err %v", outs, err)
		}
		o := outs[0]
		if o.Subject != "hokusai.deploy.validated.sentiment-v2" || o.MsgID != "validated:sentiment-v2:r1" || o.EventType != "validated" {
			t.Errorf("output %+v", o)
		}
		v := decodeOut[schemas.Validated](t, o)
		if v.Request.RequestID != "r1" || v.Request.ModelID != "sentiment-v2" || v.Request.TokenSymbol != "SENT-2" {
			t.Errorf("validated %+v", v)
		}
	})

	t.Run("rejected with every reason", func(t *testing.T) {
		t.Parallel()
		raw := flat(t, func(m map[string]any) {
			m["contributor_address"] = badChecksum
			m["improvement_percentage"] = 0
		})
		outs, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r2", ModelID: "sentiment-v2", Raw: raw, Queue: "q"}))
		if err != nil || len(outs) != 1 {
			t.Fatalf("outs %v, err %v", outs, err)
		}
		o := outs[0]
		if o.Subject != "hokusai.deploy.rejected.sentiment-v2" || o.MsgID != "rejected:sentiment-v2:r2" {
			t.Errorf("output %+v", o)
		}
		r := decodeOut[schemas.Rejected](t, o)
		if r.Class != "bad_checksum" || len(r.Reasons) != 2 || r.Stage != "validator" || string(r.Raw) != string(raw) ||
			r.Queue != "q" || r.RequestID != "r2" || r.Attempts != 1 || !r.RejectedAt.Equal(fixedNow) {
			t.Errorf("rejected %+v", r)
		}
	})

	t.Run("unparseable without model id", func(t *testing.T) {
		t.Parallel()
		outs, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r3", Raw: []byte("{not json")}))
		if err != nil || len(outs) != 1 {
			t.Fatalf("outs %v, err %v", outs, err)
		}
		if outs[0].Subject != schemas.DeploySubject(schemas.EventRejected, "") || outs[0].MsgID != schemas.DeployMsgID(schemas.EventRejected, "", "r3", "") {
			t.Errorf("output %+v", outs[0])
		}
		if r := decodeOut[schemas.Rejected](t, outs[0]); r.Class != "malformed_json" {
			t.Errorf("rejected %+v", r)
		}
	})

	t.Run("model id from the message when the bridge had none", func(t *testing.T) {
		t.Parallel()
		raw := flat(t, func(m map[string]any) { m["improvement_percentage"] = -1 })
		outs, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r4", Raw: raw}))
		if err != nil || len(outs) != 1 || outs[0].Subject != "hokusai.deploy.rejected.sentiment-v2" {
			t.Fatalf("outs %+v, err %v", outs, err)
		}
	})

	t.Run("already deployed", func(t *testing.T) {
		t.Parallel()
		raw := flat(t, func(m map[string]any) { m["model_id"] = "deployed/1" })
		outs, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r5", ModelID: "deployed/1", Raw: raw}))
		if err != nil || len(outs) != 1 {
			t.Fatalf("outs %v, err %v", outs, err)
		}
		r := decodeOut[schemas.Rejected](t, outs[0])
		if outs[0].Subject != schemas.DeploySubject(schemas.EventRejected, "deployed/1") || r.Class != "already_deployed" || r.ExistingToken != token {
			t.Errorf("output %+v, rejected %+v", outs[0], r)
		}
	})
}

// TestHandleFailures asserts that a lookup failure is transient (the input is retried,
// nothing is published) and an input that is not a Requested event is permanent.
func TestHandleFailures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := &Service{Tokens: failingTokens{}}
	_, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r", ModelID: "sentiment-v2", Raw: flat(t, nil)}))
	if class, permanent := stage.Classify(err); err == nil || permanent || class != ClassTokenLookup {
		t.Errorf("lookup failure: %v (%s, permanent %v)", err, class, permanent)
	}
	// A message that fails validation needs no lookup, so the broken backend does not matter.
	outs, err := svc.Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r", Raw: []byte("[]")}))
	if err != nil || len(outs) != 1 {
		t.Errorf("rejection with a broken lookup: %v %v", outs, err)
	}
	_, err = svc.Handle(ctx, &stage.Message{Data: []byte{0xc1}})
	if class, permanent := stage.Classify(err); !permanent || class != stage.ClassDecode {
		t.Errorf("garbage input: %v", err)
	}
	if err := (&Service{}).Check(); !errors.Is(err, ErrNoTokenLookup) {
		t.Errorf("Check without lookup: %v", err)
	}
	if _, err := (&Service{}).Handle(ctx, requestedMsg(t, schemas.Requested{RequestID: "r", ModelID: "sentiment-v2", Raw: flat(t, nil)})); err == nil {
		t.Error("Handle without lookup succeeded")
	}
}

// harness runs the validator stage on the stage runner against a real embedded
// JetStream with chainrelay's topology.
type harness struct {
	t      *testing.T
	node   *natstest.Node
	lookup *JetStreamLookup
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	n := natstest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	lookup, err := OpenJetStreamLookup(ctx, n.JS)
	if err != nil {
		t.Fatal(err)
	}
	svc := &Service{Tokens: lookup, History: lookup}
	if err := svc.Check(); err != nil {
		t.Fatal(err)
	}
	r, err := stage.New(n.JS, stage.Config{
		Name: StageName, Stream: schemas.StreamHokusai, Consumer: streams.ConsumerValidator,
		Backoff: []time.Duration{50 * time.Millisecond},
	}, svc.Handle)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runner: %v", err)
		}
	})
	return &harness{t: t, node: n, lookup: lookup}
}

// request publishes a requested event as the bridge does; inputID distinguishes
// re-publications of one request (a bridge re-claim after a crash).
func (h *harness) request(requestID, inputID, model string, raw []byte) {
	h.t.Helper()
	data, err := schemas.Marshal(schemas.Requested{RequestID: requestID, ModelID: model, Raw: raw, Queue: schemas.QueueModelReady, ReceivedAt: fixedNow})
	if err != nil {
		h.t.Fatal(err)
	}
	m := &nats.Msg{Subject: schemas.DeploySubject(schemas.EventRequested, model), Data: data, Header: schemas.Meta{
		MsgID: inputID, EventType: string(schemas.EventRequested), CorrelationID: requestID, SchemaVersion: 1,
	}.Header()}
	if _, err := h.node.JS.PublishMsg(context.Background(), m); err != nil {
		h.t.Fatal(err)
	}
}

// events returns every message on subject, in order.
func (h *harness) events(subject string) []*jetstream.RawStreamMsg {
	h.t.Helper()
	ctx := context.Background()
	st, err := h.node.JS.Stream(ctx, schemas.StreamHokusai)
	if err != nil {
		h.t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && seq > 0; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if err != nil {
			continue
		}
		if m.Subject == subject {
			out = append(out, m)
		}
	}
	return out
}

// waitEvents polls until subject holds n events.
func (h *harness) waitEvents(subject string, n int) []*jetstream.RawStreamMsg {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ev := h.events(subject)
		if len(ev) >= n {
			return ev
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %d events on %s, have %d", n, subject, len(ev))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitIdle polls until the validator consumer has nothing pending or unacked.
func (h *harness) waitIdle() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := h.node.JS.Consumer(context.Background(), schemas.StreamHokusai, streams.ConsumerValidator)
		if err != nil {
			h.t.Fatal(err)
		}
		info, err := c.Info(context.Background())
		if err != nil {
			h.t.Fatal(err)
		}
		if info.NumPending == 0 && info.NumAckPending == 0 {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("validator consumer not idle: %d pending, %d unacked", info.NumPending, info.NumAckPending)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStageOnJetStream asserts the stage end to end on the runner: a valid request is
// validated once with the request's correlation id, a redelivered copy of it publishes
// nothing new (not even after its token appears), an invalid one is rejected and acked,
// and a second request for a model with a token is rejected as already deployed with the
// token's address — read from the tokens bucket under a key valid for a model id with '/'.
func TestStageOnJetStream(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const model = "model-name/1/msg-ai"
	raw := env(t, nil)
	validated := schemas.DeploySubject(schemas.EventValidated, model)
	rejected := schemas.DeploySubject(schemas.EventRejected, model)

	h.request("r1", "in-1", model, raw)
	ev := h.waitEvents(validated, 1)
	var v schemas.Validated
	if err := schemas.Unmarshal(ev[0].Data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Request.RequestID != "r1" || v.Request.TokenSymbol != "MSG-AI" {
		t.Errorf("validated %+v", v.Request)
	}
	meta, _ := schemas.MetaFromHeader(ev[0].Header)
	if meta.MsgID != schemas.DeployMsgID(schemas.EventValidated, model, "r1", "") || meta.CorrelationID != "r1" || meta.CausationID != "in-1" {
		t.Errorf("headers %+v", meta)
	}

	// The deployer records the token; then r1 comes again (a re-claim after a crash).
	const token = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
	if _, err := h.lookup.Tokens.PutString(context.Background(), schemas.EncodeSubjectToken(model), token); err != nil {
		t.Fatal(err)
	}
	h.request("r1", "in-1-again", model, raw)
	h.waitIdle()
	if n, m := len(h.events(validated)), len(h.events(rejected)); n != 1 || m != 0 {
		t.Errorf("after redelivery: %d validated, %d rejected; want 1, 0", n, m)
	}

	// A second request for the same model never leads to a second token.
	h.request("r2", "in-2", model, raw)
	ev = h.waitEvents(rejected, 1)
	var r schemas.Rejected
	if err := schemas.Unmarshal(ev[0].Data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Class != "already_deployed" || r.ExistingToken != token || r.RequestID != "r2" || string(r.Raw) != string(raw) {
		t.Errorf("rejected %+v", r)
	}

	// An invalid request is rejected, and the input acked.
	other := flat(t, func(m map[string]any) { m["contributor_address"] = badChecksum })
	h.request("r3", "in-3", "sentiment-v2", other)
	ev = h.waitEvents(schemas.DeploySubject(schemas.EventRejected, "sentiment-v2"), 1)
	if err := schemas.Unmarshal(ev[0].Data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Class != "bad_checksum" {
		t.Errorf("rejected %+v", r)
	}
	h.waitIdle()
	if n := len(h.events(validated)); n != 1 {
		t.Errorf("%d validated events for %s, want 1", n, model)
	}
}

// flakyTokens fails its first lookups, then finds nothing.
type flakyTokens struct{ fails atomic.Int32 }

func (f *flakyTokens) TokenOf(context.Context, string) (string, bool, error) {
	if f.fails.Add(-1) >= 0 {
		return "", false, errors.New("bucket unavailable")
	}
	return "", false, nil
}

// TestStageRetriesLookup asserts that a failing lookup is retried by the runner (no
// rejection, no dead letter) and the request is validated once it recovers.
func TestStageRetriesLookup(t *testing.T) {
	t.Parallel()
	n := natstest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	tokens := &flakyTokens{}
	// One failure only: with the topology's consumer BackOff the server measures a second
	// NakWithDelay from BackOff[1] instead of AckWait, 30 s more than asked.
	tokens.fails.Store(1)
	r, err := stage.New(n.JS, stage.Config{
		Name: StageName, Stream: schemas.StreamHokusai, Consumer: streams.ConsumerValidator,
		Backoff: []time.Duration{20 * time.Millisecond},
	}, (&Service{Tokens: tokens}).Handle)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	defer func() { cancel(); <-done }()
	h := &harness{t: t, node: n}
	h.request("r1", "in-1", "sentiment-v2", flat(t, nil))
	h.waitEvents(schemas.DeploySubject(schemas.EventValidated, "sentiment-v2"), 1)
	if f := h.events(schemas.DeploySubject(schemas.EventFailed, "sentiment-v2")); len(f) != 0 {
		t.Errorf("%d failed events", len(f))
	}
	if tokens.fails.Load() >= 0 {
		t.Errorf("lookup not retried")
	}
}
