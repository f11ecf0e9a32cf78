// Package projtest writes deploy-flow logs onto HOKUSAI for tests and benchmarks: events
// with the subjects, message ids and headers the stages give them, and a known scenario
// covering every event type, rejections, failures, a duplicate, a drop and a retry.
package projtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
)

// Msg is one event ready to publish.
type Msg struct {
	Type    schemas.EventType
	ModelID string
	Subject string
	Header  nats.Header
	Data    []byte
}

// Log builds a sequence of events.
type Log struct {
	Msgs []Msg
}

// Add appends an event; step tells apart several events of one type for one request.
func (l *Log) Add(ev schemas.EventType, modelID, requestID, step string, body any) {
	data, err := schemas.Marshal(body)
	if err != nil {
		panic(fmt.Sprintf("projtest: marshal %T: %v", body, err))
	}
	id := schemas.DeployMsgID(ev, modelID, requestID, step)
	h := schemas.Meta{
		MsgID: id, EventType: string(ev), SchemaVersion: schemas.DeploySchemaVersion,
		CorrelationID: requestID, ContentType: schemas.ContentTypeMsgpack,
	}.Header()
	l.Msgs = append(l.Msgs, Msg{Type: ev, ModelID: modelID, Subject: schemas.DeploySubject(ev, modelID), Header: h, Data: data})
}

// Publish writes msgs synchronously, in order.
func Publish(t testing.TB, js jetstream.JetStream, msgs []Msg) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, m := range msgs {
		if _, err := js.PublishMsg(ctx, &nats.Msg{Subject: m.Subject, Header: m.Header, Data: m.Data}); err != nil {
			t.Fatalf("publish %s: %v", m.Subject, err)
		}
	}
}

// PublishAsync writes msgs with asynchronous publishes, a window at a time.
func PublishAsync(ctx context.Context, js jetstream.JetStream, msgs []Msg) error {
	const window = 2000
	futures := make([]jetstream.PubAckFuture, 0, window)
	wait := func() error {
		for _, f := range futures {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				return fmt.Errorf("publish %s: %w", f.Msg().Subject, err)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		futures = futures[:0]
		return nil
	}
	for _, m := range msgs {
		f, err := js.PublishMsgAsync(&nats.Msg{Subject: m.Subject, Header: m.Header, Data: m.Data})
		if err != nil {
			return fmt.Errorf("publish %s: %w", m.Subject, err)
		}
		if futures = append(futures, f); len(futures) == window {
			if err := wait(); err != nil {
				return err
			}
		}
	}
	return wait()
}

// Flow writes the events of one request, with realistic payloads.
type Flow struct {
	Log       *Log
	ModelID   string
	RequestID string
	// At is the time of the next step; each step advances it by Step.
	At   time.Time
	Step time.Duration
	// Retry is the operator retry number of this request.
	Retry int
	req   schemas.DeployRequest
	raw   []byte
}

// NewFlow starts a request for modelID at t.
func NewFlow(l *Log, modelID, requestID string, t time.Time) *Flow {
	f := &Flow{Log: l, ModelID: modelID, RequestID: requestID, At: t, Step: 2 * time.Second}
	f.raw = fmt.Appendf(nil, `{"model_id":%q,"token_symbol":"TK","metric_name":"accuracy","baseline_value":0.8,"current_value":0.9,"model_name":"m","model_version":"1","mlflow_run_id":"run","improvement_percentage":12.5,"timestamp":"2026-11-24T12:00:00Z","message_version":"1.0"}`, modelID)
	f.req = schemas.DeployRequest{
		RequestID: requestID, ModelID: modelID, TokenSymbol: "TK", TokenName: "Hokusai " + modelID,
		MetricName: "accuracy", BaselineValue: 0.8, CurrentValue: 0.9, Improvement: 12.5,
		ModelName: "m", ModelVersion: "1", MLflowRunID: "run", Timestamp: t, MessageVersion: "1.0", Format: "flat",
	}
	return f
}

func (f *Flow) tick() time.Time {
	t := f.At
	f.At = f.At.Add(f.Step)
	return t
}

// Hash derives a stable 0x-prefixed 32-byte hash from parts.
func Hash(parts ...string) string {
	var h uint64 = 1469598103934665603
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h = (h ^ uint64(p[i])) * 1099511628211
		}
	}
	return fmt.Sprintf("0x%016x%016x%016x%016x", h, h^0xa5a5, h^0x5a5a, h^0xffff)
}

