package redistest_test

import (
	"context"
	"testing"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
)

// TestRestart asserts that a Durable server keeps its data across a kill and restart on
// the same address, and that a plain one starts empty.
func TestRestart(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		opts    []redistest.Option
		wantLen int64
	}{
		{"durable", []redistest.Option{redistest.Durable()}, 1},
		{"volatile", nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := redistest.Start(t, c.opts...)
			rdb := srv.Client(t)
			if err := rdb.LPush(ctx, "k", "v").Err(); err != nil {
				t.Fatal(err)
			}
			addr := srv.Addr()
			srv.Kill(t)
			if rdb.Ping(ctx).Err() == nil {
				t.Fatal("ping succeeded on a killed server")
			}
			srv.Restart(t)
			if srv.Addr() != addr {
				t.Fatalf("address changed: %s -> %s", addr, srv.Addr())
			}
			if n, err := rdb.LLen(ctx, "k").Result(); err != nil || n != c.wantLen {
				t.Fatalf("len after restart = %d, %v; want %d", n, err, c.wantLen)
			}
		})
	}
}
