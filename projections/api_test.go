package projections

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas"
)

func getJSON(t *testing.T, base, path string, code int, v any) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != code {
		t.Fatalf("GET %s: status %d, want %d", path, resp.StatusCode, code)
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: decode: %v", path, err)
		}
	}
}

// TestDeploymentsAPI asserts the JSON of GET /v1/deployments/{id} and the paged, filtered
// listing on the known log, read both from KV (Store) and from a running projector's
// memory: the two Readers must answer alike.
func TestDeploymentsAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	projtest.Publish(t, h.node.JS, projtest.Scenario().Msgs)
	p := h.projector(Config{})
	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	store, err := OpenStore(ctx, h.node.JS)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]Reader{"kv": store, "memory": p} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			NewAPI(r, nil).Mount(mux)
			srv := httptest.NewServer(mux)
			defer srv.Close()

			var a map[string]any
			getJSON(t, srv.URL, "/v1/deployments/model-a", http.StatusOK, &a)
			for k, v := range map[string]any{
				"model_id": "model-a", "status": "published", "request_id": "a-1", "correlation_id": "a-1",
				"token_address": projtest.Address("token", "model-a"), "deploy_tx": projtest.Hash("deploy", "a-1", "2"),
				"registry_tx": projtest.Hash("register", "a-1"), "gas_used": 1.6e6, "gas_cost_wei": "32000000000000000",
				"attempts": 1.0, "duplicates": 1.0, "network": "sepolia",
			} {
				if a[k] != v {
					t.Errorf("model-a %s = %v, want %v", k, a[k], v)
				}
			}
			if txs := a["transactions"].([]any); len(txs) != 2 {
				t.Errorf("model-a transactions = %d, want 2", len(txs))
			}
			if dup := a["last_duplicate"].(map[string]any); dup["class"] != "already_deployed" || dup["request_id"] != "a-2" {
				t.Errorf("model-a last_duplicate = %v", dup)
			}
			steps := a["steps"].(map[string]any)
			if steps["requested"] != "2026-11-24T12:00:00Z" || steps["published"] == nil {
				t.Errorf("model-a steps = %v", steps)
			}

			var c Deployment
			getJSON(t, srv.URL, "/v1/deployments/model-c", http.StatusOK, &c)
			if c.Status != StatusFailed || c.LastError.Stage != "registrar" || c.LastError.Class != "registry_reverted" || c.TokenAddress == "" {
				t.Errorf("model-c = %+v", c)
			}
			var e apiError
			getJSON(t, srv.URL, "/v1/deployments/nope", http.StatusNotFound, &e)

			var page Page
			getJSON(t, srv.URL, "/v1/deployments?status=failed,dropped", http.StatusOK, &page)
			ids := []string{}
			for _, d := range page.Items {
				ids = append(ids, d.ModelID+":"+string(d.Status))
			}
			if fmt.Sprint(ids) != "[model-c:failed model-d:dropped model-f:failed]" || page.Next != "" {
				t.Errorf("failed,dropped = %v next %q", ids, page.Next)
			}

			var seen []string
			cursor := ""
			for i := 0; i < 10; i++ {
				var pg Page
				getJSON(t, srv.URL, "/v1/deployments?limit=4&cursor="+url.QueryEscape(cursor), http.StatusOK, &pg)
				for _, d := range pg.Items {
					seen = append(seen, d.ModelID)
				}
				if cursor = pg.Next; cursor == "" {
					break
				}
			}
			if fmt.Sprint(seen) != "[model-a model-b model-c model-d model-e model-f]" {
				t.Errorf("paged = %v", seen)
			}
			getJSON(t, srv.URL, "/v1/deployments?status=bogus", http.StatusBadRequest, &e)
			getJSON(t, srv.URL, "/v1/deployments?limit=0", http.StatusBadRequest, &e)
			getJSON(t, srv.URL, "/v1/deployments?cursor=%25%25", http.StatusBadRequest, &e)
		})
	}
}

