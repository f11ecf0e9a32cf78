package projections

import (
	"errors"
	"fmt"
)

// Sentinel errors of the package.
var (
	// ErrNotFound: no state for that model.
	ErrNotFound = errors.New("not found")
	// ErrUnknownEvent: a subject under hokusai.deploy. names no known event type.
	ErrUnknownEvent = errors.New("unknown deploy event type")
	// ErrBadCursor: a paging cursor that this API did not hand out.
	ErrBadCursor = errors.New("bad cursor")
)

// DecodeError is an event the projection cannot read. It is skipped (and counted) rather
// than stopping the projection: the log cannot be fixed, only followed.
type DecodeError struct {
	Seq     uint64
	Subject string
	Err     error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("decode event seq %d on %s: %v", e.Seq, e.Subject, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }
