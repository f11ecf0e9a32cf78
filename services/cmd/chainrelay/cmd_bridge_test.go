package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// TestBridgeCmdRun asserts that `chainrelay bridge` carries a queued message into
// JetStream, reports Redis in /healthz and queue depths in /metrics, and returns
// cleanly when its context ends.
func TestBridgeCmdRun(t *testing.T) {
	t.Parallel()
	node := natstest.Start(t)
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	if err := rdb.LPush(context.Background(), schemas.QueueModelReady, `{"model_id":"cmd"}`).Err(); err != nil {
		t.Fatal(err)
	}
	httpAddr := fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- (&bridgeCmd{}).Run(ctx, []string{"--nats-url", node.ClientURL(), "--redis-url", srv.URL(),
			"--http", httpAddr, "--log-level", "warn", "--queue-depth-interval", "50ms", "--redis-block-timeout", "1s"})
	}()
	get := func(path string) string {
		resp, err := http.Get("http://" + httpAddr + path)
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		s, err := node.JS.Stream(ctx, schemas.StreamHokusai)
		if err != nil {
			t.Fatal(err)
		}
		metrics := get("/metrics")
		if s.CachedInfo() != nil {
			info, _ := s.Info(ctx)
			if info != nil && info.State.Msgs == 1 &&
				strings.Contains(metrics, `chainrelay_redis_queue_depth{queue="hokusai:model_ready_queue",role="inbound"} 0`) &&
				strings.Contains(get("/healthz"), `"redis"`) {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("bridge did not carry the message in; metrics:\n%s", metrics)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("bridge did not stop")
	}
}

// TestBridgeCmdRefusesBadConfig asserts that a configuration error is reported before
// anything is started.
func TestBridgeCmdRefusesBadConfig(t *testing.T) {
	t.Parallel()
	err := (&bridgeCmd{}).Run(context.Background(), []string{"--queue-inbound", "same", "--queue-outbound", "same"})
	if err == nil || !strings.Contains(err.Error(), "same") {
		t.Fatalf("err = %v", err)
	}
}
