package nonce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultBucket is the KV bucket the nonces of all chains and accounts share.
const DefaultBucket = "evm_nonces"

// maxCASRetries bounds compare-and-set loops; each retry means another replica won a race.
const maxCASRetries = 64

// ErrContention is returned when compare-and-set kept losing to other replicas.
var ErrContention = errors.New("nonce bucket contention")

// KV reserves nonces in a JetStream KV bucket, one key per chain and account, each
// change a compare-and-set on the key's revision: replicas sharing a key never receive
// the same nonce.
type KV struct {
	kv      jetstream.KeyValue
	chainID uint64
	// mu serialises this process's updates so that compare-and-set races only happen
	// between replicas, not between goroutines of one replica.
	mu sync.Mutex
}

var _ Source = (*KV)(nil)

// NewKV uses bucket kv for chainID's accounts.
func NewKV(kv jetstream.KeyValue, chainID uint64) *KV { return &KV{kv: kv, chainID: chainID} }

// EnsureBucket creates (or opens) the nonce bucket. History 1: only the current
// reservation state matters; the file store keeps it across restarts.
func EnsureBucket(ctx context.Context, js jetstream.JetStream, bucket string, replicas int) (jetstream.KeyValue, error) {
	if replicas < 1 {
		replicas = 1
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      bucket,
		Description: "EVM nonce reservations per chain and account",
		History:     1,
		Storage:     jetstream.FileStorage,
		Replicas:    replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("nonce bucket %s: %w", bucket, err)
	}
	return kv, nil
}

func (k *KV) key(a common.Address) string {
	return fmt.Sprintf("%d.%s", k.chainID, strings.ToLower(a.Hex()[2:]))
}

// update applies fn to the account's state with compare-and-set, retrying on conflicts.
func (k *KV) update(ctx context.Context, a common.Address, fn func(*state) error) error {
	key := k.key(a)
	k.mu.Lock()
	defer k.mu.Unlock()
	for attempt := range maxCASRetries {
		if attempt > 0 {
			// Jittered backoff so that replicas that collided do not collide again.
			d := time.Duration(rand.Int64N(int64(min(attempt, 20)) * int64(time.Millisecond)))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(d):
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var s state
		var rev uint64
		e, err := k.kv.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return fmt.Errorf("read nonce state: %w", err)
		default:
			if err := json.Unmarshal(e.Value(), &s); err != nil {
				return fmt.Errorf("decode nonce state %s: %w", key, err)
			}
			rev = e.Revision()
		}
		if err := fn(&s); err != nil {
			return err
		}
		val, err := json.Marshal(&s)
		if err != nil {
			return fmt.Errorf("encode nonce state: %w", err)
		}
		if rev == 0 {
			_, err = k.kv.Create(ctx, key, val)
		} else {
			_, err = k.kv.Update(ctx, key, val, rev)
		}
		switch {
		case err == nil:
			return nil
		case errors.Is(err, jetstream.ErrKeyExists), errors.Is(err, jetstream.ErrKeyRevisionMismatch):
			continue // another replica changed the key first
		default:
			return fmt.Errorf("write nonce state: %w", err)
		}
	}
	return fmt.Errorf("%w on %s", ErrContention, key)
}

// Reserve implements Source.
func (k *KV) Reserve(ctx context.Context, account common.Address, floor uint64) (uint64, error) {
	var n uint64
	err := k.update(ctx, account, func(s *state) error {
		n = s.reserve(floor)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reserve nonce: %w", err)
	}
	return n, nil
}

// Release implements Source.
func (k *KV) Release(ctx context.Context, account common.Address, n uint64) error {
	err := k.update(ctx, account, func(s *state) error { return s.release(n) })
	if err != nil {
		return fmt.Errorf("release nonce %d: %w", n, err)
	}
	return nil
}
