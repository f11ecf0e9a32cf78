package deployer_test

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/chain"
	"github.com/chainrelay/chainrelay/services/deployer"
	"github.com/chainrelay/chainrelay/services/evm/simchain"
	"github.com/chainrelay/chainrelay/services/pipeline"
	"github.com/chainrelay/chainrelay/streams/natstest"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// harness is a simulated chain with the Hokusai contracts, a real embedded JetStream and
// a deployer service over both.
type harness struct {
	t     *testing.T
	sim   *simchain.Chain
	hok   *chain.Hokusai
	js    jetstream.JetStream
	svc   *deployer.Service
	jrnl  *deployer.StreamJournal
	count func(filter string) int
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	n := natstest.Start(t)
	ch, err := pipeline.OpenChain(ctx, pipeline.ChainConfig{BlockPeriod: 100 * time.Millisecond}, n.JS, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ch.Close)
	sim, hok := ch.Sim, ch.Hokusai
	tokens, err := deployer.OpenKVTokens(ctx, n.JS)
	if err != nil {
		t.Fatal(err)
	}
	j := &deployer.StreamJournal{JS: n.JS}
	h := &harness{t: t, sim: sim, hok: hok, js: n.JS, jrnl: j, svc: &deployer.Service{Chain: hok, Journal: j, Tokens: tokens}}
	h.count = func(filter string) int {
		s, _ := n.JS.Stream(ctx, schemas.StreamHokusai)
		info, err := s.Info(ctx, jetstream.WithSubjectFilter(filter))
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range info.State.Subjects {
			total += int(c)
		}
		return total
	}
	return h
}

func validated(t *testing.T, model, request string) *stage.Message {
	t.Helper()
	data, err := schemas.Marshal(schemas.Validated{Request: schemas.DeployRequest{
		RequestID: request, ModelID: model, TokenSymbol: "TKN", TokenName: model + " Token", MetricName: "accuracy", Improvement: 2,
	}})
	if err != nil {
		t.Fatal(err)
	}
	return &stage.Message{Subject: schemas.DeploySubject(schemas.EventValidated, model), Data: data, Meta: schemas.Meta{CorrelationID: request}}
}

func decode[T any](t *testing.T, o stage.Output) T {
	t.Helper()
	v, ok := o.Value.(T)
	if !ok {
		t.Fatalf("output value %T", o.Value)
	}
	return v
}

// TestDeployJournalsThenDeploys asserts that a validated request is journaled as a
// submitted event before broadcast and ends deployed at the predicted address, with the
// token recorded for the validator.
func TestDeployJournalsThenDeploys(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	outs, err := h.svc.Handle(ctx, validated(t, "model.a", "r1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].EventType != string(schemas.EventDeployed) {
		t.Fatalf("outputs = %+v", outs)
	}
	d := decode[schemas.Deployed](t, outs[0])
	if d.Token.Address != h.hok.Predict("model.a") || d.Token.Recovered {
		t.Errorf("token = %+v, want predicted %s", d.Token, h.hok.Predict("model.a"))
	}
	if d.Token.Deploy.BlockNumber == 0 || d.Token.Deploy.GasUsed == 0 || d.Token.Deploy.EffectiveGasPrice == "" {
		t.Errorf("receipt = %+v", d.Token.Deploy)
	}
	code, err := h.sim.Client.CodeAt(ctx, common.HexToAddress(d.Token.Address), nil)
	if err != nil || len(code) == 0 {
		t.Fatalf("no code at token: %v", err)
	}
	attempts, err := h.jrnl.Attempts(ctx, "model.a", "r1")
	if err != nil || len(attempts) != 1 || attempts[0].Hash != d.Token.Deploy.TxHash || len(attempts[0].Raw) == 0 {
		t.Fatalf("journal = %+v, %v; want the mined attempt", attempts, err)
	}
}

// TestRedeliveryAfterCrashResumes asserts that a deployer that died after broadcasting
// resumes the journaled attempt on redelivery: one transaction, one token, deployed
// marked recovered.
func TestRedeliveryAfterCrashResumes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	// First delivery: the process dies right after journaling and broadcasting.
	ctx, cancel := context.WithCancel(context.Background())
	crashing := &deployer.Service{Chain: h.hok, Journal: journalThen{h.jrnl, func() { time.AfterFunc(20*time.Millisecond, cancel) }}}
	if _, err := crashing.Handle(ctx, validated(t, "model-b", "r1")); err == nil {
		t.Fatal("crashed delivery succeeded")
	}
	// Redelivery to a fresh service.
	outs, err := h.svc.Handle(context.Background(), validated(t, "model-b", "r1"))
	if err != nil {
		t.Fatal(err)
	}
	d := decode[schemas.Deployed](t, outs[0])
	if !d.Token.Recovered || d.Token.Address != h.hok.Predict("model-b") {
		t.Errorf("token = %+v, want recovered at the predicted address", d.Token)
	}
	attempts, _ := h.jrnl.Attempts(context.Background(), "model-b", "r1")
	if len(attempts) != 1 {
		t.Errorf("journaled attempts = %d, want 1 (no second send)", len(attempts))
	}
}

