package registrar_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/chain"
	"github.com/chainrelay/chainrelay/services/evm/hokusai"
	"github.com/chainrelay/chainrelay/services/pipeline"
	"github.com/chainrelay/chainrelay/services/registrar"
	"github.com/chainrelay/chainrelay/streams/natstest"
	"github.com/chainrelay/chainrelay/streams/stage"
)

func newChain(t *testing.T) *chain.Hokusai {
	t.Helper()
	ctx := context.Background()
	ch, err := pipeline.OpenChain(ctx, pipeline.ChainConfig{BlockPeriod: 100 * time.Millisecond}, natstest.Start(t).JS, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ch.Close)
	h := ch.Hokusai
	if err := h.Health(ctx); err != nil {
		t.Fatalf("health: %v", err)
	}
	return h
}

func deployedMsg(t *testing.T, model, token string) *stage.Message {
	t.Helper()
	data, err := schemas.Marshal(schemas.Deployed{
		Request: schemas.DeployRequest{RequestID: "r1", ModelID: model, MetricName: "f1"},
		Token:   schemas.Token{Address: token},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &stage.Message{Subject: schemas.DeploySubject(schemas.EventDeployed, model), Data: data}
}

// TestRegistrar asserts the registrar's three outcomes against the real contracts: a
// new model is registered by a transaction, the same token again is registered without
// one, and another token for the same model is a permanent registry_conflict.
func TestRegistrar(t *testing.T) {
	t.Parallel()
	h := newChain(t)
	svc := &registrar.Service{Registry: h}
	ctx := context.Background()
	token := hokusai.PredictTokenAddress(h.Addresses().TokenManager, h.Addresses().Implementation, "m1").Hex()

	outs, err := svc.Handle(ctx, deployedMsg(t, "m1", token))
	if err != nil {
		t.Fatal(err)
	}
	reg := outs[0].Value.(schemas.Registered).Registration
	if reg.AlreadyRegistered || reg.Receipt.TxHash == "" || reg.Registry != h.Address() {
		t.Fatalf("first registration = %+v", reg)
	}
	if got, _ := h.Lookup(ctx, "m1"); got != token {
		t.Fatalf("registry holds %q, want %s", got, token)
	}

	outs, err = svc.Handle(ctx, deployedMsg(t, "m1", token))
	if err != nil {
		t.Fatal(err)
	}
	if reg := outs[0].Value.(schemas.Registered).Registration; !reg.AlreadyRegistered || reg.Receipt.TxHash != "" {
		t.Errorf("repeat registration = %+v, want already registered without a transaction", reg)
	}

	_, err = svc.Handle(ctx, deployedMsg(t, "m1", "0x0000000000000000000000000000000000000001"))
	var se *stage.Error
	if !errors.As(err, &se) || !se.Permanent || se.Class != registrar.ClassRegistryConflict {
		t.Fatalf("conflict err = %v, want permanent registry_conflict", err)
	}
}
