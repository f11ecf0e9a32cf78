package stellar

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

func ptr[T any](v T) *T { return &v }

// everyScVal holds at least one value of every ScVal type, with the edges of each range.
func everyScVal() map[string]xdr.ScVal {
	acct := xdr.MustAddress("GC2M2UTZ57GSENZBTPMLPB6QSAL2USIPHMXSUCT2I3V24GYWF3EI6RFA")
	var cid xdr.ContractId
	cid[0], cid[31] = 0xca, 0xfe
	contract := xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeContract, ContractId: &cid}
	muxed := xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeMuxedAccount,
		MuxedAccount: &xdr.MuxedEd25519Account{Id: math.MaxUint64, Ed25519: *acct.Ed25519}}
	cb := xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeClaimableBalance,
		ClaimableBalanceId: &xdr.ClaimableBalanceId{Type: xdr.ClaimableBalanceIdTypeClaimableBalanceIdTypeV0, V0: &xdr.Hash{1, 2, 3}}}
	pool := xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeLiquidityPool, LiquidityPoolId: &xdr.PoolId{9, 8, 7}}
	sym := func(s string) xdr.ScVal { return xdr.ScVal{Type: xdr.ScValTypeScvSymbol, Sym: ptr(xdr.ScSymbol(s))} }
	u32 := func(n uint32) xdr.ScVal { return xdr.ScVal{Type: xdr.ScValTypeScvU32, U32: ptr(xdr.Uint32(n))} }
	vec := func(vs ...xdr.ScVal) xdr.ScVal {
		v := xdr.ScVec(vs)
		return xdr.ScVal{Type: xdr.ScValTypeScvVec, Vec: ptr(&v)}
	}
	m := xdr.ScMap{{Key: sym("b"), Val: u32(2)}, {Key: sym("a"), Val: vec()}}
	emptyMap := xdr.ScMap{}
	hostErr := xdr.ScErrorCodeScecInvalidAction
	return map[string]xdr.ScVal{
		"bool true":          {Type: xdr.ScValTypeScvBool, B: ptr(true)},
		"bool false":         {Type: xdr.ScValTypeScvBool, B: ptr(false)},
		"void":               {Type: xdr.ScValTypeScvVoid},
		"contract error":     {Type: xdr.ScValTypeScvError, Error: &xdr.ScError{Type: xdr.ScErrorTypeSceContract, ContractCode: ptr(xdr.Uint32(0))}},
		"host error":         {Type: xdr.ScValTypeScvError, Error: &xdr.ScError{Type: xdr.ScErrorTypeSceAuth, Code: &hostErr}},
		"u32 max":            u32(math.MaxUint32),
		"u32 zero":           u32(0),
		"i32 min":            {Type: xdr.ScValTypeScvI32, I32: ptr(xdr.Int32(math.MinInt32))},
		"u64 max":            {Type: xdr.ScValTypeScvU64, U64: ptr(xdr.Uint64(math.MaxUint64))},
		"i64 min":            {Type: xdr.ScValTypeScvI64, I64: ptr(xdr.Int64(math.MinInt64))},
		"timepoint":          {Type: xdr.ScValTypeScvTimepoint, Timepoint: ptr(xdr.TimePoint(1725274200))},
		"duration":           {Type: xdr.ScValTypeScvDuration, Duration: ptr(xdr.Duration(math.MaxUint64))},
		"u128 max":           {Type: xdr.ScValTypeScvU128, U128: &xdr.UInt128Parts{Hi: math.MaxUint64, Lo: math.MaxUint64}},
		"u128 small":         {Type: xdr.ScValTypeScvU128, U128: &xdr.UInt128Parts{Lo: 7}},
		"i128 min":           {Type: xdr.ScValTypeScvI128, I128: &xdr.Int128Parts{Hi: math.MinInt64, Lo: 0}},
		"i128 -1":            {Type: xdr.ScValTypeScvI128, I128: &xdr.Int128Parts{Hi: -1, Lo: math.MaxUint64}},
		"i128 2^63":          {Type: xdr.ScValTypeScvI128, I128: &xdr.Int128Parts{Hi: 0, Lo: 1 << 63}},
		"i128 -2^63-1":       {Type: xdr.ScValTypeScvI128, I128: &xdr.Int128Parts{Hi: -1, Lo: 1<<63 - 1}},
		"u256 max":           {Type: xdr.ScValTypeScvU256, U256: &xdr.UInt256Parts{HiHi: math.MaxUint64, HiLo: math.MaxUint64, LoHi: math.MaxUint64, LoLo: math.MaxUint64}},
		"i256 min":           {Type: xdr.ScValTypeScvI256, I256: &xdr.Int256Parts{HiHi: math.MinInt64}},
		"i256 -5":            {Type: xdr.ScValTypeScvI256, I256: &xdr.Int256Parts{HiHi: -1, HiLo: math.MaxUint64, LoHi: math.MaxUint64, LoLo: math.MaxUint64 - 4}},
		"bytes":              {Type: xdr.ScValTypeScvBytes, Bytes: ptr(xdr.ScBytes{0, 0xff, 0x10})},
		"bytes empty":        {Type: xdr.ScValTypeScvBytes, Bytes: ptr(xdr.ScBytes{})},
		"string utf8":        {Type: xdr.ScValTypeScvString, Str: ptr(xdr.ScString("héllo \"wörld\" <&>"))},
		"string not utf8":    {Type: xdr.ScValTypeScvString, Str: ptr(xdr.ScString("a\xffb\x00"))},
		"string empty":       {Type: xdr.ScValTypeScvString, Str: ptr(xdr.ScString(""))},
		"symbol":             sym("transfer"),
		"vec":                vec(u32(1), sym("x"), vec()),
		"vec empty":          vec(),
		"vec absent":         {Type: xdr.ScValTypeScvVec, Vec: ptr[*xdr.ScVec](nil)},
		"map in order":       {Type: xdr.ScValTypeScvMap, Map: ptr(&m)},
		"map empty":          {Type: xdr.ScValTypeScvMap, Map: ptr(&emptyMap)},
		"map absent":         {Type: xdr.ScValTypeScvMap, Map: ptr[*xdr.ScMap](nil)},
		"address account":    {Type: xdr.ScValTypeScvAddress, Address: &xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeAccount, AccountId: &acct}},
		"address contract":   {Type: xdr.ScValTypeScvAddress, Address: &contract},
		"address muxed":      {Type: xdr.ScValTypeScvAddress, Address: &muxed},
		"address balance":    {Type: xdr.ScValTypeScvAddress, Address: &cb},
		"address pool":       {Type: xdr.ScValTypeScvAddress, Address: &pool},
		"instance wasm":      {Type: xdr.ScValTypeScvContractInstance, Instance: &xdr.ScContractInstance{Executable: xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableWasm, WasmHash: &xdr.Hash{0xab}}, Storage: &m}},
		"instance asset":     {Type: xdr.ScValTypeScvContractInstance, Instance: &xdr.ScContractInstance{Executable: xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableStellarAsset}}},
		"instance empty":     {Type: xdr.ScValTypeScvContractInstance, Instance: &xdr.ScContractInstance{Executable: xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableStellarAsset}, Storage: &emptyMap}},
		"instance ext ref":   {Type: xdr.ScValTypeScvContractInstance, Instance: &xdr.ScContractInstance{Executable: xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableExternalRef, ExternalRef: &xdr.ContractExecutableExternalRef{ExecutableOwner: contract, Tag: "v1"}}}},
		"key instance":       {Type: xdr.ScValTypeScvLedgerKeyContractInstance},
		"key nonce":          {Type: xdr.ScValTypeScvLedgerKeyNonce, NonceKey: &xdr.ScNonceKey{Nonce: math.MinInt64}},
		"executable tag":     {Type: xdr.ScValTypeScvExecutableTag, ExecutableTag: ptr(xdr.ScString("tag"))},
		"executable tag bad": {Type: xdr.ScValTypeScvExecutableTag, ExecutableTag: ptr(xdr.ScString("\xc3"))},
	}
}

