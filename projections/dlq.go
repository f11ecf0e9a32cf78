package projections

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
)

// Dead-letter tools. Nothing here deletes anything: a retry is a new request on the log,
// a drop is an event recording the operator's decision.

// Errors of the dead-letter tools.
var (
	// ErrNotDeadLetter: the request is not rejected or failed (or was dropped already).
	ErrNotDeadLetter = errors.New("not a dead letter")
	// ErrNoRaw: neither the rejection nor the request kept the original message.
	ErrNoRaw = errors.New("original message not found in the log")
)

// DeadLetter is a request whose last word is a rejection or a failure.
type DeadLetter struct {
	ModelID   string    `json:"model_id"`
	RequestID string    `json:"request_id"`
	Status    Status    `json:"status"`
	Stage     string    `json:"stage,omitempty"`
	Class     string    `json:"class,omitempty"`
	Error     string    `json:"error,omitempty"`
	At        time.Time `json:"at,omitzero"`
	Duplicate bool      `json:"duplicate,omitempty"`
	// RetriedAs is the latest operator retry of this request, if any.
	RetriedAs string `json:"retried_as,omitempty"`
	// ModelStatus is where the model stands now (a retry may have published it since).
	ModelStatus Status `json:"model_status"`
}

var retrySuffix = regexp.MustCompile(`-retry([0-9]+)$`)

// baseRequest strips operator retry suffixes: "r1-retry2" -> "r1".
func baseRequest(id string) string {
	return retrySuffix.ReplaceAllString(id, "")
}

// DeadLetters lists the dead requests of the given states, in model then log order.
func DeadLetters(states []Deployment) []DeadLetter {
	var out []DeadLetter
	for _, d := range states {
		for _, r := range d.Requests {
			if !r.Status.Dead() {
				continue
			}
			dl := DeadLetter{
				ModelID: d.ModelID, RequestID: r.RequestID, Status: r.Status, Stage: r.Stage, Class: r.Class,
				Error: r.Error, Duplicate: r.Duplicate, ModelStatus: d.Status,
			}
			dl.At = r.Steps.Rejected
			if r.Status == StatusFailed {
				dl.At = r.Steps.Failed
			}
			for _, o := range d.Requests {
				if o.RequestID != r.RequestID && o.Retry > r.Retry && baseRequest(o.RequestID) == baseRequest(r.RequestID) {
					dl.RetriedAs = o.RequestID
				}
			}
			out = append(out, dl)
		}
	}
	return out
}

