package schemas

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestStellarSubject asserts the invocation subject layout and that every variable token
// is subject-safe and reversible, empty ones included.
func TestStellarSubject(t *testing.T) {
	t.Parallel()
	cases := []struct {
		network, kind, contract, function string
		want                              string
	}{
		{"pubnet", KindCall, "CALI2BYU2JE6WVRUFYTS6MSBNEHGJ35P4AVCZYF3B6QOE3QKOB2PLE6M", "set_price",
			"stellar.pubnet.invocation.call.CALI2BYU2JE6WVRUFYTS6MSBNEHGJ35P4AVCZYF3B6QOE3QKOB2PLE6M.set_price"},
		{"testnet", KindUpload, "", "", "stellar.testnet.invocation.upload." + EncodeSubjectToken("") + "." + EncodeSubjectToken("")},
		{"my.net", KindCall, "C1", "a>b", "stellar." + EncodeSubjectToken("my.net") + ".invocation.call.C1." + EncodeSubjectToken("a>b")},
	}
	for _, tc := range cases {
		got := StellarSubject(tc.network, tc.kind, tc.contract, tc.function)
		if n := len(strings.Split(got, ".")); n != 6 || strings.ContainsAny(got, "*> ") {
			t.Errorf("subject %q: %d tokens", got, n)
		}
		if got := StellarSubject(tc.network, tc.kind, tc.contract, tc.function); got != tc.want {
			t.Errorf("StellarSubject(%q,%q,%q,%q) = %q, want %q", tc.network, tc.kind, tc.contract, tc.function, got, tc.want)
		}
	}
	if got := StellarFilter("pubnet"); got != "stellar.pubnet.>" {
		t.Errorf("filter %q", got)
	}
	if got := StellarEventType(KindCreate); got != "stellar.invocation.create" {
		t.Errorf("event type %q", got)
	}
}

// TestStellarMsgID asserts the <ledger>:<tx>:<op> message id and its parser, including
// rejection of malformed ids.
func TestStellarMsgID(t *testing.T) {
	t.Parallel()
	id := StellarMsgID(53312000, 163, 0)
	if id != "53312000:163:0" {
		t.Fatalf("id %q", id)
	}
	l, tx, op, err := ParseStellarMsgID(id)
	if err != nil || l != 53312000 || tx != 163 || op != 0 {
		t.Fatalf("parse: %d %d %d %v", l, tx, op, err)
	}
	for _, bad := range []string{"", "1:2", "1:2:3:4", "a:2:3", "1:-2:3", "99999999999:1:1"} {
		if _, _, _, err := ParseStellarMsgID(bad); err == nil {
			t.Errorf("ParseStellarMsgID(%q) accepted", bad)
		}
	}
}

// TestInvocationCodecs asserts that an Invocation survives msgpack and JSON with every
// ScVal value type keeping its Go type, and that zero values (false, 0, empty vec) are
// kept rather than dropped.
func TestInvocationCodecs(t *testing.T) {
	t.Parallel()
	storage := []ScMapEntry{}
	inv := Invocation{
		Network: "pubnet", Ledger: 7, ClosedAt: time.Date(2024, 9, 2, 10, 50, 19, 0, time.UTC), Kind: KindCall,
		TxHash: "ab", TxIndex: 1, Successful: true, ContractID: "C", Function: "f", InvokingAccount: "G",
		Arguments: []ScVal{
			{Type: ScBool, Value: false}, {Type: ScU32, Value: uint32(0)}, {Type: ScI32, Value: int32(-3)},
			{Type: ScVec, Value: []ScVal{}}, {Type: ScVec}, {Type: ScVoid}, {Type: ScString, Hex: "ff"},
			{Type: ScMap, Value: []ScMapEntry{{Key: ScVal{Type: ScSymbol, Value: "k"}, Value: ScVal{Type: ScI128, Value: "-1"}}}},
			{Type: ScError, Value: ScErrorValue{Type: "contract", ContractCode: 4}},
			{Type: ScContractInstance, Value: ScInstanceValue{Executable: "stellar_asset", Storage: &storage}},
		},
		ContractEvents:   []ContractEvent{{Type: "contract", ContractID: "C", Topics: []ScVal{{Type: ScSymbol, Value: "t"}}, Data: ScVal{Type: ScU64, Value: "1"}}},
		DiagnosticEvents: []DiagnosticEvent{},
		StateChanges: []StateChange{{Change: "updated", LedgerEntryRef: LedgerEntryRef{EntryType: "contract_data", ContractID: "C"},
			New: &ScVal{Type: ScBool, Value: true}}},
	}
	mp, err := Marshal(&inv)
	if err != nil {
		t.Fatal(err)
	}
	var fromMP Invocation
	if err := Unmarshal(mp, &fromMP); err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(&inv)
	if err != nil {
		t.Fatal(err)
	}
	var fromJS Invocation
	if err := json.Unmarshal(js, &fromJS); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]Invocation{"msgpack": fromMP, "json": fromJS} {
		got.ClosedAt = got.ClosedAt.UTC()
		if !reflect.DeepEqual(got.Arguments, inv.Arguments) {
			t.Errorf("%s arguments:\n got %#v\nwant %#v", name, got.Arguments, inv.Arguments)
		}
		if !reflect.DeepEqual(got.ContractEvents, inv.ContractEvents) || !reflect.DeepEqual(got.StateChanges, inv.StateChanges) {
			t.Errorf("%s events or changes differ: %+v %+v", name, got.ContractEvents, got.StateChanges)
		}
		if !got.ClosedAt.Equal(inv.ClosedAt) || got.Ledger != 7 || got.Kind != KindCall || !got.Successful {
			t.Errorf("%s header differs: %+v", name, got)
		}
	}
}

// TestInvocationEncoderMatchesMarshal asserts that the reusing encoder writes the same
// bytes as Marshal, call after call.
func TestInvocationEncoderMatchesMarshal(t *testing.T) {
	t.Parallel()
	var enc InvocationEncoder
	for i, inv := range []Invocation{
		{Network: "a", Ledger: 1, Kind: KindCall, Arguments: []ScVal{{Type: ScU32, Value: uint32(7)}}},
		{Network: "b", Ledger: 2, Kind: KindUpload, Upload: &WasmUpload{WasmHash: "00", Size: 3}},
	} {
		want, err := Marshal(&inv)
		if err != nil {
			t.Fatal(err)
		}
		got, err := enc.Encode(&inv)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("invocation %d: encoder and Marshal differ (%v)", i, err)
		}
	}
}