// Address derives a stable 0x-prefixed 20-byte address from parts.
func Address(parts ...string) string { return Hash(parts...)[:42] }

// Requested writes the request as the bridge does.
func (f *Flow) Requested() *Flow {
	f.Log.Add(schemas.EventRequested, f.ModelID, f.RequestID, "", schemas.Requested{
		RequestID: f.RequestID, ModelID: f.ModelID, Raw: f.raw, Queue: schemas.QueueModelReady, ReceivedAt: f.tick(), Retry: f.Retry,
	})
	return f
}

// Validated writes the validator's acceptance.
func (f *Flow) Validated() *Flow {
	f.tick()
	f.Log.Add(schemas.EventValidated, f.ModelID, f.RequestID, "", schemas.Validated{Request: f.req})
	return f
}

// Rejected writes a rejection of class with reasons.
func (f *Flow) Rejected(class string, reasons ...string) *Flow {
	rej := schemas.Rejected{
		RequestID: f.RequestID, ModelID: f.ModelID, Stage: "validator", Class: class, Reasons: reasons,
		Raw: f.raw, Queue: schemas.QueueModelReady, Attempts: 1, RejectedAt: f.tick(),
	}
	if class == "already_deployed" {
		rej.ExistingToken = Address("token", f.ModelID)
	}
	f.Log.Add(schemas.EventRejected, f.ModelID, f.RequestID, "", rej)
	return f
}

// Submitted writes the journal entry of transaction attempt n (1-based).
func (f *Flow) Submitted(n int) *Flow {
	f.Log.Add(schemas.EventSubmitted, f.ModelID, f.RequestID, fmt.Sprint(n), schemas.Submitted{
		Request: f.req, Network: "sepolia", ChainID: 11155111, From: Address("deployer"), Manager: Address("manager"),
		PredictedAddress: Address("token", f.ModelID),
		Attempt: schemas.TxAttempt{Hash: Hash("deploy", f.RequestID, fmt.Sprint(n)), Nonce: 7, GasLimit: 2_000_000,
			GasFeeCap: fmt.Sprint(30_000_000_000 * n), GasTipCap: "1000000000", SentAt: f.tick()},
	})
	return f
}

func (f *Flow) token(attempt int) schemas.Token {
	return schemas.Token{
		Address: Address("token", f.ModelID), Network: "sepolia", ChainID: 11155111, Deployer: Address("deployer"),
		Deploy: schemas.Receipt{TxHash: Hash("deploy", f.RequestID, fmt.Sprint(attempt)), BlockNumber: 1000, BlockHash: Hash("block"),
			GasUsed: 1_500_000, EffectiveGasPrice: "20000000000"},
		At: f.At,
	}
}

// Deployed writes the confirmed deployment of attempt n.
func (f *Flow) Deployed(n int) *Flow {
	tok := f.token(n)
	tok.At = f.tick()
	f.Log.Add(schemas.EventDeployed, f.ModelID, f.RequestID, "", schemas.Deployed{Request: f.req, Token: tok})
	return f
}

// Registered writes the registry's record of the token deployed by attempt n.
func (f *Flow) Registered(n int) *Flow {
	at := f.tick()
	tok := f.token(n)
	tok.At = at.Add(-f.Step)
	f.Log.Add(schemas.EventRegistered, f.ModelID, f.RequestID, "", schemas.Registered{
		Request: f.req, Token: tok,
		Registration: schemas.Registration{Registry: Address("registry"), At: at, Receipt: schemas.Receipt{
			TxHash: Hash("register", f.RequestID), BlockNumber: 1001, BlockHash: Hash("block2"), GasUsed: 100_000, EffectiveGasPrice: "20000000000"}},
	})
	return f
}

