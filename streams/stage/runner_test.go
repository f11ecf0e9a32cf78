package stage

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/natstest"
)

// harness is one real embedded JetStream with a test consumer over hokusai.test.in.>.
type harness struct {
	t    *testing.T
	node *natstest.Node
	js   jetstream.JetStream
}

func newHarness(t *testing.T, ackWait time.Duration, maxDeliver int) *harness {
	t.Helper()
	n := natstest.Start(t)
	ctx := context.Background()
	_, err := n.JS.CreateOrUpdateConsumer(ctx, schemas.StreamHokusai, jetstream.ConsumerConfig{
		Durable:        "test",
		FilterSubjects: []string{"hokusai.test.in.>"},
		AckPolicy:      jetstream.AckExplicitPolicy,
		AckWait:        ackWait,
		MaxDeliver:     maxDeliver,
	})
	if err != nil {
		t.Fatalf("create consumer: %v", err)
	}
	return &harness{t: t, node: n, js: n.JS}
}

// input publishes one test input with a correlation id.
func (h *harness) input(i int) {
	h.t.Helper()
	m := &nats.Msg{Subject: "hokusai.test.in." + strconv.Itoa(i), Data: []byte(strconv.Itoa(i)), Header: schemas.Meta{
		MsgID: "in-" + strconv.Itoa(i), EventType: "test", CorrelationID: "corr-" + strconv.Itoa(i),
	}.Header()}
	if _, err := h.js.PublishMsg(context.Background(), m); err != nil {
		h.t.Fatalf("publish input: %v", err)
	}
}

// count returns how many messages the stream holds on subject filter.
func (h *harness) count(filter string) int {
	h.t.Helper()
	s, err := h.js.Stream(context.Background(), schemas.StreamHokusai)
	if err != nil {
		h.t.Fatal(err)
	}
	info, err := s.Info(context.Background(), jetstream.WithSubjectFilter(filter))
	if err != nil {
		h.t.Fatal(err)
	}
	var n uint64
	for _, c := range info.State.Subjects {
		n += c
	}
	return int(n)
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (h *harness) runner(cfg Config, fn Handler) (*Runner, func() error) {
	h.t.Helper()
	cfg.Name, cfg.Stream, cfg.Consumer = "test", schemas.StreamHokusai, "test"
	r, err := New(h.js, cfg, fn)
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			h.t.Fatal("runner did not stop")
			return nil
		}
	}
	h.t.Cleanup(func() { cancel() })
	return r, stop
}

// passThrough echoes each input to hokusai.test.out.<n> with a deterministic id.
func passThrough(_ context.Context, in *Message) ([]Output, error) {
	n := string(in.Data)
	return []Output{{Subject: "hokusai.test.out." + n, MsgID: "out-" + n, EventType: "test.out", Data: in.Data}}, nil
}

