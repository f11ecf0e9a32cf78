package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/redisbridge"
	"github.com/chainrelay/chainrelay/schemas"
)

// demoSample is one message the demo pushes and what should become of it.
type demoSample struct {
	name, model, raw, expect string
}

func demoSamples(run string) []demoSample {
	flat := func(model, symbol string, extra map[string]any) string {
		m := map[string]any{
			"model_id": model, "token_symbol": symbol, "metric_name": "accuracy",
			"baseline_value": 0.82, "current_value": 0.87, "model_name": "Sentiment " + run, "model_version": "3",
			"mlflow_run_id": "run-" + run, "improvement_percentage": 6.1,
			"timestamp": time.Now().UTC().Format(time.RFC3339), "message_version": "1.0",
		}
		for k, v := range extra {
			m[k] = v
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	envelope := func(model string) string {
		b, _ := json.Marshal(map[string]any{
			"message_id": "msg-" + run, "message_type": "model_ready_to_deploy", "retry_count": 0, "max_retries": 3,
			"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000000"),
			"payload": map[string]any{
				"model_id": model, "token_symbol": "fraud-" + strings.ToLower(run), "metric_name": "auroc",
				"baseline_value": 0.90, "current_value": 0.93, "improvement_percentage": nil,
				"model_name": "Fraud " + run, "model_version": "7", "status": "registered",
				"timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000000"),
			},
		})
		return string(b)
	}
	sentiment := "demo-sentiment-" + run
	return []demoSample{
		{"valid (TypeScript shape)", sentiment, flat(sentiment, "SENT", nil), "outbound"},
		{"valid (Python envelope)", "demo-fraud-" + run, envelope("demo-fraud-" + run), "outbound"},
		{"bad EIP-55 checksum", "demo-checksum-" + run, flat("demo-checksum-"+run, "CHK", map[string]any{"contributor_address": "0x742d35Cc6634C0532925a3b844Bc9e7595f82b3d"}), "dlq"},
		{"second request, same model", sentiment, flat(sentiment, "SENT", map[string]any{"model_version": "4"}), "dlq"},
		{"broken JSON", "", `{"model_id": "demo-broken-` + run + `", "token_symbol": `, "dlq"},
	}
}

// runDemo pushes the samples and reports where each ended, reading (never popping) the
// outbound and dead-letter lists.
func runDemo(ctx context.Context, out io.Writer, cfg redisbridge.Config, httpAddr string) error {
	if err := cfg.Check(); err != nil {
		return err
	}
	rdb, err := redisbridge.NewRedisClient(cfg.Redis)
	if err != nil {
		return err
	}
	defer rdb.Close()
	run := time.Now().UTC().Format("150405")
	samples := demoSamples(run)
	for i, s := range samples {
		if err := rdb.LPush(ctx, cfg.Lists.Inbound, s.raw).Err(); err != nil {
			return fmt.Errorf("demo: push sample: %w", err)
		}
		if i == 0 {
			// Let the first request of the model get ahead, as in real life a later
			// request would come after the first one was deployed.
			time.Sleep(200 * time.Millisecond)
		}
	}
	fmt.Fprintf(out, "demo: pushed %d sample messages onto %s\n", len(samples), cfg.Lists.Inbound)

	results := make([]string, len(samples))
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if err := demoScan(ctx, rdb, cfg.Lists, samples, results); err != nil {
			return err
		}
		done := 0
		for _, r := range results {
			if r != "" {
				done++
			}
		}
		if done == len(samples) {
			break
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(250 * time.Millisecond):
		}
	}
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SAMPLE\tEXPECTED\tOUTCOME")
	for i, s := range samples {
		r := results[i]
		if r == "" {
			r = "not yet (see chainrelay status)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.name, s.expect, r)
	}
	tw.Flush()
	fmt.Fprintf(out, "demo: try  curl -s http://%s/healthz   and   redis-cli -u $REDIS_URL lrange %s 0 -1\n", httpAddr, cfg.Lists.Outbound)
	return nil
}

func demoScan(ctx context.Context, rdb *redis.Client, lists redisbridge.Lists, samples []demoSample, results []string) error {
	outbound, err := rdb.LRange(ctx, lists.Outbound, 0, 199).Result()
	if err != nil {
		return fmt.Errorf("demo: read outbound: %w", err)
	}
	dead, err := rdb.LRange(ctx, lists.DeadLetter, 0, 199).Result()
	if err != nil {
		return fmt.Errorf("demo: read dead letters: %w", err)
	}
	for i, s := range samples {
		if results[i] != "" {
			continue
		}
		for _, o := range outbound {
			var td schemas.TokenDeployed
			if json.Unmarshal([]byte(o), &td) == nil && td.ModelID == s.model && s.expect == "outbound" {
				results[i] = fmt.Sprintf("outbound: token %s %s (block %d, gas %s)", td.TokenSymbol, td.TokenAddress, td.BlockNumber, td.GasUsed)
			}
		}
		for _, d := range dead {
			var dl schemas.DeadLetter
			if json.Unmarshal([]byte(d), &dl) == nil && dl.OriginalMessage == s.raw {
				reason := dl.Error
				if len(reason) > 90 {
					reason = reason[:90] + "…"
				}
				results[i] = fmt.Sprintf("dlq: %s (%s): %s", dl.ErrorClass, dl.Stage, reason)
			}
		}
	}
	return nil
}
