package rpc_test

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/chainrelay/chainrelay/services/evm/keys"
)

// gethNode is a real `geth --dev` process serving HTTP JSON-RPC on a free port.
type gethNode struct {
	URL  string
	Addr string // host:port
	cmd  *exec.Cmd
	logs *bytes.Buffer
}

// findGeth looks geth up on PATH and in $(go env GOPATH)/bin. Without it the test is
// skipped, or fails when CHAINRELAY_REQUIRE_GETH=1 (CI).
func findGeth(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("geth"); err == nil {
		return p
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
			gopath = strings.TrimSpace(string(out))
		}
	}
	for _, dir := range filepath.SplitList(gopath) {
		p := filepath.Join(dir, "bin", "geth")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "geth not found on PATH or in $(go env GOPATH)/bin; install it with " +
		"`go install github.com/ethereum/go-ethereum/cmd/geth@v1.17.8`"
	if os.Getenv("CHAINRELAY_REQUIRE_GETH") == "1" {
		t.Fatal(msg + " (CHAINRELAY_REQUIRE_GETH=1)")
	}
	t.Skip(msg)
	return ""
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startGeth runs geth --dev (a block per transaction) in a temp datadir and waits until
// it answers.
func startGeth(t testing.TB) *gethNode {
	t.Helper()
	bin := findGeth(t)
	port := freePort(t)
	dir := t.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(bin, "--dev", "--datadir", dir, "--http", "--http.addr", "127.0.0.1",
		"--http.port", fmt.Sprint(port), "--http.api", "eth,net,web3", "--port", "0", "--nodiscover",
		"--maxpeers", "0", "--ipcdisable", "--authrpc.port", fmt.Sprint(freePort(t)), "--verbosity", "2")
	logs := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &gethNode{URL: "http://" + addr, Addr: addr, cmd: cmd, logs: logs}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("geth output:\n%s", logs.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		c, err := gethrpc.Dial(n.URL)
		if err == nil {
			var id hexutil.Big
			err = c.Call(&id, "eth_chainId")
			c.Close()
			if err == nil {
				return n
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("geth did not answer on %s: %v\n%s", n.URL, err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fund sends ether from geth's unlocked dev account to a fresh key and returns the key.
func (n *gethNode) fund(t testing.TB, ether int64) *keys.Key {
	t.Helper()
	k, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	c, err := gethrpc.Dial(n.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var accounts []common.Address
	if err := c.Call(&accounts, "eth_accounts"); err != nil || len(accounts) == 0 {
		t.Fatalf("dev account: %v %v", accounts, err)
	}
	value := new(big.Int).Mul(big.NewInt(ether), big.NewInt(1e18))
	var hash common.Hash
	err = c.Call(&hash, "eth_sendTransaction", map[string]any{"from": accounts[0], "to": k.Address(), "value": (*hexutil.Big)(value)})
	if err != nil {
		t.Fatalf("fund: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		var bal hexutil.Big
		if err := c.CallContext(ctx, &bal, "eth_getBalance", k.Address(), "latest"); err == nil && bal.ToInt().Sign() > 0 {
			return k
		}
		if ctx.Err() != nil {
			t.Fatal("funding not mined")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