// TestRunnerCrashBetweenPublishAndAck asserts that a stage dying after its output was
// published but before it acked gets the input redelivered, and that the output stays
// single in the stream.
func TestRunnerCrashBetweenPublishAndAck(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 500*time.Millisecond, 5)
	h.input(1)

	// First runner: its own connection, closed right after the publish — a process death.
	nc, err := h.node.Connect()
	if err != nil {
		t.Fatal(err)
	}
	js, _ := jetstream.New(nc)
	var calls atomic.Int32
	counting := func(ctx context.Context, in *Message) ([]Output, error) {
		calls.Add(1)
		return passThrough(ctx, in)
	}
	r1, err := New(js, Config{Name: "test", Stream: schemas.StreamHokusai, Consumer: "test"}, counting)
	if err != nil {
		t.Fatal(err)
	}
	r1.afterPublish = func() { nc.Close() }
	if err := r1.Run(context.Background()); !errors.Is(err, nats.ErrConnectionClosed) {
		t.Fatalf("crashed runner returned %v, want connection closed", err)
	}
	if got := h.count("hokusai.test.out.>"); got != 1 {
		t.Fatalf("outputs after crash = %d, want 1", got)
	}

	// Second runner: gets the redelivery, republishes, JetStream drops the duplicate.
	_, stop := h.runner(Config{}, counting)
	waitFor(t, 10*time.Second, "redelivery", func() bool { return calls.Load() >= 2 })
	waitFor(t, 5*time.Second, "ack", func() bool {
		c, _ := h.js.Consumer(context.Background(), schemas.StreamHokusai, "test")
		info, err := c.Info(context.Background())
		return err == nil && info.NumAckPending == 0 && info.NumPending == 0
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := h.count("hokusai.test.out.>"); got != 1 {
		t.Fatalf("outputs after redelivery = %d, want 1", got)
	}
}

// TestRunnerPoisonMessage asserts that an input failing transiently on every delivery
// ends, after MaxDeliver attempts, as exactly one failed event carrying stage, class and
// attempts, and that the stage goes on with the next input.
func TestRunnerPoisonMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 2*time.Second, 3)
	h.input(1) // poison
	h.input(2)
	var poisonCalls atomic.Int32
	handler := func(ctx context.Context, in *Message) ([]Output, error) {
		if string(in.Data) == "1" {
			poisonCalls.Add(1)
			return nil, Transient("flaky", errors.New("downstream unavailable"))
		}
		return passThrough(ctx, in)
	}
	_, stop := h.runner(Config{Backoff: []time.Duration{50 * time.Millisecond}}, handler)
	waitFor(t, 10*time.Second, "failed event", func() bool { return h.count(schemas.DeployFilter(schemas.EventFailed)) == 1 })
	waitFor(t, 5*time.Second, "good output", func() bool { return h.count("hokusai.test.out.>") == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := poisonCalls.Load(); got != 3 {
		t.Errorf("poison handled %d times, want MaxDeliver=3", got)
	}
	raw, err := h.js.Stream(context.Background(), schemas.StreamHokusai)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := raw.GetLastMsgForSubject(context.Background(), schemas.DeployFilter(schemas.EventFailed))
	if err != nil {
		t.Fatal(err)
	}
	var f schemas.Failed
	if err := schemas.Unmarshal(msg.Data, &f); err != nil {
		t.Fatal(err)
	}
	if f.Stage != "test" || f.Class != "flaky" || f.Attempts != 3 || f.RequestID != "corr-1" || string(f.Input) != "1" {
		t.Errorf("failed event = %+v", f)
	}
	if got := msg.Header.Get(schemas.HeaderCausationID); got != "in-1" {
		t.Errorf("causation id = %q, want in-1", got)
	}
}

// TestRunnerErrorClasses asserts how each kind of handler error ends: permanent errors
// and panics that keep panicking are dead-lettered with their class, a panic once is
// retried and then succeeds.
func TestRunnerErrorClasses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		handler     func(calls int) ([]Output, error)
		wantFailed  string // class of the failed event, "" for none
		wantOutputs int
		wantCalls   int
	}{
		{
			name:       "permanent error terms at once",
			handler:    func(int) ([]Output, error) { return nil, Permanent("bad_input", errors.New("nope")) },
			wantFailed: "bad_input", wantCalls: 1,
		},
		{
			name: "panic once then success",
			handler: func(calls int) ([]Output, error) {
				if calls == 1 {
					panic("boom")
				}
				return []Output{{Subject: "hokusai.test.out.1", MsgID: "out-1", Data: []byte("x")}}, nil
			},
			wantOutputs: 1, wantCalls: 2,
		},
		{
			name:       "panic every time",
			handler:    func(int) ([]Output, error) { panic("always") },
			wantFailed: ClassPanic, wantCalls: 3,
		},
		{
			name: "output without id is permanent",
			handler: func(int) ([]Output, error) {
				return []Output{{Subject: "hokusai.test.out.1"}}, nil
			},
			wantFailed: ClassInternal, wantCalls: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, 2*time.Second, 3)
			h.input(1)
			var calls atomic.Int32
			_, stop := h.runner(Config{Backoff: []time.Duration{20 * time.Millisecond}}, func(context.Context, *Message) ([]Output, error) {
				return tc.handler(int(calls.Add(1)))
			})
			waitFor(t, 10*time.Second, "input finished", func() bool {
				c, _ := h.js.Consumer(context.Background(), schemas.StreamHokusai, "test")
				info, err := c.Info(context.Background())
				return err == nil && info.NumAckPending == 0 && info.NumPending == 0 && int(calls.Load()) >= tc.wantCalls
			})
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			if got := int(calls.Load()); got != tc.wantCalls {
				t.Errorf("calls = %d, want %d", got, tc.wantCalls)
			}
			if got := h.count("hokusai.test.out.>"); got != tc.wantOutputs {
				t.Errorf("outputs = %d, want %d", got, tc.wantOutputs)
			}
			failed := h.count(schemas.DeployFilter(schemas.EventFailed))
			if (tc.wantFailed != "") != (failed == 1) {
				t.Fatalf("failed events = %d, want class %q", failed, tc.wantFailed)
			}
			if tc.wantFailed != "" {
				s, _ := h.js.Stream(context.Background(), schemas.StreamHokusai)
				msg, err := s.GetLastMsgForSubject(context.Background(), schemas.DeployFilter(schemas.EventFailed))
				if err != nil {
					t.Fatal(err)
				}
				var f schemas.Failed
				if err := schemas.Unmarshal(msg.Data, &f); err != nil {
					t.Fatal(err)
				}
				if f.Class != tc.wantFailed {
					t.Errorf("class = %q, want %q", f.Class, tc.wantFailed)
				}
			}
		})
	}
}

