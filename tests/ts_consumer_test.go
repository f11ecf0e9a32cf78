package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/stellar"
	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// tsLine is one line the TypeScript consumer example prints.
type tsLine struct {
	Seq            uint64 `json:"seq"`
	Subject        string `json:"subject"`
	Network        string `json:"network"`
	Ledger         uint32 `json:"ledger"`
	ClosedAt       string `json:"closed_at"`
	TxHash         string `json:"tx_hash"`
	TxIndex        uint32 `json:"tx_index"`
	OpIndex        uint32 `json:"op_index"`
	Kind           string `json:"kind"`
	Successful     bool   `json:"successful"`
	ResultCode     string `json:"result_code"`
	ContractID     string `json:"contract_id"`
	Function       string `json:"function"`
	Arguments      int    `json:"arguments"`
	ContractEvents int    `json:"contract_events"`
}

// published is an invocation on the stream with its sequence.
type published struct {
	seq     uint64
	subject string
	inv     schemas.Invocation
}

func (p published) line() tsLine {
	return tsLine{
		Seq: p.seq, Subject: p.subject, Network: p.inv.Network, Ledger: p.inv.Ledger,
		ClosedAt: p.inv.ClosedAt.UTC().Format("2006-01-02T15:04:05.000Z"), TxHash: p.inv.TxHash,
		TxIndex: p.inv.TxIndex, OpIndex: p.inv.OpIndex, Kind: p.inv.Kind, Successful: p.inv.Successful,
		ResultCode: p.inv.ResultCode, ContractID: p.inv.ContractID, Function: p.inv.Function,
		Arguments: len(p.inv.Arguments), ContractEvents: len(p.inv.ContractEvents),
	}
}

// tsConsumerDir is ops/examples/ts-consumer, installed with npm ci, or a skip (a failure
// under CHAINRELAY_REQUIRE_NODE=1) when node or npm is missing.
func tsConsumerDir(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CHAINRELAY_REQUIRE_NODE") == "1" {
				t.Fatalf("%s not found and CHAINRELAY_REQUIRE_NODE=1: install Node 20+ with npm", tool)
			}
			t.Skipf("%s not found: the TypeScript consumer example is not run (install Node 20+ with npm, or set CHAINRELAY_REQUIRE_NODE=1 to make this a failure)", tool)
		}
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(filepath.Dir(file)), "ops", "examples", "ts-consumer")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return dir
}

// ledgerInvocations extracts the invocations of one ledger of a shared Stellar fixture.
func ledgerInvocations(t *testing.T, file, passphrase, network string, ledger uint32) []schemas.Invocation {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(filepath.Dir(self)), "..", "shared", "fixtures", "stellar", file)
	src, err := stellar.OpenFile(path, stellar.FormatAuto)
	if err != nil {
		t.Fatalf("open fixture: %v", err)
	}
	defer src.Close()
	ex, err := stellar.NewExtractor(stellar.ExtractorConfig{Passphrase: passphrase, Network: network})
	if err != nil {
		t.Fatal(err)
	}
	lcm, err := src.GetLedger(context.Background(), ledger)
	if err != nil {
		t.Fatalf("ledger %d of %s: %v", ledger, file, err)
	}
	invs, err := ex.Ledger(lcm)
	if err != nil {
		t.Fatalf("extract ledger %d: %v", ledger, err)
	}
	return invs
}