// History reads every event of one model from the stream, in log order.
func History(ctx context.Context, js jetstream.JetStream, modelID string) ([]Event, error) {
	filter := "hokusai.deploy.*." + schemas.EncodeSubjectToken(modelID)
	cons, err := js.OrderedConsumer(ctx, schemas.StreamHokusai, jetstream.OrderedConsumerConfig{FilterSubjects: []string{filter}})
	if err != nil {
		return nil, fmt.Errorf("history of %q: %w", modelID, err)
	}
	pending := cons.CachedInfo().NumPending
	var out []Event
	for pending > 0 {
		batch, err := cons.Fetch(int(min(pending, 1000)), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return nil, fmt.Errorf("history of %q: %w", modelID, err)
		}
		n := 0
		for msg := range batch.Messages() {
			n++
			ev, err := Decode(msg)
			if err != nil {
				return nil, fmt.Errorf("history of %q: %w", modelID, err)
			}
			out = append(out, ev)
			if md, err := msg.Metadata(); err == nil {
				pending = md.NumPending
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return nil, fmt.Errorf("history of %q: %w", modelID, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("history of %q: %d events announced, none delivered", modelID, pending)
		}
	}
	return out, nil
}

// deadLetterIn finds the request's rejection or failure in a model's history and checks
// no drop followed it.
func deadLetterIn(hist []Event, requestID string) (Event, error) {
	var dead *Event
	for i := range hist {
		ev := &hist[i]
		if ev.RequestID() != requestID {
			continue
		}
		switch ev.Type {
		case schemas.EventRejected, schemas.EventFailed:
			dead = ev
		case schemas.EventDropped:
			if dead != nil {
				return Event{}, fmt.Errorf("request %q: %w: dropped at seq %d", requestID, ErrNotDeadLetter, ev.Seq)
			}
		case schemas.EventPublished:
			return Event{}, fmt.Errorf("request %q: %w: published at seq %d", requestID, ErrNotDeadLetter, ev.Seq)
		}
	}
	if dead == nil {
		return Event{}, fmt.Errorf("request %q: %w: no rejection or failure in the log", requestID, ErrNotDeadLetter)
	}
	return *dead, nil
}

// RetryResult is the request a retry published.
type RetryResult struct {
	Request schemas.Requested
	Seq     uint64
	// Duplicate is true when JetStream had this retry already (same id within its
	// de-duplication window): nothing new was published.
	Duplicate bool
}

// Retry re-injects a dead request's original message as a new request
// "<base>-retry<N>" with Retry N, N one more than any retry of the same request in the
// log. The raw message comes from the rejection, or for a failure from the request's
// first requested event.
func Retry(ctx context.Context, js jetstream.JetStream, modelID, requestID string, now time.Time) (RetryResult, error) {
	hist, err := History(ctx, js, modelID)
	if err != nil {
		return RetryResult{}, err
	}
	dead, err := deadLetterIn(hist, requestID)
	if err != nil {
		return RetryResult{}, err
	}
	var raw []byte
	queue := schemas.QueueModelReady
	if rej, ok := dead.Body.(schemas.Rejected); ok && len(rej.Raw) > 0 {
		raw = rej.Raw
		if rej.Queue != "" {
			queue = rej.Queue
		}
	}
	base := baseRequest(requestID)
	n := 0
	for _, ev := range hist {
		req, ok := ev.Body.(schemas.Requested)
		if !ok || baseRequest(req.RequestID) != base {
			continue
		}
		n = max(n, req.Retry)
		if raw == nil && req.RequestID == requestID {
			raw = req.Raw
			if req.Queue != "" {
				queue = req.Queue
			}
		}
	}
	if len(raw) == 0 {
		return RetryResult{}, fmt.Errorf("retry %q of %q: %w", requestID, modelID, ErrNoRaw)
	}
	n++
	req := schemas.Requested{
		RequestID: base + "-retry" + strconv.Itoa(n), ModelID: modelID, Raw: raw, Queue: queue,
		ReceivedAt: now.UTC(), Retry: n,
	}
	ack, err := publishEvent(ctx, js, schemas.EventRequested, modelID, req.RequestID, dead.MsgID, req)
	if err != nil {
		return RetryResult{}, fmt.Errorf("retry %q of %q: %w", requestID, modelID, err)
	}
	return RetryResult{Request: req, Seq: ack.Sequence, Duplicate: ack.Duplicate}, nil
}

// Drop records an operator's decision to give up on a dead request.
func Drop(ctx context.Context, js jetstream.JetStream, modelID, requestID, operator, reason string, now time.Time) (schemas.Dropped, uint64, error) {
	if operator == "" || reason == "" {
		return schemas.Dropped{}, 0, errors.New("drop: an operator and a reason are required")
	}
	hist, err := History(ctx, js, modelID)
	if err != nil {
		return schemas.Dropped{}, 0, err
	}
	dead, err := deadLetterIn(hist, requestID)
	if err != nil {
		return schemas.Dropped{}, 0, err
	}
	ev := schemas.Dropped{RequestID: requestID, ModelID: modelID, Operator: operator, Reason: reason, At: now.UTC()}
	ack, err := publishEvent(ctx, js, schemas.EventDropped, modelID, requestID, dead.MsgID, ev)
	if err != nil {
		return ev, 0, fmt.Errorf("drop %q of %q: %w", requestID, modelID, err)
	}
	return ev, ack.Sequence, nil
}

func publishEvent(ctx context.Context, js jetstream.JetStream, typ schemas.EventType, modelID, requestID, causation string, body any) (*jetstream.PubAck, error) {
	data, err := schemas.Marshal(body)
	if err != nil {
		return nil, err
	}
	h := schemas.Meta{
		MsgID: schemas.DeployMsgID(typ, modelID, requestID, ""), EventType: string(typ),
		SchemaVersion: schemas.DeploySchemaVersion, CorrelationID: requestID, CausationID: causation,
		ContentType: schemas.ContentTypeMsgpack,
	}.Header()
	return js.PublishMsg(ctx, &nats.Msg{Subject: schemas.DeploySubject(typ, modelID), Header: h, Data: data})
}
