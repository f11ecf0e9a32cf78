package validator

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// JetStreamLookup answers both questions from JetStream: TokenOf from the tokens KV
// bucket the deployer writes (key schemas.EncodeSubjectToken(model), value the token address), and
// ValidatedBefore from the last validated event of the model in the HOKUSAI stream.
type JetStreamLookup struct {
	Tokens  jetstream.KeyValue
	Hokusai jetstream.Stream
}

var (
	_ TokenLookup = (*JetStreamLookup)(nil)
	_ History     = (*JetStreamLookup)(nil)
)

// OpenJetStreamLookup opens the tokens bucket and the HOKUSAI stream.
func OpenJetStreamLookup(ctx context.Context, js jetstream.JetStream) (*JetStreamLookup, error) {
	kv, err := js.KeyValue(ctx, streams.BucketTokens)
	if err != nil {
		return nil, fmt.Errorf("open bucket %s: %w", streams.BucketTokens, err)
	}
	st, err := js.Stream(ctx, schemas.StreamHokusai)
	if err != nil {
		return nil, fmt.Errorf("open stream %s: %w", schemas.StreamHokusai, err)
	}
	return &JetStreamLookup{Tokens: kv, Hokusai: st}, nil
}

// TokenOf returns the token recorded for modelID. A deleted or empty entry is no token.
func (l *JetStreamLookup) TokenOf(ctx context.Context, modelID string) (string, bool, error) {
	e, err := l.Tokens.Get(ctx, schemas.EncodeSubjectToken(modelID))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("get %s/%s: %w", streams.BucketTokens, schemas.EncodeSubjectToken(modelID), err)
	}
	if len(e.Value()) == 0 {
		return "", false, nil
	}
	return string(e.Value()), true, nil
}

// ValidatedBefore reports whether the model's last validated event is requestID's. Only
// the last is read: a redelivery follows its own publish closely, and a second request
// validated in between costs no more than a redundant already_deployed rejection.
func (l *JetStreamLookup) ValidatedBefore(ctx context.Context, modelID, requestID string) (bool, error) {
	subj := schemas.DeploySubject(schemas.EventValidated, modelID)
	m, err := l.Hokusai.GetLastMsgForSubject(ctx, subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("last message on %s: %w", subj, err)
	}
	var v schemas.Validated
	if err := schemas.Unmarshal(m.Data, &v); err != nil {
		return false, fmt.Errorf("last message on %s: %w", subj, err)
	}
	return v.Request.RequestID == requestID, nil
}
