package nonce_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/streams/natstest"

	"github.com/chainrelay/chainrelay/services/evm/nonce"
)

// startJetStream runs a real embedded JetStream (chainrelay's topology provisioned) in a
// temp dir.
func startJetStream(t testing.TB) jetstream.JetStream {
	t.Helper()
	return natstest.Start(t).JS
}

// implementations returns, per Source implementation, a constructor of "replicas":
// sources that share reservations (the same Local; KV sources on one bucket, each with
// its own connection-level handle).
func implementations(t *testing.T) map[string]func() nonce.Source {
	js := startJetStream(t)
	kv, err := nonce.EnsureBucket(context.Background(), js, nonce.DefaultBucket, 1)
	if err != nil {
		t.Fatal(err)
	}
	local := nonce.NewLocal()
	return map[string]func() nonce.Source{
		"local": func() nonce.Source { return local },
		"kv":    func() nonce.Source { return nonce.NewKV(kv, 1337) },
	}
}

var (
	alice = common.HexToAddress("0x00000000000000000000000000000000000a11ce")
	bob   = common.HexToAddress("0x0000000000000000000000000000000000000b0b")
)

// TestSourceConformance runs one suite against every Source: order, floors, release and
// reuse, release errors, per-account independence, and uniqueness under 400 concurrent
// reservations from 4 replicas.
func TestSourceConformance(t *testing.T) {
	t.Parallel()
	for name, replica := range implementations(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			src := replica()
			reserve := func(a common.Address, floor uint64) uint64 {
				t.Helper()
				n, err := src.Reserve(ctx, a, floor)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			// Sequence and floor.
			for want := uint64(0); want < 3; want++ {
				if n := reserve(alice, 0); n != want {
					t.Fatalf("reserve %d, want %d", n, want)
				}
			}
			if n := reserve(alice, 10); n != 10 {
				t.Fatalf("floor 10: got %d", n)
			}
			if n := reserve(alice, 4); n != 11 {
				t.Fatalf("floor below next: got %d, want 11", n)
			}
			// Release in the middle: reused first, lowest first.
			for _, n := range []uint64{2, 1} {
				if err := src.Release(ctx, alice, n); err != nil {
					t.Fatal(err)
				}
			}
			if n := reserve(alice, 0); n != 1 {
				t.Fatalf("after releasing 1,2: got %d", n)
			}
			// A released nonce below the floor was used elsewhere: skipped.
			if n := reserve(alice, 5); n != 12 {
				t.Fatalf("released 2 under floor 5: got %d, want 12", n)
			}
			// Releasing the newest steps back.
			if err := src.Release(ctx, alice, 12); err != nil {
				t.Fatal(err)
			}
			if n := reserve(alice, 0); n != 12 {
				t.Fatalf("after releasing the newest: got %d", n)
			}
			for _, n := range []uint64{13, 100} {
				if err := src.Release(ctx, alice, n); !errors.Is(err, nonce.ErrReleaseUnreserved) {
					t.Fatalf("release unreserved %d: %v", n, err)
				}
			}
			if n := reserve(bob, 0); n != 0 {
				t.Fatalf("bob starts at %d", n)
			}

			// Concurrency across replicas: every nonce handed out once, no gaps.
			const replicas, perReplica = 4, 100
			carol := common.HexToAddress("0x00000000000000000000000000000000000ca201")
			var mu sync.Mutex
			var got []uint64
			var wg sync.WaitGroup
			for range replicas {
				r := replica()
				for range 10 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for range perReplica / 10 {
							n, err := r.Reserve(ctx, carol, 0)
							if err != nil {
								t.Error(err)
								return
							}
							mu.Lock()
							got = append(got, n)
							mu.Unlock()
						}
					}()
				}
			}
			wg.Wait()
			slices.Sort(got)
			if len(got) != replicas*perReplica {
				t.Fatalf("got %d nonces", len(got))
			}
			for i, n := range got {
				if n != uint64(i) {
					t.Fatalf("nonce %d at position %d: duplicate or gap", n, i)
				}
			}
		})
	}
}

// TestKVSurvivesNewHandle asserts that reservations live in the bucket, not in the
// process: a fresh KV source (a restarted replica) continues after the last nonce.
func TestKVSurvivesNewHandle(t *testing.T) {
	t.Parallel()
	js := startJetStream(t)
	ctx := context.Background()
	kv, err := nonce.EnsureBucket(ctx, js, "nonces_restart", 1)
	if err != nil {
		t.Fatal(err)
	}
	a := nonce.NewKV(kv, 137)
	for range 3 {
		if _, err := a.Reserve(ctx, alice, 0); err != nil {
			t.Fatal(err)
		}
	}
	kv2, err := nonce.EnsureBucket(ctx, js, "nonces_restart", 1)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := nonce.NewKV(kv2, 137).Reserve(ctx, alice, 0); err != nil || n != 3 {
		t.Fatalf("after restart: %d, %v", n, err)
	}
	// Another chain id is another key.
	if n, err := nonce.NewKV(kv2, 1).Reserve(ctx, alice, 0); err != nil || n != 0 {
		t.Fatalf("other chain: %d, %v", n, err)
	}
}
