// Package nonce reserves account nonces for the transaction manager: Local for one
// process, KV for deployer replicas sharing one key through a JetStream KV bucket with
// compare-and-set.
//
// A nonce is reserved before signing and released if it was never broadcast, so that the
// next reservation reuses it and leaves no gap. A process that dies between reserving and
// broadcasting does leave a gap; the transaction manager fills gaps it finds behind its
// own stuck transactions.
package nonce

import (
	"context"
	"errors"
	"slices"

	"github.com/ethereum/go-ethereum/common"
)

// ErrReleaseUnreserved is returned when releasing a nonce that was never handed out.
var ErrReleaseUnreserved = errors.New("release of a nonce that was not reserved")

// Source hands out nonces.
type Source interface {
	// Reserve returns a nonce of account that no other caller holds: the lowest released
	// nonce not below floor, else the next unused one raised to at least floor. Floor is
	// the account's pending nonce on chain (0 when unknown); passing it reconciles the
	// source with transactions sent by others.
	Reserve(ctx context.Context, account common.Address, floor uint64) (uint64, error)
	// Release gives back a reserved nonce that was never broadcast.
	Release(ctx context.Context, account common.Address, nonce uint64) error
}

// state is one account's reservations; Local keeps it in memory, KV in a bucket.
type state struct {
	Next     uint64   `json:"next"`
	Released []uint64 `json:"released,omitempty"` // ascending, all < Next
}

func (s *state) reserve(floor uint64) uint64 {
	// Released nonces under the floor were used by someone else meanwhile: drop them.
	i, _ := slices.BinarySearch(s.Released, floor)
	s.Released = s.Released[i:]
	if len(s.Released) > 0 {
		n := s.Released[0]
		s.Released = s.Released[1:]
		return n
	}
	if s.Next < floor {
		s.Next = floor
	}
	n := s.Next
	s.Next++
	return n
}

func (s *state) release(n uint64) error {
	if n >= s.Next {
		return ErrReleaseUnreserved
	}
	i, found := slices.BinarySearch(s.Released, n)
	if found {
		return ErrReleaseUnreserved
	}
	if n+1 == s.Next {
		// The newest nonce: just step back, no gap to remember.
		s.Next--
		// Released nonces now at the top collapse too.
		for len(s.Released) > 0 && s.Released[len(s.Released)-1]+1 == s.Next {
			s.Released = s.Released[:len(s.Released)-1]
			s.Next--
		}
		return nil
	}
	s.Released = slices.Insert(s.Released, i, n)
	return nil
}
