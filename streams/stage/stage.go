// Package stage is the one place where chainrelay's plumbing lives: consuming a durable
// pull consumer with N messages in flight, calling a stage's handler, publishing its
// outputs with deterministic message ids and headers, and acking the input only after
// JetStream acknowledged every output. Retries, dead-lettering, heartbeats, metrics and
// graceful shutdown are here too, so a stage holds nothing but its domain logic.
package stage

import (
	"context"

	"github.com/nats-io/nats.go"

	"github.com/chainrelay/chainrelay/schemas"
)

// Message is one input delivered to a handler.
type Message struct {
	Subject string
	Header  nats.Header
	Data    []byte
	Meta    schemas.Meta
	// Delivered counts deliveries of this input, 1 on the first.
	Delivered uint64
	StreamSeq uint64
	// Stage is the name of the stage handling it.
	Stage string
}

// Output is one event a handler wants published.
type Output struct {
	Subject string
	// MsgID is the deterministic Nats-Msg-Id: the same input must always yield the same
	// id so a redelivered input's output is dropped as a duplicate.
	MsgID     string
	EventType string
	// Value is encoded with schemas.Marshal unless Data is set.
	Value any
	Data  []byte
	// ContentType defaults to msgpack.
	ContentType string
	// SchemaVersion defaults to schemas.DeploySchemaVersion.
	SchemaVersion int
	// CorrelationID defaults to the input's.
	CorrelationID string
	// Header holds extra headers.
	Header nats.Header
}

// Handler is the shape of every stage: decode input, decide, return outputs.
type Handler func(ctx context.Context, in *Message) ([]Output, error)

// Middleware wraps a handler.
type Middleware func(Handler) Handler

// Failure describes an input the stage gives up on.
type Failure struct {
	Stage    string
	Class    string
	Reason   string
	Attempts int
	Err      error
}

// DeadLetterFunc turns a failed input into the events that record its failure.
type DeadLetterFunc func(ctx context.Context, in *Message, f Failure) ([]Output, error)

// Heartbeat lets a long handler keep its input from being redelivered; the runner also
// sends one on its own every AckWait/3.
type heartbeatKey struct{}

// InProgress tells JetStream that the input of the handler running under ctx is still
// being worked on. It is a no-op outside a runner.
func InProgress(ctx context.Context) {
	if f, ok := ctx.Value(heartbeatKey{}).(func()); ok {
		f()
	}
}
