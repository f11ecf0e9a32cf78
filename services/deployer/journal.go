package deployer

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// StreamJournal keeps the journal in the HOKUSAI stream itself, as submitted events: the
// log that drives the pipeline is also the record of every transaction sent.
type StreamJournal struct {
	JS jetstream.JetStream
}

var _ Journal = (*StreamJournal)(nil)

// Record publishes ev and waits for JetStream's acknowledgement.
func (j *StreamJournal) Record(ctx context.Context, ev schemas.Submitted) error {
	data, err := schemas.Marshal(ev)
	if err != nil {
		return err
	}
	req := ev.Request
	msg := &nats.Msg{
		Subject: schemas.DeploySubject(schemas.EventSubmitted, req.ModelID),
		Data:    data,
		Header: schemas.Meta{
			MsgID:         schemas.DeployMsgID(schemas.EventSubmitted, req.ModelID, req.RequestID, ev.Attempt.Hash),
			EventType:     string(schemas.EventSubmitted),
			SchemaVersion: schemas.DeploySchemaVersion,
			CorrelationID: req.RequestID,
			ContentType:   schemas.ContentTypeMsgpack,
		}.Header(),
	}
	if _, err := j.JS.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("journal attempt %s: %w", ev.Attempt.Hash, err)
	}
	return nil
}

// Attempts reads the model's submitted events back and keeps the request's. It uses
// direct gets, not a consumer: the deployer asks for every input, most models have no
// journal yet, and a consumer per question would pile up on the server.
func (j *StreamJournal) Attempts(ctx context.Context, modelID, requestID string) ([]schemas.TxAttempt, error) {
	subject := schemas.DeploySubject(schemas.EventSubmitted, modelID)
	stream, err := j.JS.Stream(ctx, schemas.StreamHokusai)
	if err != nil {
		return nil, fmt.Errorf("read journal %s: %w", subject, err)
	}
	last, err := stream.GetLastMsgForSubject(ctx, subject)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read journal %s: %w", subject, err)
	}
	var out []schemas.TxAttempt
	for seq := uint64(1); seq <= last.Sequence; {
		m, err := stream.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(subject))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read journal %s: %w", subject, err)
		}
		var ev schemas.Submitted
		if err := schemas.Unmarshal(m.Data, &ev); err != nil {
			return nil, fmt.Errorf("read journal %s seq %d: %w", subject, m.Sequence, err)
		}
		if ev.Request.RequestID == requestID {
			out = append(out, ev.Attempt)
		}
		seq = m.Sequence + 1
	}
	return out, nil
}

// KVTokens records model -> token in the tokens bucket.
type KVTokens struct {
	KV jetstream.KeyValue
}

var _ Tokens = (*KVTokens)(nil)

// Put stores the token address under the model's subject-safe key.
func (t *KVTokens) Put(ctx context.Context, modelID, address string) error {
	_, err := t.KV.PutString(ctx, schemas.EncodeSubjectToken(modelID), address)
	return err
}

// OpenKVTokens opens the tokens bucket.
func OpenKVTokens(ctx context.Context, js jetstream.JetStream) (*KVTokens, error) {
	kv, err := js.KeyValue(ctx, streams.BucketTokens)
	if err != nil {
		return nil, fmt.Errorf("open bucket %s: %w", streams.BucketTokens, err)
	}
	return &KVTokens{KV: kv}, nil
}
