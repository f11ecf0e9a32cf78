package projections

import (
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas"
)

// events decodes a built log as the projector would read it, sequences from 1.
func events(t testing.TB, l *projtest.Log) []Event {
	t.Helper()
	out := make([]Event, len(l.Msgs))
	for i, m := range l.Msgs {
		ev, err := DecodeRaw(uint64(i+1), projtest.Base.Add(time.Duration(i)*time.Second), m.Subject, m.Header, m.Data)
		if err != nil {
			t.Fatalf("decode %s: %v", m.Subject, err)
		}
		out[i] = ev
	}
	return out
}

// fold applies evs of one model to a zero state.
func fold(evs []Event, model string) Deployment {
	var d Deployment
	for _, ev := range evs {
		if ev.ModelID == model {
			d = Apply(d, ev)
		}
	}
	return d
}

// TestApply asserts the status precedence and the recorded fields for each shape of
// history: the happy path with a fee bump, a duplicate after publication, a retry after a
// rejection, a failure after deployment, drops, a late journal entry and redelivery.
func TestApply(t *testing.T) {
	t.Parallel()
	at := projtest.Base
	tests := []struct {
		name  string
		build func(l *projtest.Log)
		model string
		check func(t *testing.T, d Deployment)
	}{
		{
			name:  "published after a fee bump",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated().Submitted(1).Submitted(2).Deployed(2).Registered(2).Published()
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusPublished)
				want(t, "request", d.RequestID, "r1")
				want(t, "correlation", d.CorrelationID, "r1")
				want(t, "token", d.TokenAddress, projtest.Address("token", "m"))
				want(t, "deploy tx", d.DeployTx, projtest.Hash("deploy", "r1", "2"))
				want(t, "registry tx", d.RegistryTx, projtest.Hash("register", "r1"))
				want(t, "transactions", len(d.Transactions), 2)
				want(t, "gas used", d.GasUsed, uint64(1_600_000))
				want(t, "gas cost", d.GasCostWei, "32000000000000000") // 1.6e6 gas × 20 gwei
				want(t, "attempts", d.Attempts, 1)
				want(t, "events", d.Events, 7)
				want(t, "requested at", d.Steps.Requested, at)
				want(t, "published at", d.Steps.Published, at.Add(12*time.Second))
				want(t, "last error", d.LastError == nil, true)
			},
		},
		{
			name:  "duplicate request after publication keeps the token",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated().Submitted(1).Deployed(1).Registered(1).Published()
				projtest.NewFlow(l, "m", "r2", at.Add(time.Hour)).Requested().Rejected(ClassAlreadyDeployed, "already has a token")
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusPublished)
				want(t, "request", d.RequestID, "r1")
				want(t, "token", d.TokenAddress, projtest.Address("token", "m"))
				want(t, "duplicates", d.Duplicates, 1)
				want(t, "attempts", d.Attempts, 1)
				want(t, "duplicate class", d.LastDuplicate.Class, ClassAlreadyDeployed)
				want(t, "duplicate request", d.LastDuplicate.RequestID, "r2")
				want(t, "last error", d.LastError == nil, true)
				want(t, "requests", len(d.Requests), 2)
				want(t, "dup status", d.Requests[1].Status, StatusRejected)
			},
		},
		{
			name:  "retry after rejection moves the model forward",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Rejected("schema", "bad symbol", "bad baseline")
				f := projtest.NewFlow(l, "m", "r1-retry1", at.Add(time.Hour))
				f.Retry = 1
				f.Requested().Validated()
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusValidated)
				want(t, "request", d.RequestID, "r1-retry1")
				want(t, "attempts", d.Attempts, 2)
				want(t, "retry", d.Requests[1].Retry, 1)
				want(t, "first status", d.Requests[0].Status, StatusRejected)
				want(t, "first error", d.Requests[0].Error, "bad symbol; bad baseline")
				want(t, "last error class", d.LastError.Class, "schema")
			},
		},
		{
			name:  "registrar failure keeps the deployed token",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated().Submitted(1).Deployed(1).Failed("registrar", "registry_reverted", "reverted")
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusFailed)
				want(t, "token", d.TokenAddress, projtest.Address("token", "m"))
				want(t, "stage", d.LastError.Stage, "registrar")
				want(t, "deliveries", d.Requests[0].Deliveries, 5)
				want(t, "gas used", d.GasUsed, uint64(1_500_000))
			},
		},
		{
			name:  "dropped dead letter",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Rejected("malformed_json", "eof").Dropped("ops", "resent upstream")
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusDropped)
				want(t, "by", d.Requests[0].DroppedBy, "ops")
				want(t, "reason", d.Requests[0].DropReason, "resent upstream")
			},
		},
		{
			name:  "drop of a live request is only a note",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated().Dropped("ops", "mistake")
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusValidated)
				want(t, "by", d.Requests[0].DroppedBy, "ops")
			},
		},
		{
			name:  "late journal entry does not move a deployed request back",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated().Submitted(1).Deployed(1).Submitted(2)
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusDeployed)
				want(t, "transactions", len(d.Transactions), 2)
			},
		},
		{
			name:  "registered repeats the deploy receipt without double counting gas",
			model: "m",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated().Submitted(1).Deployed(1).Registered(1)
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "status", d.Status, StatusRegistered)
				want(t, "gas used", d.GasUsed, uint64(1_600_000))
			},
		},
		{
			name:  "other models' events are not mixed in",
			model: "n",
			build: func(l *projtest.Log) {
				projtest.NewFlow(l, "m", "r1", at).Requested().Validated()
				projtest.NewFlow(l, "n", "s1", at).Requested()
			},
			check: func(t *testing.T, d Deployment) {
				want(t, "model", d.ModelID, "n")
				want(t, "status", d.Status, StatusRequested)
				want(t, "events", d.Events, 1)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := &projtest.Log{}
			tc.build(l)
			tc.check(t, fold(events(t, l), tc.model))
		})
	}
}