// TestQueues asserts Redis list lengths, per-stage pending / ack-pending / redelivered
// counts read from the consumers, the gauges, the bounded history and the HTTP routes.
func TestQueues(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	rc := startRedis(t)
	for key, n := range map[string]int{schemas.QueueModelReady: 3, schemas.QueueDeadLetter: 2, schemas.QueueTokenDeployed: 1} {
		for i := 0; i < n; i++ {
			if err := rc.LPush(ctx, key, fmt.Sprint(i)).Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	projtest.Publish(t, h.node.JS, projtest.Scenario().Msgs)
	// A probe stage takes one request, lets its ack wait expire, takes it again and
	// holds it: one ack pending, one redelivered.
	cons, err := h.node.JS.CreateOrUpdateConsumer(ctx, schemas.StreamHokusai, jetstream.ConsumerConfig{
		Durable: "probe", FilterSubjects: []string{schemas.DeployFilter(schemas.EventRequested)},
		AckPolicy: jetstream.AckExplicitPolicy, AckWait: 100 * time.Millisecond, MaxAckPending: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	fetchOne := func() jetstream.Msg {
		b, err := cons.Fetch(1, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for m := range b.Messages() {
			return m
		}
		t.Fatal("no message fetched")
		return nil
	}
	first := fetchOne()
	if again := fetchOne(); again.Subject() != first.Subject() {
		t.Fatalf("second fetch %s, want the redelivered %s", again.Subject(), first.Subject())
	}

	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	reg := prometheus.NewRegistry()
	q, err := NewQueues(h.node.JS, QueuesConfig{Redis: GoRedis(rc), Stages: append(DefaultStages(), "probe"), History: 3, Period: time.Minute, Registerer: reg,
		Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
	if err != nil {
		t.Fatal(err)
	}
	s := q.Sample(ctx)
	lists := map[string]int64{}
	for _, l := range s.Lists {
		if l.Error != "" {
			t.Errorf("list %s: %s", l.Name, l.Error)
		}
		lists[l.Name] = l.Length
	}
	if fmt.Sprint(lists) != "map[dlq:2 inbound:3 outbound:1 processing:0]" {
		t.Errorf("lists = %v", lists)
	}
	stages := map[string]StageDepth{}
	for _, st := range s.Stages {
		stages[st.Stage] = st
	}
	v := stages["probe"]
	if v.Pending != 7 || v.AckPending != 1 || v.Redelivered != 1 {
		t.Errorf("probe = %+v, want pending 7, ack pending 1, redelivered 1", v)
	}
	for stage, n := range map[string]uint64{"validator": 8, "deployer": 5, "registrar": 3, "publisher": 2} {
		if stages[stage].Pending != n {
			t.Errorf("%s pending = %d, want %d", stage, stages[stage].Pending, n)
		}
	}
	want(t, "gauge inbound", testutil.ToFloat64(q.listLen.WithLabelValues("inbound", schemas.QueueModelReady)), 3.0)
	want(t, "gauge deployer", testutil.ToFloat64(q.pending.WithLabelValues("deployer")), 5.0)
	if err := q.RedisHealth(ctx); err != nil {
		t.Errorf("redis health: %v", err)
	}

	for i := 0; i < 4; i++ {
		q.Sample(ctx)
	}
	hist := q.History()
	if len(hist) != 3 || !hist[0].At.Before(hist[1].At) || !hist[1].At.Before(hist[2].At) {
		t.Errorf("history = %d samples, want 3 oldest first", len(hist))
	}
	if latest, _ := q.Latest(); !latest.At.Equal(hist[2].At) {
		t.Errorf("latest %v, want %v", latest.At, hist[2].At)
	}

	mux := http.NewServeMux()
	NewAPI(nil, q).Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var got QueueSample
	getJSON(t, srv.URL, "/v1/queues", http.StatusOK, &got)
	if len(got.Stages) != 5 || len(got.Lists) != 4 {
		t.Errorf("GET /v1/queues = %+v", got)
	}
	var hs QueueHistory
	getJSON(t, srv.URL, "/v1/queues/history", http.StatusOK, &hs)
	if len(hs.Samples) != 3 || hs.PeriodSeconds != 60 {
		t.Errorf("history = %d samples, period %v", len(hs.Samples), hs.PeriodSeconds)
	}
	var e apiError
	getJSON(t, srv.URL, "/v1/deployments/x", http.StatusServiceUnavailable, &e)

	// Redis gone: rows carry the error, the stages still count.
	_ = rc.Close()
	s = q.Sample(context.Background())
	if s.Lists[0].Error == "" || s.Stages[0].Error != "" {
		t.Errorf("after redis close: %+v", s)
	}
	if err := q.RedisHealth(ctx); err == nil {
		t.Error("redis health passed with a closed client")
	}
}
