package projections

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas"
)

// TestDeadLetterTools asserts the dead-letter listing of the known log, a retry of a
// failure (raw taken from its requested event) and of an already retried rejection
// (numbered after the earlier retry), de-duplication of a repeated retry, drops, and
// the refusals: a published request, a dropped one, a drop without a reason.
func TestDeadLetterTools(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	ctx := ctxT(t)
	log := projtest.Scenario()
	projtest.Publish(t, h.node.JS, log.Msgs)
	p := h.projector(Config{})
	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	var states []Deployment
	page, _ := p.List(ctx, ListOptions{Limit: 1000})
	states = page.Items
	var rows []string
	for _, dl := range DeadLetters(states) {
		rows = append(rows, fmt.Sprintf("%s/%s:%s:%s:%s:%v", dl.ModelID, dl.RequestID, dl.Status, dl.Class, dl.RetriedAs, dl.Duplicate))
	}
	wantRows := "[model-a/a-2:rejected:already_deployed::true model-b/b-1:rejected:schema:b-1-retry1:false " +
		"model-c/c-1:failed:registry_reverted::false model-f/f-1:failed:insufficient_funds::false]"
	if fmt.Sprint(rows) != wantRows {
		t.Errorf("dead letters\n got %v\nwant %s", rows, wantRows)
	}

	hist, err := History(ctx, h.node.JS, "model-c")
	if err != nil {
		t.Fatal(err)
	}
	var types []schemas.EventType
	for _, ev := range hist {
		types = append(types, ev.Type)
	}
	if fmt.Sprint(types) != "[requested validated submitted deployed failed]" {
		t.Errorf("model-c history = %v", types)
	}

	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	res, err := Retry(ctx, h.node.JS, "model-c", "c-1", now)
	if err != nil {
		t.Fatal(err)
	}
	want(t, "retry id", res.Request.RequestID, "c-1-retry1")
	want(t, "retry n", res.Request.Retry, 1)
	want(t, "retry raw", string(res.Request.Raw), string(hist[0].Body.(schemas.Requested).Raw))
	again, err := Retry(ctx, h.node.JS, "model-c", "c-1", now)
	if err != nil {
		t.Fatal(err)
	}
	// The first retry is now in the log, so a second one is numbered after it.
	want(t, "second retry id", again.Request.RequestID, "c-1-retry2")

	// b-1 is still a dead letter although its first retry published; another retry is
	// numbered after that one.
	if rb, err := Retry(ctx, h.node.JS, "model-b", "b-1", now); err != nil || rb.Request.RequestID != "b-1-retry2" {
		t.Errorf("retry b-1: %+v, %v", rb.Request, err)
	}
	if _, err := Retry(ctx, h.node.JS, "model-a", "a-1", now); !errors.Is(err, ErrNotDeadLetter) {
		t.Errorf("retry of a published request: %v, want ErrNotDeadLetter", err)
	}
	if _, err := Retry(ctx, h.node.JS, "model-d", "d-1", now); !errors.Is(err, ErrNotDeadLetter) {
		t.Errorf("retry of a dropped request: %v, want ErrNotDeadLetter", err)
	}
	if _, _, err := Drop(ctx, h.node.JS, "model-f", "f-1", "bob", "", now); err == nil {
		t.Error("drop without a reason accepted")
	}
	dropped, seq, err := Drop(ctx, h.node.JS, "model-f", "f-1", "bob", "funds will not be topped up", now)
	if err != nil || seq == 0 || dropped.Operator != "bob" {
		t.Fatalf("drop: %+v seq %d: %v", dropped, seq, err)
	}
	if _, _, err := Drop(ctx, h.node.JS, "model-f", "f-1", "bob", "again", now); !errors.Is(err, ErrNotDeadLetter) {
		t.Errorf("second drop: %v, want ErrNotDeadLetter", err)
	}

	if _, err := p.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	f, _ := p.Get(ctx, "model-f")
	want(t, "model-f status", f.Status, StatusDropped)
	c, _ := p.Get(ctx, "model-c")
	want(t, "model-c status", c.Status, StatusRequested)
	want(t, "model-c request", c.RequestID, "c-1-retry2")
	want(t, "model-c token kept", c.TokenAddress, projtest.Address("token", "model-c"))
}