// journalThen calls after once a record succeeded: a crash right after broadcast.
type journalThen struct {
	deployer.Journal
	after func()
}

func (j journalThen) Record(ctx context.Context, ev schemas.Submitted) error {
	if err := j.Journal.Record(ctx, ev); err != nil {
		return err
	}
	j.after()
	return nil
}

// TestSecondRequestRejected asserts that a second request for a model that has a token
// ends rejected with class already_deployed and the existing token, sending nothing.
func TestSecondRequestRejected(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.svc.Handle(ctx, validated(t, "m", "r1")); err != nil {
		t.Fatal(err)
	}
	outs, err := h.svc.Handle(ctx, validated(t, "m", "r2"))
	if err != nil {
		t.Fatal(err)
	}
	r := decode[schemas.Rejected](t, outs[0])
	if r.Class != deployer.ClassAlreadyDeployed || r.ExistingToken != h.hok.Predict("m") || r.RequestID != "r2" {
		t.Errorf("rejected = %+v", r)
	}
	if attempts, _ := h.jrnl.Attempts(ctx, "m", "r2"); len(attempts) != 0 {
		t.Errorf("second request sent %d transactions", len(attempts))
	}
}

// TestConcurrentDuplicatesOneToken asserts that two requests for one model handled at
// the same time end with one token: one deployed, the other rejected already_deployed.
func TestConcurrentDuplicatesOneToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	var wg sync.WaitGroup
	results := make([]stage.Output, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A permanent failure would be a lost request: retry transient ones as the
			// runner would.
			for attempt := 0; attempt < 5; attempt++ {
				outs, err := h.svc.Handle(context.Background(), validated(t, "dup", "r"+strconv.Itoa(i)))
				var se *stage.Error
				if err != nil && errors.As(err, &se) && !se.Permanent {
					continue
				}
				if err == nil {
					results[i] = outs[0]
				}
				errs[i] = err
				return
			}
		}()
	}
	wg.Wait()
	got := map[string]int{}
	for i, o := range results {
		if errs[i] != nil {
			t.Fatalf("request %d: %v", i, errs[i])
		}
		got[o.EventType]++
	}
	if got["deployed"] != 1 || got["rejected"] != 1 {
		t.Fatalf("outcomes = %v, want one deployed and one rejected", got)
	}
}

// TestManyInFlightShareBlocks asserts that concurrent deployments all land, sharing
// blocks rather than taking one block each.
func TestManyInFlightShareBlocks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	const n = 30
	var wg sync.WaitGroup
	blocks := make([]uint64, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs, err := h.svc.Handle(context.Background(), validated(t, "many-"+strconv.Itoa(i), "r"))
			if err != nil {
				errs[i] = err
				return
			}
			blocks[i] = decode[schemas.Deployed](t, outs[0]).Token.Deploy.BlockNumber
		}()
	}
	wg.Wait()
	distinct := map[uint64]bool{}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("deployment %d: %v", i, err)
		}
		distinct[blocks[i]] = true
	}
	if len(distinct) > n/3 {
		t.Errorf("%d deployments took %d blocks; want them batched", n, len(distinct))
	}
}
