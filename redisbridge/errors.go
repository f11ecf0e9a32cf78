package redisbridge

import (
	"errors"
)

// Sentinel errors.
var (
	// ErrClosed is returned by Run once the bridge has been closed.
	ErrClosed = errors.New("redisbridge: closed")
	// ErrAckTimeout reports a publish whose PubAck did not arrive in time; the message
	// stays in the processing list and is published again with the same id.
	ErrAckTimeout = errors.New("pub ack timeout")
	// errStopped is what a test hook returns to stop the bridge dead at a chosen point,
	// as a crash would.
	errStopped = errors.New("stopped by test hook")
)

// Class is a machine-readable error category, used as a metric label.
type Class string

// Error classes.
const (
	ClassRedis   Class = "redis"   // a Redis command failed (connection, timeout, server error)
	ClassPublish Class = "publish" // JetStream refused or did not acknowledge a publish
	ClassConsume Class = "consume" // the ordered consumer on HOKUSAI failed
	ClassDecode  Class = "decode"  // an event in the stream could not be decoded
	ClassOther   Class = "other"
)

// Error is a failed bridge operation with its class.
type Error struct {
	Op    string // what failed, e.g. "claim batch"
	Class Class
	Err   error
}

func (e *Error) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether trying again later may succeed. Every class is: the bridge
// keeps state in Redis and JetStream, so a retry resumes where the failure left off.
func (e *Error) Retryable() bool { return !errors.Is(e.Err, errStopped) }

func opErr(op string, class Class, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Class: class, Err: err}
}

// ClassOf returns err's class, ClassOther when it carries none.
func ClassOf(err error) Class {
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return ClassOther
}
