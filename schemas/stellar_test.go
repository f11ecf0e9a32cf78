package schemas

import (
	"bytes"
	"encoding/json"
	"math"
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

// TestAppendInvocationMatchesMarshal asserts that the hand-written encoder writes the
// bytes of the reflection-based Marshal for invocations setting every field, with nil and
// empty slices, omitted and present optional fields, strings at each msgpack length
// boundary, integers at each width, timestamps in the three extension forms, and a Value
// of an undocumented Go type.
func TestAppendInvocationMatchesMarshal(t *testing.T) {
	t.Parallel()
	str := func(n int) string { return strings.Repeat("x", n) }
	var nilStorage []ScMapEntry
	storage := []ScMapEntry{{Key: ScVal{Type: ScSymbol, Value: "k"}, Value: ScVal{Type: ScVoid}}}
	ref := LedgerEntryRef{EntryType: "contract_data", ContractID: "C", Key: &ScVal{Type: ScLedgerKeyContractInstance},
		Durability: "persistent", WasmHash: "aa", Account: "G", LedgerKey: "AAAA"}
	creation := &ContractCreation{ContractID: "C", Version: 2, Preimage: "address", Creator: "G", Salt: "00",
		Asset: "native", Executable: "external_ref", WasmHash: "ff", ExternalOwner: "G", ExternalTag: "t"}
	vals := []ScVal{
		{Type: ScBool, Value: true}, {Type: ScBool, Value: false}, {Type: ScVoid},
		{Type: ScU32, Value: uint32(0)}, {Type: ScU32, Value: uint32(127)}, {Type: ScU32, Value: uint32(128)},
		{Type: ScU32, Value: uint32(255)}, {Type: ScU32, Value: uint32(256)}, {Type: ScU32, Value: uint32(65535)},
		{Type: ScU32, Value: uint32(65536)}, {Type: ScU32, Value: uint32(math.MaxUint32)},
		{Type: ScI32, Value: int32(-1)}, {Type: ScI32, Value: int32(-32)}, {Type: ScI32, Value: int32(-33)},
		{Type: ScI32, Value: int32(-128)}, {Type: ScI32, Value: int32(-129)}, {Type: ScI32, Value: int32(-32768)},
		{Type: ScI32, Value: int32(-32769)}, {Type: ScI32, Value: int32(math.MinInt32)}, {Type: ScI32, Value: int32(math.MaxInt32)},
		{Type: ScString, Value: str(31)}, {Type: ScString, Value: str(32)}, {Type: ScString, Value: str(255)},
		{Type: ScString, Value: str(256)}, {Type: ScString, Value: str(65535)}, {Type: ScString, Value: str(65536)},
		{Type: ScString, Hex: "ff"}, {Type: ScSymbol, Value: "", Hex: "00"},
		{Type: ScVec}, {Type: ScVec, Value: []ScVal{}}, {Type: ScVec, Value: []ScVal(nil)},
		{Type: ScMap}, {Type: ScMap, Value: []ScMapEntry{}}, {Type: ScMap, Value: []ScMapEntry(nil)},
		{Type: ScMap, Value: storage},
		{Type: ScError, Value: ScErrorValue{Type: "contract", ContractCode: 9}},
		{Type: ScError, Value: ScErrorValue{Type: "contract"}},
		{Type: ScError, Value: ScErrorValue{Type: "auth", Code: "invalid_action"}},
		{Type: ScContractInstance, Value: ScInstanceValue{Executable: "stellar_asset"}},
		{Type: ScContractInstance, Value: ScInstanceValue{Executable: "wasm", WasmHash: "ab", Storage: &storage}},
		{Type: ScContractInstance, Value: ScInstanceValue{Executable: "external_ref", ExternalOwner: "G", ExternalTag: "t", Storage: &nilStorage}},
		{Type: "odd", Value: int64(-5_000_000_000)}, {Type: "odd", Value: map[string]int{"a": 1}},
	}
	many := make([]ScVal, 70000)
	for i := range many {
		many[i] = ScVal{Type: ScU32, Value: uint32(i)}
	}
	auth := AuthorizedInvocation{AuthEntry: 1, Depth: 2, Type: "create_contract_v2", ContractID: "C", Function: "f",
		Arguments: vals[:3], Creation: creation}
	full := Invocation{
		Network: "pubnet", Ledger: math.MaxUint32, ClosedAt: time.Date(2024, 9, 2, 10, 50, 19, 5, time.UTC),
		ProtocolVersion: 23, TxHash: str(64), TxIndex: 300, OpIndex: 70000, Kind: KindCreate, Successful: true,
		ResultCode: "success", FeeCharged: -1 << 40, FeeBump: true, ContractID: "C", Function: "f",
		InvokingAccount: "G", InvokingAccountMuxed: "M", Arguments: vals, ReturnValue: &vals[5],
		ContractEvents:    []ContractEvent{{Type: "contract", ContractID: "C", Topics: vals, Data: vals[40]}, {Type: "system"}},
		DiagnosticEvents:  []DiagnosticEvent{{InSuccessfulContractCall: true, Event: ContractEvent{Type: "diagnostic", Topics: many}}, {}},
		TransactionEvents: []TransactionEvent{{Stage: "after_tx", Event: ContractEvent{Type: "contract", Topics: []ScVal{}}}},
		AuthEntries: []AuthEntry{{Credentials: "address", Address: "G", Nonce: "-1", SignatureExpirationLedger: 7, RootInvocation: auth},
			{Credentials: "source_account"}},
		SubInvocations: []AuthorizedInvocation{auth, {}},
		StateChanges: []StateChange{{Change: "updated", LedgerEntryRef: ref, Old: &vals[0], New: &vals[1], OldSize: 1, NewSize: 70000,
			OldEntry: "AA", NewEntry: "BB"}, {Change: "removed"}},
		TTLExtensions:       []TTLExtension{{KeyHash: "00", LedgerEntryRef: ref, OldLiveUntil: 0, NewLiveUntil: 9}, {}},
		ArchiveRestorations: []ArchiveRestoration{{Source: "restore_footprint", LedgerEntryRef: ref, LiveUntil: 4}, {}},
		Creation:            creation,
		Upload:              &WasmUpload{WasmHash: "00", Size: 1 << 20},
	}
	empty := Invocation{Arguments: []ScVal{}, ContractEvents: []ContractEvent{}, DiagnosticEvents: []DiagnosticEvent{}}
	for name, inv := range map[string]Invocation{
		"every field": full,
		"zero":        {},
		"empty":       empty,
		"time 8":      {ClosedAt: time.Unix(1<<33, 999_999_999)},
		"time 12":     {ClosedAt: time.Unix(1<<35, 1)},
		"time before": {ClosedAt: time.Unix(-1, 0)},
	} {
		want, err := Marshal(&inv)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendInvocation([]byte("prefix"), &inv)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[6:], want) || string(got[:6]) != "prefix" {
			t.Errorf("%s: AppendInvocation and Marshal differ (%d and %d bytes)", name, len(got)-6, len(want))
		}
	}
}
