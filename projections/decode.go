package projections

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
)

// Decode reads a deploy-flow event from a stream message.
func Decode(msg jetstream.Msg) (Event, error) {
	md, err := msg.Metadata()
	if err != nil {
		return Event{Subject: msg.Subject()}, &DecodeError{Subject: msg.Subject(), Err: err}
	}
	return DecodeRaw(md.Sequence.Stream, md.Timestamp, msg.Subject(), msg.Headers(), msg.Data())
}

// DecodeRaw reads a deploy-flow event from its parts (a stream message fetched by
// sequence, say).
func DecodeRaw(seq uint64, stored time.Time, subject string, h nats.Header, data []byte) (Event, error) {
	ev := Event{Seq: seq, Subject: subject, Time: stored.UTC()}
	fail := func(err error) (Event, error) {
		return ev, &DecodeError{Seq: seq, Subject: subject, Err: err}
	}
	typ, model, err := schemas.ParseDeploySubject(subject)
	if err != nil {
		return fail(err)
	}
	ev.Type, ev.ModelID = typ, model
	if h != nil {
		ev.MsgID = h.Get(schemas.HeaderMsgID)
		ev.CorrelationID = h.Get(schemas.HeaderCorrelationID)
	}
	var body any
	switch typ {
	case schemas.EventRequested:
		body, err = decodeBody[schemas.Requested](data)
	case schemas.EventValidated:
		body, err = decodeBody[schemas.Validated](data)
	case schemas.EventRejected:
		body, err = decodeBody[schemas.Rejected](data)
	case schemas.EventSubmitted:
		body, err = decodeBody[schemas.Submitted](data)
	case schemas.EventDeployed:
		body, err = decodeBody[schemas.Deployed](data)
	case schemas.EventRegistered:
		body, err = decodeBody[schemas.Registered](data)
	case schemas.EventPublished:
		body, err = decodeBody[schemas.Published](data)
	case schemas.EventFailed:
		body, err = decodeBody[schemas.Failed](data)
	case schemas.EventDropped:
		body, err = decodeBody[schemas.Dropped](data)
	default:
		return fail(fmt.Errorf("%w %q", ErrUnknownEvent, typ))
	}
	if err != nil {
		return fail(err)
	}
	ev.Body = body
	return ev, nil
}

func decodeBody[T any](data []byte) (T, error) {
	var v T
	err := schemas.Unmarshal(data, &v)
	return v, err
}
