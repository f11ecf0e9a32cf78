package rpc

import (
	"sync"
	"time"
)

// breakerState is the state of an endpoint's circuit breaker.
type breakerState int

const (
	closed breakerState = iota // in use
	open                       // skipped until a health probe succeeds
)

func (s breakerState) String() string {
	if s == open {
		return "open"
	}
	return "closed"
}

// breaker opens after threshold consecutive transport failures; only a successful call
// (a health probe, or a last-resort call when every endpoint is open) closes it again.
// Time is passed in, so it is tested without sleeping.
type breaker struct {
	threshold int

	mu       sync.Mutex
	state    breakerState
	failures int
	openedAt time.Time
	lastErr  error
}

func (b *breaker) isOpen() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state == open
}

func (b *breaker) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.state, b.failures, b.lastErr = closed, 0, nil
}

// failure records a transport failure at now and reports whether the breaker opened.
func (b *breaker) failure(now time.Time, err error) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures++
	b.lastErr = err
	if b.state == closed && b.failures >= b.threshold {
		b.state, b.openedAt = open, now
		return true
	}
	return false
}

func (b *breaker) snapshot() (breakerState, int, time.Time, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state, b.failures, b.openedAt, b.lastErr
}
