package rpc

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
)

// TestBreaker asserts that the breaker opens after the threshold of consecutive
// failures, that a success in between resets the count, and that success closes it.
func TestBreaker(t *testing.T) {
	t.Parallel()
	now := time.Unix(1000, 0)
	b := breaker{threshold: 3}
	boom := errors.New("boom")
	b.failure(now, boom)
	b.failure(now, boom)
	b.success()
	b.failure(now, boom)
	b.failure(now, boom)
	if b.isOpen() {
		t.Fatal("opened before 3 consecutive failures")
	}
	if !b.failure(now, boom) || !b.isOpen() {
		t.Fatal("not open after 3 consecutive failures")
	}
	if b.failure(now.Add(time.Second), boom) {
		t.Fatal("reported opening twice")
	}
	st, n, at, last := b.snapshot()
	if st != open || n != 4 || !at.Equal(now) || last != boom {
		t.Fatalf("snapshot %v %d %v %v", st, n, at, last)
	}
	b.success()
	if b.isOpen() {
		t.Fatal("success did not close")
	}
}

type codeErr struct{ code int }

func (e codeErr) Error() string  { return "rpc error" }
func (e codeErr) ErrorCode() int { return e.code }

// TestTransport asserts which errors count against an endpoint: transport failures,
// 5xx/429/401 and rate-limit codes do; node answers (JSON-RPC errors, not found) and the
// caller's own cancellation do not.
func TestTransport(t *testing.T) {
	t.Parallel()
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"nil", live, nil, false},
		{"refused", live, errors.New("dial tcp: connection refused"), true},
		{"timeout", live, context.DeadlineExceeded, true},
		{"caller cancelled", cancelled, context.Canceled, false},
		{"503", live, gethrpc.HTTPError{StatusCode: http.StatusServiceUnavailable}, true},
		{"429", live, gethrpc.HTTPError{StatusCode: http.StatusTooManyRequests}, true},
		{"400", live, gethrpc.HTTPError{StatusCode: http.StatusBadRequest}, false},
		{"revert", live, codeErr{3}, false},
		{"rate limit code", live, codeErr{-32005}, true},
		{"not found", live, ethereum.NotFound, false},
	}
	for _, tc := range tests {
		if got := transport(tc.ctx, tc.err); got != tc.want {
			t.Fatalf("%s: transport = %v, want %v", tc.name, got, tc.want)
		}
	}
}