// TestTypeScriptConsumer asserts that the TypeScript consumer example
// (ops/examples/ts-consumer), run by Node against a real JetStream over TCP and over
// WebSocket, prints exactly the invocations matching its subject filter, in stream order,
// with the fields of the published events (real load-test and mainnet invocations,
// msgpack timestamps as dates); that it stops after N or when the stream is idle; and
// that an unreadable message on a matching subject is reported on stderr and skipped.
func TestTypeScriptConsumer(t *testing.T) {
	if testing.Short() {
		t.Skip("Node example skipped in -short mode")
	}
	dir := tsConsumerDir(t)
	wsNeeds := "--experimental-websocket" // Node 20 has WebSocket behind a flag; 22 has it on
	if out, err := exec.Command("node", "-e", "process.stdout.write(String(typeof WebSocket))").Output(); err == nil && string(out) == "function" {
		wsNeeds = ""
	}

	// A server with a TCP and a WebSocket listener, topology provisioned.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	e, err := streams.StartEmbedded(ctx, streams.EmbeddedConfig{DataDir: t.TempDir(), Listen: "127.0.0.1:0", WebSocketListen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	nc, err := e.Connect()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := streams.Provision(ctx, js, streams.DefaultTopology()); err != nil {
		t.Fatalf("provision: %v", err)
	}
	other := natstest.Start(t) // an empty stream: the consumer stops on idle with no output

	loadtest := ledgerInvocations(t, "load-test-ledgers-v23.xdr.zstd", "load test network", "loadtest", 94)
	mainnet := ledgerInvocations(t, "FCD285FF--53312000.xdr.zstd", "Public Global Stellar Network ; September 2015", "", 53312000)
	if len(loadtest) < 4 || len(mainnet) != 1 {
		t.Fatalf("fixtures: %d load-test and %d mainnet invocations, want ≥4 and 1", len(loadtest), len(mainnet))
	}
	otherFn := loadtest[3]
	otherFn.Function = "other_transfer"
	created := loadtest[3]
	created.Kind, created.Function, created.OpIndex = schemas.KindCreate, "", 1

	var matching []published
	publish := func(inv schemas.Invocation, match bool) {
		t.Helper()
		data, err := schemas.Marshal(&inv)
		if err != nil {
			t.Fatal(err)
		}
		p := published{subject: schemas.StellarSubject(inv.Network, inv.Kind, inv.ContractID, inv.Function), inv: inv}
		ack, err := js.PublishMsg(ctx, &nats.Msg{Subject: p.subject, Data: data, Header: meta(inv).Header()})
		if err != nil {
			t.Fatalf("publish %s: %v", p.subject, err)
		}
		p.seq = ack.Sequence
		if match {
			matching = append(matching, p)
		}
	}
	publish(loadtest[0], true)
	publish(mainnet[0], false)
	publish(loadtest[1], true)
	// Not msgpack of an invocation, on a subject the filter matches.
	bad := schemas.StellarSubject("loadtest", schemas.KindCall, loadtest[0].ContractID, "bulk_transfer")
	badAck, err := js.PublishMsg(ctx, &nats.Msg{Subject: bad, Data: []byte("not msgpack"), Header: nats.Header{schemas.HeaderMsgID: {"bad"}}})
	if err != nil {
		t.Fatal(err)
	}
	skipped := fmt.Sprintf("skip seq %d (%s)", badAck.Sequence, bad)
	publish(otherFn, false)
	publish(loadtest[2], true)
	publish(created, false)
	for _, p := range matching {
		if p.inv.Function != "bulk_transfer" || p.inv.Kind != schemas.KindCall || len(p.inv.ContractEvents) == 0 {
			t.Fatalf("fixture invocation %s: %s %s with %d events, want a bulk_transfer call with events", p.subject, p.inv.Kind, p.inv.Function, len(p.inv.ContractEvents))
		}
	}

	const filter = "stellar.loadtest.invocation.call.*.bulk_transfer"
	tests := []struct {
		name       string
		url        string
		args       []string
		want       []published
		wantStderr string
		maxTime    time.Duration
	}{
		{name: "tcp, stops after N", url: e.ClientURL(), args: []string{"{url}", filter, "2"}, want: matching[:2], maxTime: 10 * time.Second},
		{name: "tcp, stops when idle, skips a bad message", url: e.ClientURL(), args: []string{"--idle", "1", "{url}", filter}, want: matching, wantStderr: skipped, maxTime: 10 * time.Second},
		{name: "websocket, stops after N", url: e.WebSocketURL(), args: []string{"{url}", filter, "3"}, want: matching, wantStderr: skipped, maxTime: 10 * time.Second},
		{name: "start sequence", url: e.ClientURL(), args: []string{"--start-seq", strconv.FormatUint(badAck.Sequence+1, 10), "{url}", filter, "1"}, want: matching[2:], maxTime: 10 * time.Second},
		{name: "filter matches nothing", url: other.ClientURL(), args: []string{"--idle", "1", "{url}", filter}, maxTime: 10 * time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var args []string
			if strings.HasPrefix(tc.url, "ws") && wsNeeds != "" {
				args = append(args, wsNeeds, "--no-warnings")
			}
			args = append(args, "consumer.mjs")
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "{url}", tc.url))
			}
			cctx, ccancel := context.WithTimeout(context.Background(), tc.maxTime)
			defer ccancel()
			cmd := exec.CommandContext(cctx, "node", args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "NATS_URL=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatalf("node %s: %v after %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, time.Since(start), stdout.String(), stderr.String())
			}
			if tc.wantStderr != "" && !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tc.wantStderr)
			}
			if tc.wantStderr == "" && stderr.Len() > 0 {
				t.Errorf("unexpected stderr: %s", stderr.String())
			}
			var got []tsLine
			for _, raw := range bytes.Split(bytes.TrimSpace(stdout.Bytes()), []byte("\n")) {
				if len(raw) == 0 {
					continue
				}
				var l tsLine
				dec := json.NewDecoder(bytes.NewReader(raw))
				dec.DisallowUnknownFields()
				if err := dec.Decode(&l); err != nil {
					t.Fatalf("line %q: %v", raw, err)
				}
				got = append(got, l)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d lines, want %d:\n%s", len(got), len(tc.want), stdout.String())
			}
			for i, w := range tc.want {
				if want := w.line(); got[i] != want {
					t.Errorf("line %d:\n got %+v\nwant %+v", i, got[i], want)
				}
			}
		})
	}
}

// meta is the headers the ledger streamer gives an invocation.
func meta(inv schemas.Invocation) schemas.Meta {
	id := schemas.StellarMsgID(inv.Ledger, inv.TxIndex, inv.OpIndex)
	if inv.Function == "other_transfer" {
		id += ":other" // a distinct message, not a duplicate of the one it was copied from
	}
	return schemas.Meta{
		MsgID: id, EventType: schemas.StellarEventType(inv.Kind), SchemaVersion: schemas.StellarSchemaVersion,
		CorrelationID: inv.TxHash, ContentType: schemas.ContentTypeMsgpack,
	}
}
