package stage

import (
	"errors"
	"fmt"
	"time"
)

// ErrClosed is returned by Run when the runner was already closed.
var ErrClosed = errors.New("stage runner closed")

// Error classes the runner itself assigns.
const (
	ClassInternal   = "internal"    // an unclassified handler error
	ClassPanic      = "panic"       // the handler panicked
	ClassDecode     = "decode"      // the input could not be decoded
	ClassTimeout    = "timeout"     // the handler overran its deadline
	ClassPublish    = "publish"     // an output could not be published
	ClassMaxDeliver = "max_deliver" // transient failures exhausted the delivery budget
)

// Error is a classified handler failure. Permanent failures end the input at once
// (Term plus a dead-letter event); transient ones are retried with back-off until the
// consumer's MaxDeliver is spent.
type Error struct {
	Class     string
	Permanent bool
	// Delay, when set, overrides the runner's back-off for this redelivery.
	Delay time.Duration
	Err   error
}

func (e *Error) Error() string {
	kind := "transient"
	if e.Permanent {
		kind = "permanent"
	}
	return fmt.Sprintf("%s %s: %v", kind, e.Class, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Permanent marks err as one that no retry can fix.
func Permanent(class string, err error) error {
	return &Error{Class: class, Permanent: true, Err: err}
}

// Transient marks err as worth retrying.
func Transient(class string, err error) error {
	return &Error{Class: class, Err: err}
}

// RetryAfter marks err as worth retrying after at least d.
func RetryAfter(class string, d time.Duration, err error) error {
	return &Error{Class: class, Delay: d, Err: err}
}

// Classify returns the class of err and whether it is permanent. Unclassified errors are
// transient: a stage that cannot tell should try again rather than give up.
func Classify(err error) (class string, permanent bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Class, e.Permanent
	}
	if errors.Is(err, errTimeout) {
		return ClassTimeout, false
	}
	return ClassInternal, false
}

var errTimeout = errors.New("handler timed out")