// Published writes the legacy answer.
func (f *Flow) Published() *Flow {
	f.Log.Add(schemas.EventPublished, f.ModelID, f.RequestID, "", schemas.Published{
		RequestID: f.RequestID, ModelID: f.ModelID, Message: fmt.Appendf(nil, `{"event_type":"token_deployed","model_id":%q}`, f.ModelID),
		Token: Address("token", f.ModelID), PublishedAt: f.tick(),
	})
	return f
}

// Failed writes a stage giving up.
func (f *Flow) Failed(stage, class, reason string) *Flow {
	f.Log.Add(schemas.EventFailed, f.ModelID, f.RequestID, stage, schemas.Failed{
		RequestID: f.RequestID, ModelID: f.ModelID, Stage: stage, Class: class, Reason: reason, Attempts: 5,
		InputSubject: schemas.DeploySubject(schemas.EventValidated, f.ModelID), FailedAt: f.tick(),
	})
	return f
}

// Dropped writes an operator's decision.
func (f *Flow) Dropped(operator, reason string) *Flow {
	f.Log.Add(schemas.EventDropped, f.ModelID, f.RequestID, "", schemas.Dropped{
		RequestID: f.RequestID, ModelID: f.ModelID, Operator: operator, Reason: reason, At: f.tick(),
	})
	return f
}

// Base is the start time of Scenario.
var Base = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// Scenario is a known log across six models, interleaved as real traffic would be:
//
//   - model-a: published after a fee-bumped second attempt; later requested again and
//     rejected as already_deployed (a duplicate that must not hide the token);
//   - model-b: rejected (schema), then retried by an operator (b-1-retry1) and published;
//   - model-c: deployed, then the registrar failed (a dead letter);
//   - model-d: rejected (malformed_json), then dropped by an operator;
//   - model-e: submitted and still waiting for its receipt;
//   - model-f: the deployer failed (insufficient_funds) (a dead letter).
func Scenario() *Log {
	l := &Log{}
	at := func(min int) time.Time { return Base.Add(time.Duration(min) * time.Minute) }
	a := NewFlow(l, "model-a", "a-1", at(0))
	b := NewFlow(l, "model-b", "b-1", at(1))
	c := NewFlow(l, "model-c", "c-1", at(2))
	a.Requested().Validated()
	b.Requested()
	a.Submitted(1)
	b.Rejected("schema", "token_symbol: must match ^[A-Z0-9-]{1,10}$", "baseline_value: must be positive")
	c.Requested().Validated()
	a.Submitted(2)
	c.Submitted(1)
	a.Deployed(2)
	c.Deployed(1).Failed("registrar", "registry_reverted", "registerModel reverted: model already registered")
	a.Registered(2).Published()
	d := NewFlow(l, "model-d", "d-1", at(10))
	d.Requested().Rejected("malformed_json", "unexpected end of JSON input")
	b2 := NewFlow(l, "model-b", "b-1-retry1", at(20))
	b2.Retry = 1
	b2.Requested().Validated().Submitted(1).Deployed(1)
	a2 := NewFlow(l, "model-a", "a-2", at(25))
	a2.Requested().Rejected("already_deployed", "model model-a already has token "+Address("token", "model-a"))
	b2.Registered(1).Published()
	d.Dropped("alice", "producer sent a truncated message; resent upstream")
	e := NewFlow(l, "model-e", "e-1", at(30))
	e.Requested().Validated().Submitted(1)
	f := NewFlow(l, "model-f", "f-1", at(31))
	f.Requested().Validated().Failed("deployer", "insufficient_funds", "deployer balance 0.001 ETH below estimated cost 0.03 ETH")
	return l
}
