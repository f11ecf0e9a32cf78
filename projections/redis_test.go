package projections

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
)

// startRedis runs a real redis-server on a free loopback port in a temp dir.
func startRedis(t *testing.T) *redis.Client {
	t.Helper()
	return redistest.Start(t).Client(t)
}