// TestRunnerBackoff asserts that redeliveries after transient errors wait at least the
// configured back-off for that attempt.
func TestRunnerBackoff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 5*time.Second, 4)
	h.input(1)
	backoff := []time.Duration{150 * time.Millisecond, 300 * time.Millisecond, 600 * time.Millisecond}
	var mu sync.Mutex
	var at []time.Time
	_, stop := h.runner(Config{Backoff: backoff}, func(ctx context.Context, in *Message) ([]Output, error) {
		mu.Lock()
		at = append(at, time.Now())
		n := len(at)
		mu.Unlock()
		if n < 4 {
			return nil, Transient("later", errors.New("not yet"))
		}
		return passThrough(ctx, in)
	})
	waitFor(t, 10*time.Second, "success", func() bool { return h.count("hokusai.test.out.>") == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < backoff[i-1] {
			t.Errorf("gap before attempt %d = %s, want >= %s", i+1, gap, backoff[i-1])
		}
	}
}

// TestRunnerShutdownDrainsInFlight asserts that cancelling Run lets an in-flight handler
// finish, publishes its output and acks its input before Run returns.
func TestRunnerShutdownDrainsInFlight(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 5*time.Second, 3)
	h.input(1)
	started := make(chan struct{})
	_, stop := h.runner(Config{ShutdownTimeout: 5 * time.Second}, func(ctx context.Context, in *Message) ([]Output, error) {
		close(started)
		time.Sleep(400 * time.Millisecond)
		return passThrough(ctx, in)
	})
	<-started
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := h.count("hokusai.test.out.>"); got != 1 {
		t.Fatalf("outputs = %d, want 1 (in-flight work finished)", got)
	}
	c, _ := h.js.Consumer(context.Background(), schemas.StreamHokusai, "test")
	info, err := c.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.NumAckPending != 0 || info.AckFloor.Consumer != 1 {
		t.Errorf("ack pending = %d, ack floor = %d; want the input acked", info.NumAckPending, info.AckFloor.Consumer)
	}
}

// TestRunnerHeartbeat asserts that a handler running longer than AckWait is not
// redelivered while it works, thanks to the runner's InProgress heartbeats.
func TestRunnerHeartbeat(t *testing.T) {
	t.Parallel()
	h := newHarness(t, time.Second, 5)
	h.input(1)
	var calls atomic.Int32
	_, stop := h.runner(Config{}, func(ctx context.Context, in *Message) ([]Output, error) {
		calls.Add(1)
		time.Sleep(3 * time.Second)
		return passThrough(ctx, in)
	})
	waitFor(t, 10*time.Second, "output", func() bool { return h.count("hokusai.test.out.>") == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("handler ran %d times, want 1 (no redelivery while heartbeating)", got)
	}
}

// TestRunnerConcurrency asserts that N inputs are handled N at a time and all end
// published exactly once.
func TestRunnerConcurrency(t *testing.T) {
	t.Parallel()
	h := newHarness(t, 5*time.Second, 3)
	const n = 64
	for i := range n {
		h.input(i)
	}
	var cur, peak atomic.Int32
	_, stop := h.runner(Config{Concurrency: 8}, func(ctx context.Context, in *Message) ([]Output, error) {
		c := cur.Add(1)
		for {
			p := peak.Load()
			if c <= p || peak.CompareAndSwap(p, c) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		cur.Add(-1)
		return passThrough(ctx, in)
	})
	waitFor(t, 20*time.Second, "all outputs", func() bool { return h.count("hokusai.test.out.>") == n })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p < 2 || p > 8 {
		t.Errorf("peak concurrency = %d, want 2..8", p)
	}
	if got := h.count("hokusai.test.out.>"); got != n {
		t.Errorf("outputs = %d, want %d", got, n)
	}
	_ = fmt.Sprint()
}
