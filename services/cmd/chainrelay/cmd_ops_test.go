package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/projections"
	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/redisbridge/redistest"
	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// opsHarness is a JetStream server holding the known log, folded into the projection.
type opsHarness struct {
	t    *testing.T
	node *natstest.Node
	n    int // events in the log
}

func newOpsHarness(t *testing.T) *opsHarness {
	t.Helper()
	node := natstest.Start(t)
	log := projtest.Scenario()
	projtest.Publish(t, node.JS, log.Msgs)
	h := &opsHarness{t: t, node: node, n: len(log.Msgs)}
	h.project()
	return h
}

// project brings the deployments projection up to date.
func (h *opsHarness) project() {
	h.t.Helper()
	p, err := projections.NewDeployments(h.node.JS, projections.Config{})
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := p.CatchUp(ctx); err != nil {
		h.t.Fatalf("project: %v", err)
	}
}

// run calls a command's Run with the NATS URL and returns what it printed.
func (h *opsHarness) run(cmd interface {
	Run(context.Context, []string) error
}, out *bytes.Buffer, args ...string) (string, error) {
	h.t.Helper()
	out.Reset()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Flags go before the subcommand's positional arguments; dlq takes its verb first.
	flags := []string{"--nats-url", h.node.ClientURL(), "--log-level", "error"}
	if _, ok := cmd.(*dlqCmd); ok && len(args) > 0 {
		args = append(append([]string{args[0]}, flags...), args[1:]...)
	} else {
		args = append(flags, args...)
	}
	err := cmd.Run(ctx, args)
	return out.String(), err
}

// rows splits a table into its lines' fields, keyed by the first field (the first line
// with that field wins).
func rows(s string) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(s, "\n") {
		if f := strings.Fields(line); len(f) > 0 && out[f[0]] == nil {
			out[f[0]] = f
		}
	}
	return out
}

func wantFields(t *testing.T, got []string, want ...string) {
	t.Helper()
	if len(got) < len(want) {
		t.Errorf("row %v, want prefix %v", got, want)
		return
	}
	for i, w := range want {
		if w != "*" && got[i] != w {
			t.Errorf("row %v: field %d = %q, want %q", got, i, got[i], w)
		}
	}
}

// TestStatusCommand asserts the model table, the status filter, a model's detail and
// the error for an unknown model on the known log.
func TestStatusCommand(t *testing.T) {
	t.Parallel()
	h := newOpsHarness(t)
	var out bytes.Buffer
	cmd := &statusCmd{out: &out}

	s, err := h.run(cmd, &out)
	if err != nil {
		t.Fatal(err)
	}
	r := rows(s)
	wantFields(t, r["MODEL"], "MODEL", "STATUS", "REQUEST", "ATTEMPTS", "DUPS", "TOKEN")
	wantFields(t, r["model-a"], "model-a", "published", "a-1", "1", "1", projtest.Address("token", "model-a"))
	wantFields(t, r["model-b"], "model-b", "published", "b-1-retry1", "2", "0")
	wantFields(t, r["model-c"], "model-c", "failed", "c-1", "1", "0", projtest.Address("token", "model-c"), "*", "registrar/registry_reverted:")
	wantFields(t, r["model-d"], "model-d", "dropped", "d-1", "1", "0", "-")
	wantFields(t, r["model-e"], "model-e", "submitted", "e-1")
	wantFields(t, r["model-f"], "model-f", "failed", "f-1", "1", "0", "-", "*", "deployer/insufficient_funds:")

	s, err = h.run(cmd, &out, "--status", "failed")
	if err != nil {
		t.Fatal(err)
	}
	if r := rows(s); len(r) != 3 || r["model-c"] == nil || r["model-f"] == nil {
		t.Errorf("--status failed:\n%s", s)
	}

	s, err = h.run(cmd, &out, "model-a")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"status:          published", "request:         a-1", "gas used:        1600000",
		"gas cost (wei):  32000000000000000", "duplicates:      1", "last duplicate:",
		"  published:     2026-11-24T12:00:",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("detail lacks %q:\n%s", want, s)
		}
	}
	r = rows(s)
	wantFields(t, r["a-1"], "a-1", "0", "published", "-", "-")
	wantFields(t, r["a-2"], "a-2", "0", "rejected", "validator", "already_deployed")
	if strings.Count(s, projtest.Hash("deploy", "a-1", "1")) != 1 || !strings.Contains(s, projtest.Hash("deploy", "a-1", "2")) {
		t.Errorf("detail lacks both transaction attempts:\n%s", s)
	}

	s, err = h.run(cmd, &out, "--json", "model-c")
	if err != nil {
		t.Fatal(err)
	}
	var d projections.Deployment
	if err := json.Unmarshal([]byte(s), &d); err != nil || d.Status != projections.StatusFailed || d.LastError.Stage != "registrar" {
		t.Errorf("--json model-c: %+v, %v", d, err)
	}

	if _, err := h.run(cmd, &out, "nope"); !errors.Is(err, projections.ErrNotFound) {
		t.Errorf("unknown model: %v, want ErrNotFound", err)
	}
	if _, err := h.run(cmd, &out, "--status", "bogus"); err == nil {
		t.Error("unknown status accepted")
	}
}

