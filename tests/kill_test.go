package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/redisbridge"
	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/pipeline"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// buildBinary compiles the chainrelay command once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chainrelay")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	cmd := exec.Command("go", "build", "-o", bin, "./services/cmd/chainrelay")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build chainrelay: %v\n%s", err, out)
	}
	return bin
}

// role is one chainrelay role running as its own process, restartable.
type role struct {
	name string
	args []string
	env  []string
	bin  string
	logs *os.File

	mu  sync.Mutex
	cmd *exec.Cmd
}

func (r *role) start(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	cmd := exec.Command(r.bin, append([]string{r.name}, r.args...)...)
	cmd.Env = append(os.Environ(), r.env...)
	cmd.Stdout, cmd.Stderr = r.logs, r.logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", r.name, err)
	}
	r.cmd = cmd
	go func() { _ = cmd.Wait() }()
}

func (r *role) kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd != nil && r.cmd.Process != nil {
		_ = r.cmd.Process.Signal(syscall.SIGKILL)
		r.cmd = nil
	}
}

// TestStagesKilledAtRandom asserts that the pipeline with every role in its own process
// — bridge, validator, deployer, registrar, publisher — reaches the same end state when
// the roles are killed with SIGKILL at random moments and restarted: one token, one
// registry entry and one outbound message per model, one dead letter per second request.
func TestStagesKilledAtRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("process kill test skipped in -short mode")
	}
	ctx := context.Background()
	bin := buildBinary(t)
	node := natstest.Start(t)
	rs := redistest.Start(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ch, err := pipeline.OpenChain(ctx, pipeline.ChainConfig{BlockPeriod: 250 * time.Millisecond, SimulatedHTTP: "127.0.0.1:0"}, node.JS, log)
	if err != nil {
		t.Fatal(err)
	}
	defer ch.Close()
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(ch.Sim.Owner.HexSecret()), 0o600); err != nil {
		t.Fatal(err)
	}
	logs, err := os.Create(filepath.Join(t.TempDir(), "roles.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()

	env := []string{
		"CHAINRELAY_NATS_URL=" + node.ClientURL(),
		"CHAINRELAY_REDIS_URL=" + rs.URL(),
		"CHAINRELAY_HTTP=127.0.0.1:0",
		"CHAINRELAY_LOG_FORMAT=json",
		"CHAINRELAY_LOG_LEVEL=warn",
	}
	chainArgs := []string{"--network", "simulated", "--rpc-url", ch.Sim.HTTPURL, "--key-file", keyFile, "--shared-nonces"}
	roles := []*role{
		{name: "bridge"},
		{name: "validator"},
		{name: "deployer", args: chainArgs},
		{name: "registrar", args: chainArgs},
		{name: "publisher"},
	}
	for _, r := range roles {
		r.bin, r.env, r.logs = bin, env, logs
		r.start(t)
	}
	defer func() {
		for _, r := range roles {
			r.kill()
		}
	}()

	// 40 models, 10 of them asked for twice.
	rdb := rs.Client(t)
	lists := redisbridge.DefaultLists()
	const models, dups = 40, 10
	for i := range models {
		if err := rdb.LPush(ctx, lists.Inbound, flat(fmt.Sprintf("kill-%02d", i), fmt.Sprintf("K%02d", i), nil)).Err(); err != nil {
			t.Fatal(err)
		}
	}

	// Chaos: kill a random role every 300–900 ms for 12 s, restarting it shortly after.
	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	stop := time.Now().Add(12 * time.Second)
	kills := 0
	for time.Now().Before(stop) {
		time.Sleep(time.Duration(300+rng.IntN(600)) * time.Millisecond)
		r := roles[rng.IntN(len(roles))]
		r.kill()
		kills++
		if kills == 4 {
			for i := range dups {
				_ = rdb.LPush(ctx, lists.Inbound, flat(fmt.Sprintf("kill-%02d", i), "DUP", map[string]any{"model_version": "2"})).Err()
			}
		}
		time.Sleep(time.Duration(100+rng.IntN(300)) * time.Millisecond)
		r.start(t)
	}
	t.Logf("%d kills", kills)

	deadline := time.Now().Add(3 * time.Minute)
	for {
		out, _ := rdb.LLen(ctx, lists.Outbound).Result()
		dlq, _ := rdb.LLen(ctx, lists.DeadLetter).Result()
		if out+dlq >= models+dups {
			break
		}
		if time.Now().After(deadline) {
			tail, _ := os.ReadFile(logs.Name())
			lines := strings.Split(string(tail), "\n")
			t.Fatalf("after 3m: %d outbound + %d dead letters of %d; last logs:\n%s", out, dlq, models+dups, strings.Join(lines[max(0, len(lines)-40):], "\n"))
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(time.Second) // nothing more may arrive

	outbound, _ := rdb.LRange(ctx, lists.Outbound, 0, -1).Result()
	perModel := map[string]int{}
	for _, o := range outbound {
		var td schemas.TokenDeployed
		if err := json.Unmarshal([]byte(o), &td); err != nil {
			t.Fatalf("outbound: %v", err)
		}
		perModel[td.ModelID]++
		onChain, err := ch.TokenOf(ctx, td.ModelID)
		if err != nil || onChain != td.TokenAddress {
			t.Errorf("%s: tokenOf %q (%v), outbound %s", td.ModelID, onChain, err, td.TokenAddress)
		}
		if reg, err := ch.Lookup(ctx, td.ModelID); err != nil || reg != td.TokenAddress {
			t.Errorf("%s: registry %q (%v), outbound %s", td.ModelID, reg, err, td.TokenAddress)
		}
	}
	for i := range models {
		if m := fmt.Sprintf("kill-%02d", i); perModel[m] != 1 {
			t.Errorf("%s: %d outbound messages, want 1", m, perModel[m])
		}
	}
	dead, _ := rdb.LRange(ctx, lists.DeadLetter, 0, -1).Result()
	for _, d := range dead {
		var dl schemas.DeadLetter
		if err := json.Unmarshal([]byte(d), &dl); err != nil || dl.ErrorClass != "already_deployed" {
			t.Errorf("dead letter %s (%v), want already_deployed", d, err)
		}
	}
	if len(outbound) != models || len(dead) != dups {
		t.Errorf("outbound %d, dead letters %d; want %d and %d", len(outbound), len(dead), models, dups)
	}
}
