package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/redisbridge"
	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/pipeline"
	"github.com/chainrelay/chainrelay/streams/natstest"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// system is the whole deploy pipeline in-process: real Redis, real embedded JetStream,
// the simulated chain, the bridge and every stage.
type system struct {
	rdb    *redis.Client
	chain  *pipeline.Chain
	lists  redisbridge.Lists
	cancel context.CancelFunc
	wg     sync.WaitGroup
	stop   func()
}

func startSystem(t *testing.T) *system {
	t.Helper()
	return startSystemWith(t, pipeline.ChainConfig{BlockPeriod: 250 * time.Millisecond})
}

func startSystemWith(t testing.TB, cc pipeline.ChainConfig) *system {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	node := natstest.Start(t)
	rs := redistest.Start(t)
	ch, err := pipeline.OpenChain(ctx, cc, node.JS, log)
	if err != nil {
		t.Fatal(err)
	}
	deps := pipeline.Deps{JS: node.JS, Chain: ch, Logger: log, Metrics: stage.NewMetrics(nil)}
	runners, err := pipeline.Stages(ctx, deps, pipeline.DefaultConcurrency())
	if err != nil {
		t.Fatal(err)
	}
	lists := redisbridge.DefaultLists()
	br, err := redisbridge.New(redisbridge.Config{Redis: redisbridge.RedisConfig{URL: rs.URL()}, Lists: lists}, node.NC, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &system{rdb: rs.Client(t), chain: ch, lists: lists, cancel: cancel}
	run := func(fn func(context.Context) error) {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			if err := fn(ctx); err != nil && ctx.Err() == nil {
				t.Errorf("component stopped: %v", err)
			}
		}()
	}
	for _, r := range runners {
		run(r.Run)
	}
	run(br.Run)
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			s.wg.Wait()
			_ = br.Close()
			ch.Close()
		})
	}
	t.Cleanup(s.stop)
	return s
}

// flat is a valid TypeScript-shape message for model, with fields overridden by extra.
func flat(model, symbol string, extra map[string]any) string {
	m := map[string]any{
		"model_id": model, "token_symbol": symbol, "metric_name": "accuracy",
		"baseline_value": 0.80, "current_value": 0.84, "model_name": "Model " + model, "model_version": "1",
		"mlflow_run_id": "run-" + model, "improvement_percentage": 5.0,
		"timestamp": "2026-11-24T10:00:00Z", "message_version": "1.0",
	}
	for k, v := range extra {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// TestPipeline200 asserts the whole flow on 200 messages pushed onto Redis — valid,
// invalid and second requests for deployed models: exactly one token on chain, one
// registry entry and one outbound TokenDeployed message per valid model, and one
// dead-letter entry with the right class for every other message.
func TestPipeline200(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end pipeline skipped in -short mode")
	}
	s := startSystem(t)
	ctx := context.Background()

	type sent struct{ raw, wantClass, model string }
	var msgs []sent
	const valid = 150
	for i := range valid {
		model := fmt.Sprintf("e2e/model.%03d", i)
		msgs = append(msgs, sent{raw: flat(model, fmt.Sprintf("M%03d", i), nil), model: model})
	}
	for i := range 25 { // second requests for models already asked for
		model := fmt.Sprintf("e2e/model.%03d", i*3)
		msgs = append(msgs, sent{raw: flat(model, "DUP", map[string]any{"model_version": "2"}), wantClass: "already_deployed", model: model})
	}
	bad := []struct{ raw, class string }{
		{`{"model_id": "broken",`, "malformed_json"},
		{flat("bad-checksum", "BC", map[string]any{"contributor_address": "0x742d35Cc6634C0532925a3b844Bc9e7595f82b3d"}), "bad_checksum"},
		{flat("no-gain", "NG", map[string]any{"improvement_percentage": -1.0}), "non_positive_improvement"},
		{flat("future", "FV", map[string]any{"message_version": "2.0"}), "unsupported_version"},
		{flat("no-symbol", "", map[string]any{"token_symbol": nil}), "schema"},
	}
	for i := range 25 {
		b := bad[i%len(bad)]
		raw := strings.Replace(b.raw, `"model_id":"`, fmt.Sprintf(`"model_id":"bad%02d-`, i), 1)
		if b.class == "malformed_json" {
			raw = b.raw + strings.Repeat(" ", i) // distinct payloads
		}
		msgs = append(msgs, sent{raw: raw, wantClass: b.class})
	}
	// Interleave so that duplicates race their originals through the pipeline.
	for i, m := range msgs {
		if err := s.rdb.LPush(ctx, s.lists.Inbound, m.raw).Err(); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
	}

	deadline := time.Now().Add(3 * time.Minute)
	for {
		out, _ := s.rdb.LLen(ctx, s.lists.Outbound).Result()
		dlq, _ := s.rdb.LLen(ctx, s.lists.DeadLetter).Result()
		if out+dlq >= int64(len(msgs)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 3m: %d outbound + %d dead letters of %d messages", out, dlq, len(msgs))
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // nothing more may arrive

	outbound, _ := s.rdb.LRange(ctx, s.lists.Outbound, 0, -1).Result()
	dead, _ := s.rdb.LRange(ctx, s.lists.DeadLetter, 0, -1).Result()
	perModel := map[string]int{}
	for _, o := range outbound {
		var td schemas.TokenDeployed
		if err := json.Unmarshal([]byte(o), &td); err != nil {
			t.Fatalf("outbound message is not TokenDeployed: %v: %s", err, o)
		}
		perModel[td.ModelID]++
		onChain, err := s.chain.TokenOf(ctx, td.ModelID)
		if err != nil || onChain != td.TokenAddress {
			t.Errorf("%s: tokenOf = %q, %v; outbound says %s", td.ModelID, onChain, err, td.TokenAddress)
		}
		registered, err := s.chain.Lookup(ctx, td.ModelID)
		if err != nil || registered != td.TokenAddress {
			t.Errorf("%s: registry = %q, %v; want %s", td.ModelID, registered, err, td.TokenAddress)
		}
	}
	for i := range valid {
		model := fmt.Sprintf("e2e/model.%03d", i)
		if perModel[model] != 1 {
			t.Errorf("%s: %d outbound messages, want 1", model, perModel[model])
		}
	}
	if len(outbound) != valid {
		t.Errorf("outbound = %d, want %d", len(outbound), valid)
	}

	classes := map[string]int{}
	for _, d := range dead {
		var dl schemas.DeadLetter
		if err := json.Unmarshal([]byte(d), &dl); err != nil {
			t.Fatalf("dead letter is not the legacy shape: %v: %s", err, d)
		}
		if dl.Error == "" || dl.Stage == "" || dl.OriginalMessage == "" {
			t.Errorf("dead letter lacks reason, stage or original: %s", d)
		}
		classes[dl.ErrorClass]++
	}
	want := map[string]int{"already_deployed": 25}
	for i := range 25 {
		want[bad[i%len(bad)].class]++
	}
	for class, n := range want {
		if classes[class] != n {
			t.Errorf("dead letters of class %s = %d, want %d (all: %v)", class, classes[class], n, classes)
		}
	}
	if len(dead) != 50 {
		t.Errorf("dead letters = %d, want 50", len(dead))
	}
}