// TestQueuesCommand asserts the queue tables: Redis list lengths and each stage's
// pending count for the known log (nothing consumed it yet).
func TestQueuesCommand(t *testing.T) {
	t.Parallel()
	h := newOpsHarness(t)
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	for i := 0; i < 3; i++ {
		if err := rdb.LPush(context.Background(), schemas.QueueDeadLetter, fmt.Sprint(i)).Err(); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	s, err := h.run(&queuesCmd{out: &out}, &out, "--redis-url", srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	r := rows(s)
	wantFields(t, r["LIST"], "LIST", "KEY", "LENGTH")
	wantFields(t, r["inbound"], "inbound", schemas.QueueModelReady, "0")
	wantFields(t, r["dlq"], "dlq", schemas.QueueDeadLetter, "3")
	wantFields(t, r["STAGE"], "STAGE", "PENDING", "ACK", "PENDING", "REDELIVERED")
	wantFields(t, r["validator"], "validator", "8", "0", "0")
	wantFields(t, r["deployer"], "deployer", "5", "0", "0")
	wantFields(t, r["registrar"], "registrar", "3", "0", "0")
	wantFields(t, r["publisher"], "publisher", "2", "0", "0")

	s, err = h.run(&queuesCmd{out: &out}, &out, "--no-redis", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var sample projections.QueueSample
	if err := json.Unmarshal([]byte(s), &sample); err != nil || len(sample.Lists) != 0 || len(sample.Stages) != 4 {
		t.Errorf("--no-redis --json: %+v, %v", sample, err)
	}
}

// TestRebuildCommand asserts that `rebuild deployments` replays the whole log with a
// progress bar and rate, finds nothing to change on a sound projection, reports a
// corrupted state under --compare-only and repairs it otherwise.
func TestRebuildCommand(t *testing.T) {
	t.Parallel()
	h := newOpsHarness(t)
	var out bytes.Buffer
	cmd := &rebuildCmd{out: &out}
	s, err := h.run(cmd, &out, "deployments")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"[##############################] 100.0%  " + fmt.Sprintf("%d/%d events", h.n, h.n), "events/s",
		fmt.Sprintf("rebuilt deployments: %d events, 6 models, up to seq %d", h.n, h.n), "stored state matches the log",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}

	ctx := context.Background()
	kv, err := h.node.JS.KeyValue(ctx, "deployments")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(ctx, "model-e", []byte(`{"model_id":"model-e","status":"published","seq":3}`)); err != nil {
		t.Fatal(err)
	}
	s, err = h.run(cmd, &out, "--compare-only", "deployments")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "1 models differ from the log") || !strings.Contains(s, "changed  model-e") || !strings.Contains(s, "--compare-only") {
		t.Errorf("compare-only output:\n%s", s)
	}
	s, err = h.run(cmd, &out, "deployments")
	if err != nil || !strings.Contains(s, "replaced the stored state") {
		t.Fatalf("replace: %v\n%s", err, s)
	}
	s, err = h.run(cmd, &out, "deployments")
	if err != nil || !strings.Contains(s, "stored state matches the log") {
		t.Errorf("after replace: %v\n%s", err, s)
	}
	if _, err := h.run(cmd, &out, "tokens"); err == nil {
		t.Error("unknown projection accepted")
	}
}

// TestDLQCommand asserts dlq list (with and without duplicates and retried requests),
// show of a model's full history, retry re-injecting the original message as a new
// request with a deterministic id, drop recording the operator's decision, and the
// refusals; nothing is removed from the stream.
func TestDLQCommand(t *testing.T) {
	t.Parallel()
	h := newOpsHarness(t)
	var out bytes.Buffer
	cmd := &dlqCmd{out: &out, now: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }}

	s, err := h.run(cmd, &out, "list")
	if err != nil {
		t.Fatal(err)
	}
	r := rows(s)
	wantFields(t, r["model-c"], "model-c", "c-1", "failed", "registrar", "registry_reverted", "*", "-", "registerModel")
	wantFields(t, r["model-f"], "model-f", "f-1", "failed", "deployer", "insufficient_funds")
	if r["model-a"] != nil || r["model-b"] != nil || !strings.Contains(s, "2 dead letters") {
		t.Errorf("list shows duplicates or retried requests:\n%s", s)
	}
	s, err = h.run(cmd, &out, "list", "--all")
	if err != nil {
		t.Fatal(err)
	}
	r = rows(s)
	wantFields(t, r["model-a"], "model-a", "a-2", "rejected", "validator", "already_deployed", "*", "duplicate")
	wantFields(t, r["model-b"], "model-b", "b-1", "rejected", "validator", "schema", "*", "retried", "as", "b-1-retry1")

	s, err = h.run(cmd, &out, "show", "model-c")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"requested  request=c-1", "raw: {\"model_id\":\"model-c\"", "validated  request=c-1",
		"submitted  request=c-1", "deployed   request=c-1", "failed     request=c-1", "reason: registerModel reverted"} {
		if !strings.Contains(s, want) {
			t.Errorf("show lacks %q:\n%s", want, s)
		}
	}
	s, err = h.run(cmd, &out, "show", "model-a", "a-2")
	if err != nil || strings.Contains(s, "request=a-1") || !strings.Contains(s, "class=already_deployed") {
		t.Errorf("show model-a a-2: %v\n%s", err, s)
	}

	s, err = h.run(cmd, &out, "retry", "model-c", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s, "retried c-1 of model-c as c-1-retry1 (retry 1) at seq "+fmt.Sprint(h.n+1)) {
		t.Errorf("retry output: %s", s)
	}
	msg, err := h.node.JS.Stream(context.Background(), schemas.StreamHokusai)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := msg.GetMsg(context.Background(), uint64(h.n+1))
	if err != nil {
		t.Fatal(err)
	}
	var req schemas.Requested
	if err := schemas.Unmarshal(raw.Data, &req); err != nil {
		t.Fatal(err)
	}
	if raw.Subject != "hokusai.deploy.requested.model-c" || raw.Header.Get(schemas.HeaderMsgID) != "requested:model-c:c-1-retry1" ||
		req.Retry != 1 || req.RequestID != "c-1-retry1" || !strings.Contains(string(req.Raw), `"model_id":"model-c"`) {
		t.Errorf("retry event: %s %v %+v", raw.Subject, raw.Header, req)
	}

	if _, err := h.run(cmd, &out, "drop", "model-f", "f-1"); err == nil || !strings.Contains(err.Error(), "--reason") {
		t.Errorf("drop without reason: %v", err)
	}
	s, err = h.run(cmd, &out, "drop", "--operator", "ops", "--reason", "funds will not be topped up", "model-f", "f-1")
	if err != nil || !strings.Contains(s, "dropped f-1 of model-f by ops at seq "+fmt.Sprint(h.n+2)) {
		t.Fatalf("drop: %v\n%s", err, s)
	}
	if _, err := h.run(cmd, &out, "retry", "model-a", "a-1"); !errors.Is(err, projections.ErrNotDeadLetter) {
		t.Errorf("retry of a published request: %v", err)
	}

	h.project()
	s, err = h.run(cmd, &out, "list")
	if err != nil {
		t.Fatal(err)
	}
	if r := rows(s); r["model-f"] != nil || r["model-c"] != nil || !strings.Contains(s, "0 dead letters") {
		t.Errorf("after retry and drop:\n%s", s)
	}
	info, err := msg.Info(context.Background())
	if err != nil || info.State.Msgs != uint64(h.n+2) {
		t.Errorf("stream holds %d messages, want %d (nothing deleted)", info.State.Msgs, h.n+2)
	}
}