// TestApplyIdempotent asserts that an event at or below the state's sequence is skipped,
// so replaying the whole history again leaves the state unchanged.
func TestApplyIdempotent(t *testing.T) {
	t.Parallel()
	evs := events(t, projtest.Scenario())
	once := fold(evs, "model-a")
	twice := once
	for _, ev := range evs {
		if ev.ModelID == "model-a" {
			twice = Apply(twice, ev)
		}
	}
	want(t, "events", twice.Events, once.Events)
	want(t, "seq", twice.Seq, once.Seq)
	want(t, "transactions", len(twice.Transactions), len(once.Transactions))
}

// TestApplyPure asserts that Apply leaves its input state untouched.
func TestApplyPure(t *testing.T) {
	t.Parallel()
	l := &projtest.Log{}
	projtest.NewFlow(l, "m", "r1", projtest.Base).Requested().Validated().Submitted(1).Submitted(2).Failed("deployer", "x", "y")
	evs := events(t, l)
	d := fold(evs[:3], "m")
	before := len(d.Transactions)
	reqStatus := d.Requests[0].Status
	_ = Apply(d, evs[3])
	_ = Apply(d, evs[4])
	want(t, "transactions", len(d.Transactions), before)
	want(t, "request status", d.Requests[0].Status, reqStatus)
	want(t, "last error", d.LastError == nil, true)
}

// TestDecodeRejectsBadInput asserts that unknown event types and undecodable payloads
// come back as a DecodeError naming the sequence.
func TestDecodeRejectsBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ subject, data string }{
		{"hokusai.deploy.exploded.m", "\x80"},
		{"hokusai.deploy.requested.m", "not msgpack"},
		{"hokusai.other.x", "\x80"},
	} {
		_, err := DecodeRaw(9, time.Now(), tc.subject, nil, []byte(tc.data))
		var de *DecodeError
		if !asDecodeError(err, &de) || de.Seq != 9 {
			t.Errorf("%s: err = %v, want DecodeError for seq 9", tc.subject, err)
		}
	}
	if _, err := DecodeRaw(1, time.Now(), schemas.DeploySubject(schemas.EventDropped, "m"), nil, []byte("\x80")); err != nil {
		t.Errorf("empty map: %v", err)
	}
}

func want[T comparable](t *testing.T, what string, got, exp T) {
	t.Helper()
	if got != exp {
		t.Errorf("%s = %v, want %v", what, got, exp)
	}
}

// TestLeanDecodeFoldsAlike asserts that the projector's lean decoder and the full one
// fold the known log into identical states.
func TestLeanDecodeFoldsAlike(t *testing.T) {
	t.Parallel()
	l := projtest.Scenario()
	full := map[string]Deployment{}
	lean := map[string]Deployment{}
	for i, m := range l.Msgs {
		at := projtest.Base.Add(time.Duration(i) * time.Second)
		a, err := DecodeRaw(uint64(i+1), at, m.Subject, m.Header, m.Data)
		if err != nil {
			t.Fatal(err)
		}
		b, err := decodeForFold(nil, uint64(i+1), at, m.Subject, m.Header, m.Data)
		if err != nil {
			t.Fatal(err)
		}
		full[a.ModelID] = Apply(full[a.ModelID], a)
		lean[b.ModelID] = Apply(lean[b.ModelID], b)
	}
	for id := range full {
		if jsonOf(t, full[id]) != jsonOf(t, lean[id]) {
			t.Errorf("%s:\nfull %s\nlean %s", id, jsonOf(t, full[id]), jsonOf(t, lean[id]))
		}
	}
}

// TestAddCost asserts that a receipt's cost adds to the decimal sum exactly, on the
// 64-bit path and past it (a product or a sum over 64 bits), and that a price that does
// not parse leaves the sum alone.
func TestAddCost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, sum, price string
		gas              uint64
		want             string
		ok               bool
	}{
		{"first", "", "2000000000", 169405, "338810000000000", true},
		{"added", "1000", "3", 7, "1021", true},
		{"product over 64 bits", "1", "18446744073709551615", 2, "36893488147419103231", true},
		{"sum over 64 bits", "18446744073709551615", "1", 1, "18446744073709551616", true},
		{"sum already big", "36893488147419103230", "1", 1, "36893488147419103231", true},
		{"bad price", "5", "0x10", 1, "5", false},
	} {
		got, ok := addCost(tc.sum, schemas.Receipt{EffectiveGasPrice: tc.price, GasUsed: tc.gas})
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: %q %v, want %q %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
