package projections

import (
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/chainrelay/chainrelay/schemas"
)

// The projector reads a million events in seconds, and most of each event is what Apply
// never looks at: the normalised request repeated in every step, raw legacy messages,
// the failed input. decodeForFold decodes into these lean mirrors of the schema types
// (the other fields are skipped in place) and returns the schema types with
// only the fields Apply reads filled. TestLeanDecodeFoldsAlike keeps the two decoders in
// step on the known log.

type leanRequest struct {
	RequestID   string `msgpack:"request_id"`
	TokenSymbol string `msgpack:"token_symbol"`
	TokenName   string `msgpack:"token_name"`
}

func (r leanRequest) full() schemas.DeployRequest {
	return schemas.DeployRequest{RequestID: r.RequestID, TokenSymbol: r.TokenSymbol, TokenName: r.TokenName}
}

type leanRequested struct {
	RequestID  string    `msgpack:"request_id"`
	Queue      string    `msgpack:"queue"`
	ReceivedAt time.Time `msgpack:"received_at"`
	Retry      int       `msgpack:"retry,omitempty"`
}

type leanValidated struct {
	Request leanRequest `msgpack:"request"`
}

type leanRejected struct {
	RequestID     string    `msgpack:"request_id"`
	Stage         string    `msgpack:"stage"`
	Class         string    `msgpack:"class"`
	Reasons       []string  `msgpack:"reasons"`
	Queue         string    `msgpack:"queue"`
	ExistingToken string    `msgpack:"existing_token,omitempty"`
	Attempts      int       `msgpack:"attempts"`
	RejectedAt    time.Time `msgpack:"rejected_at"`
}

type leanSubmitted struct {
	Request          leanRequest       `msgpack:"request"`
	Network          string            `msgpack:"network"`
	ChainID          uint64            `msgpack:"chain_id"`
	From             string            `msgpack:"from"`
	PredictedAddress string            `msgpack:"predicted_address"`
	Attempt          schemas.TxAttempt `msgpack:"attempt"`
}

type leanDeployed struct {
	Request leanRequest   `msgpack:"request"`
	Token   schemas.Token `msgpack:"token"`
}

type leanRegistered struct {
	Request      leanRequest          `msgpack:"request"`
	Token        schemas.Token        `msgpack:"token"`
	Registration schemas.Registration `msgpack:"registration"`
}

type leanPublished struct {
	RequestID   string    `msgpack:"request_id"`
	Token       string    `msgpack:"token"`
	PublishedAt time.Time `msgpack:"published_at"`
}

type leanFailed struct {
	RequestID string    `msgpack:"request_id"`
	Stage     string    `msgpack:"stage"`
	Class     string    `msgpack:"class"`
	Reason    string    `msgpack:"reason"`
	Attempts  int       `msgpack:"attempts"`
	FailedAt  time.Time `msgpack:"failed_at"`
}

// decodeForFold is DecodeRaw keeping only what Apply reads (the message id left out),
// sharing the strings it reads through strs when it is not nil.
func decodeForFold(strs *interner, seq uint64, stored time.Time, subject string, h nats.Header, data []byte) (Event, error) {
	ev := Event{Seq: seq, Subject: subject, Time: stored.UTC()}
	fail := func(err error) (Event, error) {
		return ev, &DecodeError{Seq: seq, Subject: subject, Err: err}
	}
	typ, model, err := parseDeploySubject(subject)
	if err != nil {
		return fail(err)
	}
	ev.Type, ev.ModelID = typ, model
	if h != nil { // the message id is not read by the fold
		ev.CorrelationID = h.Get(schemas.HeaderCorrelationID)
	}
	switch typ {
	case schemas.EventRequested:
		var v leanRequested
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Requested{RequestID: v.RequestID, ModelID: model, Queue: v.Queue, ReceivedAt: v.ReceivedAt, Retry: v.Retry}
		}
	case schemas.EventValidated:
		var v leanValidated
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Validated{Request: v.Request.full()}
		}
	case schemas.EventRejected:
		var v leanRejected
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Rejected{RequestID: v.RequestID, ModelID: model, Stage: v.Stage, Class: v.Class, Reasons: v.Reasons,
				Queue: v.Queue, ExistingToken: v.ExistingToken, Attempts: v.Attempts, RejectedAt: v.RejectedAt}
		}
	case schemas.EventSubmitted:
		var v leanSubmitted
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Submitted{Request: v.Request.full(), Network: v.Network, ChainID: v.ChainID, From: v.From,
				PredictedAddress: v.PredictedAddress, Attempt: v.Attempt}
		}
	case schemas.EventDeployed:
		var v leanDeployed
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Deployed{Request: v.Request.full(), Token: v.Token}
		}
	case schemas.EventRegistered:
		var v leanRegistered
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Registered{Request: v.Request.full(), Token: v.Token, Registration: v.Registration}
		}
	case schemas.EventPublished:
		var v leanPublished
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Published{RequestID: v.RequestID, ModelID: model, Token: v.Token, PublishedAt: v.PublishedAt}
		}
	case schemas.EventFailed:
		var v leanFailed
		if err = v.decode(&mpReader{b: data, shared: strs}); err == nil {
			ev.Body = schemas.Failed{RequestID: v.RequestID, ModelID: model, Stage: v.Stage, Class: v.Class, Reason: v.Reason,
				Attempts: v.Attempts, FailedAt: v.FailedAt}
		}
	case schemas.EventDropped:
		var v schemas.Dropped
		if err = schemas.Unmarshal(data, &v); err == nil {
			ev.Body = v
		}
	default:
		return fail(fmt.Errorf("%w %q", ErrUnknownEvent, typ))
	}
	if err != nil {
		return fail(err)
	}
	return ev, nil
}

const deploySubjectPrefix = "hokusai.deploy."

// parseDeploySubject is schemas.ParseDeploySubject without its allocations for the
// common subject, whose model token needs no decoding: the model id is then a part of
// the subject. Any other subject goes to schemas.ParseDeploySubject.
func parseDeploySubject(subject string) (schemas.EventType, string, error) {
	if len(subject) > len(deploySubjectPrefix) && subject[:len(deploySubjectPrefix)] == deploySubjectPrefix {
		rest := subject[len(deploySubjectPrefix):]
		for i := 0; i < len(rest); i++ {
			if rest[i] == '.' {
				if model := rest[i+1:]; model != "" && plainToken(model) {
					return schemas.EventType(rest[:i]), model, nil
				}
				break
			}
		}
	}
	return schemas.ParseDeploySubject(subject)
}

// plainToken reports whether tok holds only the bytes schemas.EncodeSubjectToken keeps
// as they are (letters, digits, '-' and '_'), so that it decodes to itself.
func plainToken(tok string) bool {
	for i := 0; i < len(tok); i++ {
		c := tok[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