// TestProjectorCommand asserts that `chainrelay projector` folds the log, serves the
// deployments and queues API and names its checks in /healthz, and stops cleanly.
func TestProjectorCommand(t *testing.T) {
	t.Parallel()
	node := natstest.Start(t)
	projtest.Publish(t, node.JS, projtest.Scenario().Msgs)
	httpAddr := fmt.Sprintf("127.0.0.1:%d", natstest.FreePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- (&projectorCmd{}).Run(ctx, []string{"--nats-url", node.ClientURL(), "--http", httpAddr, "--no-redis", "--log-level", "error"})
	}()
	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + httpAddr + path)
		if err != nil {
			return 0, ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, body := get("/v1/deployments/model-b")
		if code == http.StatusOK && strings.Contains(body, `"status": "published"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("projector did not serve model-b: %d %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body := get("/v1/deployments?status=failed"); code != http.StatusOK || strings.Count(body, `"model_id"`) != 2 {
		t.Errorf("list failed: %d %s", code, body)
	}
	if code, body := get("/v1/queues"); code != http.StatusOK || !strings.Contains(body, `"stage": "deployer"`) {
		t.Errorf("queues: %d %s", code, body)
	}
	if _, body := get("/healthz"); !strings.Contains(body, `"projection.deployments"`) {
		t.Errorf("healthz: %s", body)
	}
	if _, body := get("/metrics"); !strings.Contains(body, `chainrelay_deploy_outcomes_total{class="",status="published"} 2`) {
		t.Errorf("metrics lack the published outcomes")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("projector did not stop")
	}
}
