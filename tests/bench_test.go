package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/pipeline"
)

// BenchmarkPipeline1000 sends 1,000 models end to end — Redis in, deployed, registered,
// Redis out — on the embedded chain with 1 s blocks, and reports deployments per second,
// p50/p99 latency from Redis in to Redis out, gas per deployment and registration, and
// block-space use (deployments per block ÷ models that fit in a block). Beside it, in the
// same run, the original service's one-at-a-time flow (deploy, wait, register, wait) on
// the same chain, as a rate and a ratio.
func BenchmarkPipeline1000(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("CHAINRELAY_BENCH_MODELS")); err == nil && v > 0 {
		n = v
	}
	for i := 0; i < b.N; i++ {
		s := startBenchSystem(b)
		ctx := context.Background()
		startBlock, _ := s.chain.Sim.Client.BlockNumber(ctx)
		pushed := make(map[string]time.Time, n)
		start := time.Now()
		for k := range n {
			model := fmt.Sprintf("bench-%d-%04d", i, k)
			if err := s.rdb.LPush(ctx, s.lists.Inbound, flat(model, fmt.Sprintf("B%04d", k%10000), nil)).Err(); err != nil {
				b.Fatal(err)
			}
			pushed[model] = time.Now()
		}
		var latencies []time.Duration
		seen := map[string]bool{}
		var gasDeploy uint64
		deadline := time.Now().Add(3 * time.Minute)
		for len(seen) < n {
			if time.Now().After(deadline) {
				dead, _ := s.rdb.LRange(ctx, s.lists.DeadLetter, 0, 5).Result()
				b.Fatalf("only %d of %d deployed in 3 minutes; dead letters: %v", len(seen), n, dead)
			}
			msgs, err := s.rdb.LRange(ctx, s.lists.Outbound, 0, -1).Result()
			if err != nil {
				b.Fatal(err)
			}
			now := time.Now()
			for _, m := range msgs {
				var td schemas.TokenDeployed
				if json.Unmarshal([]byte(m), &td) != nil || seen[td.ModelID] {
					continue
				}
				if at, ok := pushed[td.ModelID]; ok {
					seen[td.ModelID] = true
					latencies = append(latencies, now.Sub(at))
					var g uint64
					fmt.Sscan(td.GasUsed, &g)
					gasDeploy += g
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		elapsed := time.Since(start)
		endBlock, _ := s.chain.Sim.Client.BlockNumber(ctx)

		// Gas of every block the run spanned, and the block gas limit.
		var gasUsed, gasLimit uint64
		blocks := 0
		for bn := startBlock + 1; bn <= endBlock; bn++ {
			h, err := s.chain.Sim.Client.HeaderByNumber(ctx, new(big.Int).SetUint64(bn))
			if err != nil {
				b.Fatal(err)
			}
			if h.GasUsed > 0 {
				blocks++
				gasUsed += h.GasUsed
				gasLimit = h.GasLimit
			}
		}
		perModelGas := float64(gasUsed) / float64(n) // deployment + registration
		fit := float64(gasLimit) / perModelGas
		perBlock := float64(n) / float64(blocks)

		slices.Sort(latencies)
		p := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
		b.ReportMetric(float64(n)/elapsed.Seconds(), "deployments/s")
		b.ReportMetric(p(0.50).Seconds(), "p50_s")
		b.ReportMetric(p(0.99).Seconds(), "p99_s")
		b.ReportMetric(float64(gasDeploy)/float64(n), "gas/deploy")
		b.ReportMetric(perModelGas, "gas/model")
		b.ReportMetric(perBlock, "deployments/block")
		b.ReportMetric(perBlock/fit, "block_space_use")

		// Baseline: the original flow, one model at a time on the same chain.
		const seq = 4
		bstart := time.Now()
		for k := range seq {
			model := fmt.Sprintf("seq-%d-%d", i, k)
			token := common.HexToAddress(s.chain.Predict(model))
			if _, err := s.chain.Deploy(ctx, schemas.DeployRequest{ModelID: model, TokenName: "Seq", TokenSymbol: "SEQ"}, nil); err != nil {
				b.Fatal(err)
			}
			if _, err := s.chain.Register(ctx, model, token.Hex(), "accuracy"); err != nil {
				b.Fatal(err)
			}
		}
		seqRate := seq / time.Since(bstart).Seconds()
		b.ReportMetric(seqRate, "one_at_a_time_deployments/s")
		b.ReportMetric(float64(n)/elapsed.Seconds()/seqRate, "ratio_vs_one_at_a_time")
		s.stop()
	}
}

// startBenchSystem is startSystem with the default 1 s blocks of chainrelay up.
func startBenchSystem(b *testing.B) *system {
	b.Helper()
	return startSystemWith(b, pipeline.ChainConfig{BlockPeriod: time.Second})
}
