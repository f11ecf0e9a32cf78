package nonce

import (
	"context"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
)

// Local reserves nonces in memory for one process.
type Local struct {
	mu       sync.Mutex
	accounts map[common.Address]*state
}

var _ Source = (*Local)(nil)

// NewLocal returns an empty in-memory source.
func NewLocal() *Local { return &Local{accounts: make(map[common.Address]*state)} }

func (l *Local) get(a common.Address) *state {
	s, ok := l.accounts[a]
	if !ok {
		s = &state{}
		l.accounts[a] = s
	}
	return s
}

// Reserve implements Source.
func (l *Local) Reserve(_ context.Context, account common.Address, floor uint64) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.get(account).reserve(floor), nil
}

// Release implements Source.
func (l *Local) Release(_ context.Context, account common.Address, n uint64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.get(account).release(n); err != nil {
		return fmt.Errorf("release nonce %d: %w", n, err)
	}
	return nil
}