// roundTrip checks that v survives conversion, JSON and msgpack, and conversion back,
// byte for byte in XDR.
func roundTrip(t *testing.T, name string, v xdr.ScVal) {
	t.Helper()
	want, err := v.MarshalBinary()
	if err != nil {
		t.Fatalf("%s: marshal: %v", name, err)
	}
	conv, err := ConvertScVal(v)
	if err != nil {
		t.Fatalf("%s: convert: %v", name, err)
	}
	js, err := json.Marshal(conv)
	if err != nil {
		t.Fatalf("%s: json: %v", name, err)
	}
	var fromJSON schemas.ScVal
	if err := json.Unmarshal(js, &fromJSON); err != nil {
		t.Fatalf("%s: json decode %s: %v", name, js, err)
	}
	mp, err := schemas.Marshal(conv)
	if err != nil {
		t.Fatalf("%s: msgpack: %v", name, err)
	}
	var fromMsgpack schemas.ScVal
	if err := schemas.Unmarshal(mp, &fromMsgpack); err != nil {
		t.Fatalf("%s: msgpack decode: %v", name, err)
	}
	for form, sv := range map[string]schemas.ScVal{"direct": conv, "json": fromJSON, "msgpack": fromMsgpack} {
		back, err := ScValToXDR(sv)
		if err != nil {
			t.Fatalf("%s (%s): back to xdr: %v (json %s)", name, form, err, js)
		}
		got, err := back.MarshalBinary()
		if err != nil {
			t.Fatalf("%s (%s): marshal back: %v", name, form, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("%s (%s): not the same value after the round trip; json %s", name, form, js)
		}
	}
}

// TestScValRoundTripEveryType asserts that every ScVal type, at the edges of its range,
// converts to the JSON form and back (through JSON and through msgpack) to the same XDR.
func TestScValRoundTripEveryType(t *testing.T) {
	t.Parallel()
	for name, v := range everyScVal() {
		roundTrip(t, name, v)
	}
}

// TestScValJSONForm asserts the documented JSON form of representative values.
func TestScValJSONForm(t *testing.T) {
	t.Parallel()
	vals := everyScVal()
	cases := map[string]string{
		"bool false":       `{"type":"bool","value":false}`,
		"void":             `{"type":"void"}`,
		"host error":       `{"type":"error","value":{"type":"auth","code":"invalid_action"}}`,
		"contract error":   `{"type":"error","value":{"type":"contract"}}`,
		"u32 zero":         `{"type":"u32","value":0}`,
		"u64 max":          `{"type":"u64","value":"18446744073709551615"}`,
		"i128 min":         `{"type":"i128","value":"-170141183460469231731687303715884105728"}`,
		"i128 -1":          `{"type":"i128","value":"-1"}`,
		"i256 -5":          `{"type":"i256","value":"-5"}`,
		"bytes":            `{"type":"bytes","value":"00ff10"}`,
		"string not utf8":  `{"type":"string","hex":"61ff6200"}`,
		"vec empty":        `{"type":"vec","value":[]}`,
		"vec absent":       `{"type":"vec"}`,
		"map in order":     `{"type":"map","value":[{"key":{"type":"symbol","value":"b"},"value":{"type":"u32","value":2}},{"key":{"type":"symbol","value":"a"},"value":{"type":"vec","value":[]}}]}`,
		"address contract": `{"type":"address","value":"CDFAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA7XZ"}`,
		"instance asset":   `{"type":"contract_instance","value":{"executable":"stellar_asset"}}`,
		"key nonce":        `{"type":"ledger_key_nonce","value":"-9223372036854775808"}`,
	}
	for name, want := range cases {
		conv, err := ConvertScVal(vals[name])
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(conv)
		if name == "address contract" {
			// The strkey itself is checked by the round trip; here only its shape.
			var m map[string]any
			_ = json.Unmarshal(got, &m)
			if s, _ := m["value"].(string); len(s) != 56 || s[0] != 'C' {
				t.Errorf("%s: %s", name, got)
			}
			continue
		}
		if string(got) != want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

// TestScValRoundTripRealLedgers asserts the round trip for every value in the real
// ledgers: arguments, return values and the topics and data of every event.
func TestScValRoundTripRealLedgers(t *testing.T) {
	t.Parallel()
	for _, f := range []struct{ file, pass string }{{fixtureMainnet, mainnetPassphrase}, {fixtureV23, loadTestPassphrase}, {fixtureV22, loadTestPassphrase}} {
		b := openFixture(t, f.file)
		n := 0
		seqs := b.Sequences()
		for _, seq := range seqs[:min(2, len(seqs))] {
			lcm, err := b.GetLedger(context.Background(), seq)
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range lcm.TransactionEnvelopes() {
				for _, op := range tx.Operations() {
					if ih, ok := op.Body.GetInvokeHostFunctionOp(); ok && ih.HostFunction.InvokeContract != nil {
						for _, a := range ih.HostFunction.InvokeContract.Args {
							roundTrip(t, "argument", a)
							n++
						}
					}
				}
			}
			for i := 0; i < lcm.CountTransactions() && n < 5000; i++ {
				meta := lcm.TxApplyProcessing(i)
				diag, _ := meta.GetDiagnosticEvents()
				for _, d := range diag {
					for _, tp := range d.Event.Body.V0.Topics {
						roundTrip(t, "topic", tp)
					}
					roundTrip(t, "data", d.Event.Body.V0.Data)
					n++
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no values", f.file)
		}
	}
}

// TestKnownScValTypesMatchSDK asserts that the type names cover exactly the SDK's
// ScValType enum, so that the raw paths refuse the same types decoding refuses.
func TestKnownScValTypesMatchSDK(t *testing.T) {
	t.Parallel()
	for n := int32(-2); n < 300; n++ {
		ty := xdr.ScValType(n)
		if knownScValType(ty) != ty.ValidEnum(n) {
			t.Errorf("type %d: known %v, SDK valid %v", n, knownScValType(ty), ty.ValidEnum(n))
		}
	}
	for _, d := range []xdr.ContractDataDurability{-1, 0, 1, 2} {
		if raw := d == xdr.ContractDataDurabilityTemporary || d == xdr.ContractDataDurabilityPersistent; raw != d.ValidEnum(int32(d)) {
			t.Errorf("durability %d: %v, SDK valid %v", d, raw, d.ValidEnum(int32(d)))
		}
	}
}

// TestStrkeyCache asserts that the converter's strkey caches give strkey.Encode's
// answer for every payload, including payloads sharing a slot of the direct-mapped
// cache and the same payload under another version byte, seen once or many times.
func TestStrkeyCache(t *testing.T) {
	t.Parallel()
	var c converter
	var keys [][32]byte
	for i := 0; i < 600; i++ {
		var k [32]byte
		k[0], k[1], k[2] = byte(i), byte(i>>8), byte(i*7)
		keys = append(keys, k)
	}
	for round := 0; round < 3; round++ {
		for _, k := range keys {
			for _, v := range []strkey.VersionByte{strkey.VersionByteAccountID, strkey.VersionByteContract} {
				want, err := strkey.Encode(v, k[:])
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.strkeyBoxed(v, k)
				if err != nil || got.s != want || got.v != any(want) {
					t.Fatalf("%x version %d: %q (%v), want %q", k[:3], v, got.s, err, want)
				}
			}
		}
	}
}
