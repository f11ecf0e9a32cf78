package stellar

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/stellar/go-stellar-sdk/network"
	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// Synthetic ledgers: built here, in test code, for the cases the real fixtures do not
// hold (contract creation, Wasm upload, restoration, TTL extension, failures). Everything
// about them is made up except the XDR types, which are the SDK's.

const synthPassphrase = network.TestNetworkPassphrase

var (
	synthSource = xdr.MustAddress("GC2M2UTZ57GSENZBTPMLPB6QSAL2USIPHMXSUCT2I3V24GYWF3EI6RFA")
	synthOther  = xdr.MustAddress("GCASRHQ4B43DUR3COEV7LKGRYIIGUHAIWWAOUSOI5EXAQRLYLAK3VDE2")
)

// synthTx is one synthetic transaction with a single operation.
type synthTx struct {
	op        xdr.Operation
	footprint xdr.LedgerFootprint
	// changes are the operation's ledger entry changes, as stellar-core writes them
	// (STATE before UPDATED and REMOVED).
	changes  xdr.LedgerEntryChanges
	events   []xdr.ContractEvent
	diag     []xdr.DiagnosticEvent
	ret      *xdr.ScVal
	failCode *xdr.InvokeHostFunctionResultCode
}

func contractAddr(id xdr.ContractId) xdr.ScAddress {
	return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeContract, ContractId: &id}
}

func accountAddr(a xdr.AccountId) xdr.ScAddress {
	return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeAccount, AccountId: &a}
}

func scAddr(a xdr.ScAddress) xdr.ScVal { return xdr.ScVal{Type: xdr.ScValTypeScvAddress, Address: &a} }
func scU32(n uint32) xdr.ScVal         { return xdr.ScVal{Type: xdr.ScValTypeScvU32, U32: ptr(xdr.Uint32(n))} }
func scSym(s string) xdr.ScVal {
	return xdr.ScVal{Type: xdr.ScValTypeScvSymbol, Sym: ptr(xdr.ScSymbol(s))}
}

func dataKey(contract xdr.ContractId, key xdr.ScVal, d xdr.ContractDataDurability) xdr.LedgerKey {
	return xdr.LedgerKey{Type: xdr.LedgerEntryTypeContractData,
		ContractData: &xdr.LedgerKeyContractData{Contract: contractAddr(contract), Key: key, Durability: d}}
}

func dataEntry(contract xdr.ContractId, key, val xdr.ScVal, d xdr.ContractDataDurability) xdr.LedgerEntry {
	return xdr.LedgerEntry{Data: xdr.LedgerEntryData{Type: xdr.LedgerEntryTypeContractData,
		ContractData: &xdr.ContractDataEntry{Contract: contractAddr(contract), Key: key, Durability: d, Val: val}}}
}

func ttlEntry(t *testing.T, key xdr.LedgerKey, liveUntil uint32) xdr.LedgerEntry {
	t.Helper()
	h, err := (&ledgerExtraction{}).keyHash(&key)
	if err != nil {
		t.Fatal(err)
	}
	return xdr.LedgerEntry{Data: xdr.LedgerEntryData{Type: xdr.LedgerEntryTypeTtl,
		Ttl: &xdr.TtlEntry{KeyHash: h, LiveUntilLedgerSeq: xdr.Uint32(liveUntil)}}}
}

func created(e xdr.LedgerEntry) xdr.LedgerEntryChange {
	return xdr.LedgerEntryChange{Type: xdr.LedgerEntryChangeTypeLedgerEntryCreated, Created: &e}
}
func state(e xdr.LedgerEntry) xdr.LedgerEntryChange {
	return xdr.LedgerEntryChange{Type: xdr.LedgerEntryChangeTypeLedgerEntryState, State: &e}
}
func updated(e xdr.LedgerEntry) xdr.LedgerEntryChange {
	return xdr.LedgerEntryChange{Type: xdr.LedgerEntryChangeTypeLedgerEntryUpdated, Updated: &e}
}
func restored(e xdr.LedgerEntry) xdr.LedgerEntryChange {
	return xdr.LedgerEntryChange{Type: xdr.LedgerEntryChangeTypeLedgerEntryRestored, Restored: &e}
}

func invokeOp(hf xdr.HostFunction, auth ...xdr.SorobanAuthorizationEntry) xdr.Operation {
	return xdr.Operation{Body: xdr.OperationBody{Type: xdr.OperationTypeInvokeHostFunction,
		InvokeHostFunctionOp: &xdr.InvokeHostFunctionOp{HostFunction: hf, Auth: auth}}}
}

// syntheticLedger builds a LedgerCloseMeta: V1 with TxMeta V3 below protocol 23, V2 with
// TxMeta V4 from protocol 23.
func syntheticLedger(t *testing.T, seq, protocol uint32, txs ...synthTx) xdr.LedgerCloseMeta {
	t.Helper()
	var (
		envs []xdr.TransactionEnvelope
		v1   []xdr.TransactionResultMeta
		v2   []xdr.TransactionResultMetaV1
	)
	for i, stx := range txs {
		env := xdr.TransactionEnvelope{Type: xdr.EnvelopeTypeEnvelopeTypeTx, V1: &xdr.TransactionV1Envelope{Tx: xdr.Transaction{
			SourceAccount: synthSource.ToMuxedAccount(),
			Fee:           1000,
			SeqNum:        xdr.SequenceNumber(i + 1),
			Cond:          xdr.Preconditions{Type: xdr.PreconditionTypePrecondNone},
			Memo:          xdr.Memo{Type: xdr.MemoTypeMemoNone},
			Operations:    []xdr.Operation{stx.op},
			Ext: xdr.TransactionExt{V: 1, SorobanData: &xdr.SorobanTransactionData{
				Resources: xdr.SorobanResources{Footprint: stx.footprint}, ResourceFee: 500}},
		}}}
		hash, err := network.HashTransactionInEnvelope(env, synthPassphrase)
		if err != nil {
			t.Fatal(err)
		}
		envs = append(envs, env)
		opRes := xdr.OperationResultTr{Type: stx.op.Body.Type}
		txCode := xdr.TransactionResultCodeTxSuccess
		switch stx.op.Body.Type {
		case xdr.OperationTypeInvokeHostFunction:
			r := xdr.InvokeHostFunctionResult{Code: xdr.InvokeHostFunctionResultCodeInvokeHostFunctionSuccess, Success: &xdr.Hash{}}
			if stx.failCode != nil {
				r = xdr.InvokeHostFunctionResult{Code: *stx.failCode}
				txCode = xdr.TransactionResultCodeTxFailed
			}
			opRes.InvokeHostFunctionResult = &r
		case xdr.OperationTypeRestoreFootprint:
			opRes.RestoreFootprintResult = &xdr.RestoreFootprintResult{Code: xdr.RestoreFootprintResultCodeRestoreFootprintSuccess}
		case xdr.OperationTypeExtendFootprintTtl:
			opRes.ExtendFootprintTtlResult = &xdr.ExtendFootprintTtlResult{Code: xdr.ExtendFootprintTtlResultCodeExtendFootprintTtlSuccess}
		case xdr.OperationTypePayment:
			opRes.PaymentResult = &xdr.PaymentResult{Code: xdr.PaymentResultCodePaymentSuccess}
		}
		results := []xdr.OperationResult{{Code: xdr.OperationResultCodeOpInner, Tr: &opRes}}
		pair := xdr.TransactionResultPair{TransactionHash: hash, Result: xdr.TransactionResult{
			FeeCharged: 777, Result: xdr.TransactionResultResult{Code: txCode, Results: &results}}}
		var meta xdr.TransactionMeta
		if protocol >= 23 {
			meta = xdr.TransactionMeta{V: 4, V4: &xdr.TransactionMetaV4{
				Operations:       []xdr.OperationMetaV2{{Changes: stx.changes, Events: stx.events}},
				SorobanMeta:      &xdr.SorobanTransactionMetaV2{ReturnValue: stx.ret},
				DiagnosticEvents: stx.diag,
			}}
			v2 = append(v2, xdr.TransactionResultMetaV1{Result: pair, TxApplyProcessing: meta})
		} else {
			ret := xdr.ScVal{Type: xdr.ScValTypeScvVoid}
			if stx.ret != nil {
				ret = *stx.ret
			}
			meta = xdr.TransactionMeta{V: 3, V3: &xdr.TransactionMetaV3{
				Operations:  []xdr.OperationMeta{{Changes: stx.changes}},
				SorobanMeta: &xdr.SorobanTransactionMeta{Events: stx.events, ReturnValue: ret, DiagnosticEvents: stx.diag},
			}}
			v1 = append(v1, xdr.TransactionResultMeta{Result: pair, TxApplyProcessing: meta})
		}
	}
	header := xdr.LedgerHeaderHistoryEntry{Header: xdr.LedgerHeader{
		LedgerVersion: xdr.Uint32(protocol), LedgerSeq: xdr.Uint32(seq),
		ScpValue: xdr.StellarValue{CloseTime: 1_750_000_000}}}
	txSet := xdr.GeneralizedTransactionSet{V: 1, V1TxSet: &xdr.TransactionSetV1{Phases: []xdr.TransactionPhase{{
		V: 0, V0Components: &[]xdr.TxSetComponent{{Type: xdr.TxSetComponentTypeTxsetCompTxsMaybeDiscountedFee,
			TxsMaybeDiscountedFee: &xdr.TxSetComponentTxsMaybeDiscountedFee{Txs: envs}}}}}}}
	lcm := xdr.LedgerCloseMeta{V: 1, V1: &xdr.LedgerCloseMetaV1{LedgerHeader: header, TxSet: txSet, TxProcessing: v1}}
	if protocol >= 23 {
		lcm = xdr.LedgerCloseMeta{V: 2, V2: &xdr.LedgerCloseMetaV2{LedgerHeader: header, TxSet: txSet, TxProcessing: v2}}
	}
	// Through the wire and back, as a source would hand it over.
	raw, err := lcm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeLedger(raw)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func extractOne(t *testing.T, lcm xdr.LedgerCloseMeta) schemas.Invocation {
	t.Helper()
	ex, err := NewExtractor(ExtractorConfig{Passphrase: synthPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	invs, err := ex.Ledger(lcm)
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 1 {
		t.Fatalf("%d invocations, want 1", len(invs))
	}
	assertEncodingMatchesMarshal(t, &invs[0])
	raw, err := lcm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	assertRawMatches(t, ex, raw)
	return invs[0]
}

func strkeyContract(t *testing.T, id [32]byte) string {
	t.Helper()
	s, err := strkey.Encode(strkey.VersionByteContract, id[:])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSyntheticContractCreation asserts contract creation, v1 and v2: the contract id is
// derived from the preimage and the network id (checked against the SDK's own
// derivation for an asset, and against the host's result), with the creator, salt, Wasm
// hash or asset, and v2's constructor arguments; a result naming another contract is an
// ErrContractIDMismatch.
func TestSyntheticContractCreation(t *testing.T) {
	t.Parallel()
	wasmHash := xdr.Hash(sha256.Sum256([]byte("synthetic wasm")))
	salt := xdr.Uint256{7, 7, 7}
	fromAddr := xdr.ContractIdPreimage{Type: xdr.ContractIdPreimageTypeContractIdPreimageFromAddress,
		FromAddress: &xdr.ContractIdPreimageFromAddress{Address: accountAddr(synthOther), Salt: salt}}
	usdc := xdr.MustNewCreditAsset("USDC", synthOther.Address())
	fromAsset := xdr.ContractIdPreimage{Type: xdr.ContractIdPreimageTypeContractIdPreimageFromAsset, FromAsset: &usdc}
	wasmExe := xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableWasm, WasmHash: &wasmHash}
	sacExe := xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableStellarAsset}
	sdkAssetID, err := usdc.ContractID(synthPassphrase)
	if err != nil {
		t.Fatal(err)
	}
	addrID, err := ContractID(network.ID(synthPassphrase), fromAddr)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		protocol  uint32
		hf        xdr.HostFunction
		resultID  xdr.ContractId
		wantID    [32]byte
		check     func(t *testing.T, inv schemas.Invocation)
		wantError error
	}{
		{
			name: "v1 from address, wasm, protocol 22", protocol: 22,
			hf: xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeCreateContract,
				CreateContract: &xdr.CreateContractArgs{ContractIdPreimage: fromAddr, Executable: wasmExe}},
			resultID: addrID, wantID: addrID,
			check: func(t *testing.T, inv schemas.Invocation) {
				c := inv.Creation
				if c.Version != 1 || c.Preimage != "address" || c.Creator != synthOther.Address() ||
					c.Salt != hex.EncodeToString(salt[:]) || c.Executable != "wasm" || c.WasmHash != hex.EncodeToString(wasmHash[:]) {
					t.Errorf("creation %+v", c)
				}
				if len(inv.Arguments) != 0 {
					t.Errorf("arguments %v", inv.Arguments)
				}
			},
		},
		{
			name: "v1 from asset, protocol 23", protocol: 23,
			hf: xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeCreateContract,
				CreateContract: &xdr.CreateContractArgs{ContractIdPreimage: fromAsset, Executable: sacExe}},
			resultID: sdkAssetID, wantID: sdkAssetID,
			check: func(t *testing.T, inv schemas.Invocation) {
				c := inv.Creation
				if c.Preimage != "asset" || c.Asset != "USDC:"+synthOther.Address() || c.Executable != "stellar_asset" {
					t.Errorf("creation %+v", c)
				}
			},
		},
		{
			name: "v2 with constructor arguments, protocol 23", protocol: 23,
			hf: xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeCreateContractV2,
				CreateContractV2: &xdr.CreateContractArgsV2{ContractIdPreimage: fromAddr, Executable: wasmExe,
					ConstructorArgs: []xdr.ScVal{scU32(7), scSym("init")}}},
			resultID: addrID, wantID: addrID,
			check: func(t *testing.T, inv schemas.Invocation) {
				if inv.Creation.Version != 2 || len(inv.Arguments) != 2 || inv.Arguments[0].Value != uint32(7) ||
					inv.Arguments[1].Value != "init" {
					t.Errorf("creation %+v arguments %+v", inv.Creation, inv.Arguments)
				}
			},
		},
		{
			name: "result names another contract", protocol: 22,
			hf: xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeCreateContract,
				CreateContract: &xdr.CreateContractArgs{ContractIdPreimage: fromAddr, Executable: wasmExe}},
			resultID: xdr.ContractId{1}, wantError: ErrContractIDMismatch,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ret := scAddr(contractAddr(tc.resultID))
			instanceKey := xdr.ScVal{Type: xdr.ScValTypeScvLedgerKeyContractInstance}
			instance := xdr.ScVal{Type: xdr.ScValTypeScvContractInstance, Instance: &xdr.ScContractInstance{Executable: wasmExe}}
			lcm := syntheticLedger(t, 1000, tc.protocol, synthTx{
				op:  invokeOp(tc.hf),
				ret: &ret,
				changes: xdr.LedgerEntryChanges{
					created(dataEntry(tc.resultID, instanceKey, instance, xdr.ContractDataDurabilityPersistent)),
					created(ttlEntry(t, dataKey(tc.resultID, instanceKey, xdr.ContractDataDurabilityPersistent), 5000)),
				},
			})
			if tc.wantError != nil {
				ex, _ := NewExtractor(ExtractorConfig{Passphrase: synthPassphrase})
				_, err := ex.Ledger(lcm)
				var le *LedgerError
				if !errors.Is(err, tc.wantError) || !errors.As(err, &le) || le.Ledger != 1000 {
					t.Fatalf("err %v, want %v naming ledger 1000", err, tc.wantError)
				}
				return
			}
			inv := extractOne(t, lcm)
			want := strkeyContract(t, tc.wantID)
			if inv.Kind != schemas.KindCreate || inv.ContractID != want || inv.Creation == nil || inv.Creation.ContractID != want {
				t.Fatalf("kind %s contract %s creation %+v, want %s", inv.Kind, inv.ContractID, inv.Creation, want)
			}
			if inv.Network != "testnet" || inv.InvokingAccount != synthSource.Address() || !inv.Successful {
				t.Errorf("network %s account %s successful %v", inv.Network, inv.InvokingAccount, inv.Successful)
			}
			if len(inv.StateChanges) != 1 || inv.StateChanges[0].Change != "created" || inv.StateChanges[0].ContractID != want ||
				inv.StateChanges[0].New == nil || inv.StateChanges[0].New.Type != schemas.ScContractInstance {
				t.Errorf("state changes %+v", inv.StateChanges)
			}
			if len(inv.TTLExtensions) != 1 || inv.TTLExtensions[0].NewLiveUntil != 5000 || inv.TTLExtensions[0].OldLiveUntil != 0 {
				t.Errorf("ttl %+v", inv.TTLExtensions)
			}
			tc.check(t, inv)
		})
	}
}

// TestSyntheticWasmUpload asserts a Wasm upload: its SHA-256 and size, and the code entry
// it creates.
func TestSyntheticWasmUpload(t *testing.T) {
	t.Parallel()
	wasm := []byte("\x00asm\x01\x00\x00\x00 synthetic module")
	sum := sha256.Sum256(wasm)
	codeKey := xdr.LedgerKey{Type: xdr.LedgerEntryTypeContractCode, ContractCode: &xdr.LedgerKeyContractCode{Hash: sum}}
	code := xdr.LedgerEntry{Data: xdr.LedgerEntryData{Type: xdr.LedgerEntryTypeContractCode,
		ContractCode: &xdr.ContractCodeEntry{Hash: sum, Code: wasm}}}
	ret := xdr.ScVal{Type: xdr.ScValTypeScvBytes, Bytes: ptr(xdr.ScBytes(sum[:]))}
	for _, protocol := range []uint32{22, 23} {
		lcm := syntheticLedger(t, 2000, protocol, synthTx{
			op:        invokeOp(xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeUploadContractWasm, Wasm: &wasm}),
			footprint: xdr.LedgerFootprint{ReadWrite: []xdr.LedgerKey{codeKey}},
			ret:       &ret,
			changes:   xdr.LedgerEntryChanges{created(code), created(ttlEntry(t, codeKey, 9000))},
		})
		inv := extractOne(t, lcm)
		if inv.Kind != schemas.KindUpload || inv.Upload == nil || inv.Upload.WasmHash != hex.EncodeToString(sum[:]) ||
			inv.Upload.Size != len(wasm) || inv.ContractID != "" {
			t.Fatalf("protocol %d: %+v upload %+v", protocol, inv, inv.Upload)
		}
		sc := inv.StateChanges
		if len(sc) != 1 || sc[0].EntryType != "contract_code" || sc[0].NewSize != len(wasm) || sc[0].WasmHash != inv.Upload.WasmHash {
			t.Errorf("protocol %d: state changes %+v", protocol, sc)
		}
		if len(inv.TTLExtensions) != 1 || inv.TTLExtensions[0].WasmHash != inv.Upload.WasmHash {
			t.Errorf("protocol %d: ttl %+v", protocol, inv.TTLExtensions)
		}
	}
}

// TestSyntheticRestorationAndTTL asserts archive restorations and TTL extensions: a
// protocol 23 invocation restoring an entry automatically (RESTORED changes), a
// RestoreFootprint before protocol 23 (an expired TTL extended) and in protocol 23
// (RESTORED changes), and an ExtendFootprintTTL, each naming the entry from the footprint
// with old and new live-until ledgers.
func TestSyntheticRestorationAndTTL(t *testing.T) {
	t.Parallel()
	contract := xdr.ContractId{0xc0, 0xde}
	balKey := xdr.ScVal{Type: xdr.ScValTypeScvVec, Vec: ptr(&xdr.ScVec{scSym("Balance"), scAddr(accountAddr(synthOther))})}
	key := dataKey(contract, balKey, xdr.ContractDataDurabilityPersistent)
	old := dataEntry(contract, balKey, scU32(1), xdr.ContractDataDurabilityPersistent)
	newer := dataEntry(contract, balKey, scU32(2), xdr.ContractDataDurabilityPersistent)
	fp := xdr.LedgerFootprint{ReadWrite: []xdr.LedgerKey{key}}
	const seq = 3000
	call := invokeOp(xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeInvokeContract,
		InvokeContract: &xdr.InvokeContractArgs{ContractAddress: contractAddr(contract), FunctionName: "bump", Args: []xdr.ScVal{}}})
	restoreOp := xdr.Operation{Body: xdr.OperationBody{Type: xdr.OperationTypeRestoreFootprint, RestoreFootprintOp: &xdr.RestoreFootprintOp{}}}
	extendOp := xdr.Operation{Body: xdr.OperationBody{Type: xdr.OperationTypeExtendFootprintTtl, ExtendFootprintTtlOp: &xdr.ExtendFootprintTtlOp{ExtendTo: 100}}}
	type want struct {
		kind        string
		restoration string // source, "" for none
		liveUntil   uint32
		ttl         [][2]uint32 // old, new
		changes     []string
	}
	cases := []struct {
		name     string
		protocol uint32
		tx       synthTx
		want     want
	}{
		{"protocol 23 invocation restores automatically", 23, synthTx{op: call, footprint: fp, changes: xdr.LedgerEntryChanges{
			restored(old), updated(newer), restored(ttlEntry(t, key, seq+100)), updated(ttlEntry(t, key, seq+500)),
		}}, want{schemas.KindCall, restoreByInvocation, seq + 100, [][2]uint32{{seq + 100, seq + 500}}, []string{"restored", "updated"}}},
		{"RestoreFootprint before protocol 23", 22, synthTx{op: restoreOp, footprint: fp, changes: xdr.LedgerEntryChanges{
			state(ttlEntry(t, key, seq-10)), updated(ttlEntry(t, key, seq+4000)),
		}}, want{schemas.KindRestore, restoreByOperation, seq + 4000, [][2]uint32{{seq - 10, seq + 4000}}, nil}},
		{"RestoreFootprint in protocol 23", 23, synthTx{op: restoreOp, footprint: fp, changes: xdr.LedgerEntryChanges{
			restored(old), restored(ttlEntry(t, key, seq+4000)),
		}}, want{schemas.KindRestore, restoreByOperation, seq + 4000, nil, []string{"restored"}}},
		{"ExtendFootprintTTL", 23, synthTx{op: extendOp, footprint: xdr.LedgerFootprint{ReadOnly: []xdr.LedgerKey{key}}, changes: xdr.LedgerEntryChanges{
			state(ttlEntry(t, key, seq+5)), updated(ttlEntry(t, key, seq+100)),
		}}, want{schemas.KindExtend, "", 0, [][2]uint32{{seq + 5, seq + 100}}, nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv := extractOne(t, syntheticLedger(t, seq, tc.protocol, tc.tx))
			if inv.Kind != tc.want.kind || !inv.Successful {
				t.Fatalf("kind %s successful %v", inv.Kind, inv.Successful)
			}
			var changes []string
			for _, c := range inv.StateChanges {
				changes = append(changes, c.Change)
				if c.ContractID != strkeyContract(t, contract) || c.Key == nil || c.Durability != "persistent" {
					t.Errorf("state change %+v", c)
				}
			}
			if len(changes) != len(tc.want.changes) || (len(changes) > 0 && changes[len(changes)-1] != tc.want.changes[len(changes)-1]) {
				t.Errorf("changes %v, want %v", changes, tc.want.changes)
			}
			if tc.want.restoration == "" {
				if len(inv.ArchiveRestorations) != 0 {
					t.Errorf("restorations %+v", inv.ArchiveRestorations)
				}
			} else {
				r := inv.ArchiveRestorations
				if len(r) != 1 || r[0].Source != tc.want.restoration || r[0].LiveUntil != tc.want.liveUntil ||
					r[0].EntryType != "contract_data" || r[0].ContractID != strkeyContract(t, contract) || r[0].Key == nil {
					t.Errorf("restorations %+v, want source %s live until %d", r, tc.want.restoration, tc.want.liveUntil)
				}
			}
			if len(inv.TTLExtensions) != len(tc.want.ttl) {
				t.Fatalf("ttl %+v, want %v", inv.TTLExtensions, tc.want.ttl)
			}
			for i, e := range inv.TTLExtensions {
				if e.OldLiveUntil != tc.want.ttl[i][0] || e.NewLiveUntil != tc.want.ttl[i][1] ||
					e.ContractID != strkeyContract(t, contract) || e.Key == nil || e.KeyHash == "" {
					t.Errorf("ttl %d: %+v, want %v", i, e, tc.want.ttl[i])
				}
			}
		})
	}
}

// TestSyntheticCallDetails asserts a failed call (result code, no return value), a
// muxed operation source, and an authorization tree two levels deep flattened in
// pre-order with depths, beside contract events carrying their contract ids in V3 and V4.
func TestSyntheticCallDetails(t *testing.T) {
	t.Parallel()
	contract := xdr.ContractId{0xaa}
	token := xdr.ContractId{0xbb}
	fn := func(c xdr.ContractId, name string, subs ...xdr.SorobanAuthorizedInvocation) xdr.SorobanAuthorizedInvocation {
		return xdr.SorobanAuthorizedInvocation{Function: xdr.SorobanAuthorizedFunction{
			Type:       xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeContractFn,
			ContractFn: &xdr.InvokeContractArgs{ContractAddress: contractAddr(c), FunctionName: xdr.ScSymbol(name), Args: []xdr.ScVal{scU32(1)}},
		}, SubInvocations: subs}
	}
	auth := xdr.SorobanAuthorizationEntry{
		Credentials: xdr.SorobanCredentials{Type: xdr.SorobanCredentialsTypeSorobanCredentialsAddress,
			Address: &xdr.SorobanAddressCredentials{Address: accountAddr(synthOther), Nonce: -5, SignatureExpirationLedger: 4242,
				Signature: xdr.ScVal{Type: xdr.ScValTypeScvVoid}}},
		RootInvocation: fn(contract, "swap", fn(token, "transfer", fn(token, "inner")), fn(token, "approve")),
	}
	op := invokeOp(xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeInvokeContract,
		InvokeContract: &xdr.InvokeContractArgs{ContractAddress: contractAddr(contract), FunctionName: "swap", Args: []xdr.ScVal{scU32(9)}}}, auth)
	muxed := xdr.MuxedAccount{Type: xdr.CryptoKeyTypeKeyTypeMuxedEd25519,
		Med25519: &xdr.MuxedAccountMed25519{Id: 12345, Ed25519: *synthOther.Ed25519}}
	op.SourceAccount = &muxed
	ev := xdr.ContractEvent{ContractId: &token, Type: xdr.ContractEventTypeContract,
		Body: xdr.ContractEventBody{V: 0, V0: &xdr.ContractEventV0{Topics: []xdr.ScVal{scSym("transfer")}, Data: scU32(5)}}}
	ret := scU32(1)
	trapped := xdr.InvokeHostFunctionResultCodeInvokeHostFunctionTrapped
	for _, protocol := range []uint32{22, 23} {
		for _, fail := range []bool{false, true} {
			tx := synthTx{op: op, ret: &ret, events: []xdr.ContractEvent{ev},
				diag: []xdr.DiagnosticEvent{{InSuccessfulContractCall: !fail, Event: ev}}}
			if fail {
				tx.failCode, tx.events, tx.ret = &trapped, nil, nil
			}
			inv := extractOne(t, syntheticLedger(t, 4000, protocol, tx))
			if inv.InvokingAccount != synthOther.Address() || inv.InvokingAccountMuxed != muxed.Address() {
				t.Errorf("invoking %s %s", inv.InvokingAccount, inv.InvokingAccountMuxed)
			}
			if fail {
				if inv.Successful || inv.ResultCode != "trapped" || inv.ReturnValue != nil || len(inv.ContractEvents) != 0 {
					t.Errorf("protocol %d failed call: successful %v code %s return %v events %d",
						protocol, inv.Successful, inv.ResultCode, inv.ReturnValue, len(inv.ContractEvents))
				}
			} else {
				if !inv.Successful || inv.ResultCode != "success" || inv.ReturnValue == nil || inv.ReturnValue.Value != uint32(1) {
					t.Errorf("protocol %d: successful %v code %s return %v", protocol, inv.Successful, inv.ResultCode, inv.ReturnValue)
				}
				if len(inv.ContractEvents) != 1 || inv.ContractEvents[0].ContractID != strkeyContract(t, token) ||
					inv.ContractEvents[0].Topics[0].Value != "transfer" {
					t.Errorf("protocol %d: events %+v", protocol, inv.ContractEvents)
				}
			}
			if len(inv.DiagnosticEvents) != 1 || inv.DiagnosticEvents[0].InSuccessfulContractCall == fail {
				t.Errorf("protocol %d: diagnostic %+v", protocol, inv.DiagnosticEvents)
			}
			ae := inv.AuthEntries
			if len(ae) != 1 || ae[0].Credentials != "address" || ae[0].Address != synthOther.Address() || ae[0].Nonce != "-5" ||
				ae[0].SignatureExpirationLedger != 4242 || ae[0].RootInvocation.Function != "swap" || ae[0].RootInvocation.Depth != 0 {
				t.Errorf("auth %+v", ae)
			}
			var got []string
			for _, s := range inv.SubInvocations {
				got = append(got, s.Function+":"+string(rune('0'+s.Depth)))
			}
			if want := "transfer:1 inner:2 approve:1"; joinStrings(got) != want {
				t.Errorf("sub-invocations %v, want %s", got, want)
			}
		}
	}
}

func joinStrings(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// TestSyntheticAuthKinds asserts that every kind of authorization entry reaches the
// invocation the same way through the streamer's encoder (which reads source-account
// and address credentials with contract-function trees from their XDR and leaves the
// rest to the decoded operation) as through Ledger: source account, address and
// address V2 credentials, address credentials with delegates, contract creation roots,
// empty function names and several entries in one operation.
func TestSyntheticAuthKinds(t *testing.T) {
	t.Parallel()
	contract := xdr.ContractId{0xcc}
	call := func(name string, subs ...xdr.SorobanAuthorizedInvocation) xdr.SorobanAuthorizedInvocation {
		return xdr.SorobanAuthorizedInvocation{Function: xdr.SorobanAuthorizedFunction{
			Type:       xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeContractFn,
			ContractFn: &xdr.InvokeContractArgs{ContractAddress: contractAddr(contract), FunctionName: xdr.ScSymbol(name), Args: []xdr.ScVal{scU32(3), scSym(name)}},
		}, SubInvocations: subs}
	}
	addrCreds := &xdr.SorobanAddressCredentials{Address: accountAddr(synthOther), Nonce: 77, SignatureExpirationLedger: 0,
		Signature: xdr.ScVal{Type: xdr.ScValTypeScvVec, Vec: ptr(&xdr.ScVec{scU32(1), scSym("sig")})}}
	source := xdr.SorobanCredentials{Type: xdr.SorobanCredentialsTypeSorobanCredentialsSourceAccount}
	address := xdr.SorobanCredentials{Type: xdr.SorobanCredentialsTypeSorobanCredentialsAddress, Address: addrCreds}
	addressV2 := xdr.SorobanCredentials{Type: xdr.SorobanCredentialsTypeSorobanCredentialsAddressV2, AddressV2: addrCreds}
	delegates := xdr.SorobanCredentials{Type: xdr.SorobanCredentialsTypeSorobanCredentialsAddressWithDelegates,
		AddressWithDelegates: &xdr.SorobanAddressCredentialsWithDelegates{AddressCredentials: *addrCreds,
			Delegates: []xdr.SorobanDelegateSignature{{Address: accountAddr(synthSource), Signature: scU32(4)}}}}
	wasmHash := xdr.Hash{9}
	create := xdr.SorobanAuthorizedInvocation{Function: xdr.SorobanAuthorizedFunction{
		Type: xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeCreateContractHostFn,
		CreateContractHostFn: &xdr.CreateContractArgs{
			ContractIdPreimage: xdr.ContractIdPreimage{Type: xdr.ContractIdPreimageTypeContractIdPreimageFromAddress,
				FromAddress: &xdr.ContractIdPreimageFromAddress{Address: accountAddr(synthOther), Salt: xdr.Uint256{1}}},
			Executable: xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableWasm, WasmHash: &wasmHash}},
	}}
	for name, entries := range map[string][]xdr.SorobanAuthorizationEntry{
		"source and address": {{Credentials: source, RootInvocation: call("a", call("b"), call(""))},
			{Credentials: address, RootInvocation: call("c", call("d", call("e")))}},
		"address v2":        {{Credentials: addressV2, RootInvocation: call("f")}},
		"with delegates":    {{Credentials: address, RootInvocation: call("g")}, {Credentials: delegates, RootInvocation: call("h")}},
		"creation root":     {{Credentials: source, RootInvocation: create}},
		"creation below":    {{Credentials: address, RootInvocation: call("i", create)}},
		"no entries, empty": {},
	} {
		op := invokeOp(xdr.HostFunction{Type: xdr.HostFunctionTypeHostFunctionTypeInvokeContract,
			InvokeContract: &xdr.InvokeContractArgs{ContractAddress: contractAddr(contract), FunctionName: "run"}}, entries...)
		inv := extractOne(t, syntheticLedger(t, 5000, 23, synthTx{op: op}))
		if len(inv.AuthEntries) != len(entries) {
			t.Errorf("%s: %d auth entries, want %d", name, len(inv.AuthEntries), len(entries))
		}
	}
}

// TestSyntheticTTLNames asserts how a protocol 23 operation's TTL extensions name their
// entries through the transaction's footprint, which the streamer reads from its XDR:
// a contract code key, a contract data key (read-only or read-write), an entry the
// footprint does not hold (named by its key hash only), keys of other types in the
// footprint (skipped), a created TTL (old live-until 0) and a removed one (no extension).
// The raw and encoded paths must give what the decoded path gives (extractOne).
func TestSyntheticTTLNames(t *testing.T) {
	t.Parallel()
	contract := xdr.ContractId{0xc0, 0xde}
	code := xdr.LedgerKey{Type: xdr.LedgerEntryTypeContractCode, ContractCode: &xdr.LedgerKeyContractCode{Hash: xdr.Hash{7}}}
	data := dataKey(contract, scSym("Counter"), xdr.ContractDataDurabilityTemporary)
	absent := dataKey(contract, scSym("Absent"), xdr.ContractDataDurabilityPersistent)
	gone := dataKey(contract, scSym("Gone"), xdr.ContractDataDurabilityTemporary)
	account := xdr.LedgerKey{Type: xdr.LedgerEntryTypeAccount, Account: &xdr.LedgerKeyAccount{AccountId: synthOther}}
	goneTTL := ttlEntry(t, gone, 10)
	const seq = 4000
	for _, fp := range []xdr.LedgerFootprint{
		{ReadOnly: []xdr.LedgerKey{account, code}, ReadWrite: []xdr.LedgerKey{data, gone}},
		{ReadOnly: []xdr.LedgerKey{data, code, account}},
		{ReadWrite: []xdr.LedgerKey{code, account, data}},
	} {
		extend := xdr.Operation{Body: xdr.OperationBody{Type: xdr.OperationTypeExtendFootprintTtl, ExtendFootprintTtlOp: &xdr.ExtendFootprintTtlOp{ExtendTo: 100}}}
		inv := extractOne(t, syntheticLedger(t, seq, 23, synthTx{op: extend, footprint: fp, changes: xdr.LedgerEntryChanges{
			state(ttlEntry(t, code, seq+1)), updated(ttlEntry(t, code, seq+100)),
			created(ttlEntry(t, data, seq+50)),
			state(ttlEntry(t, absent, seq+2)), updated(ttlEntry(t, absent, seq+200)),
			state(goneTTL), {Type: xdr.LedgerEntryChangeTypeLedgerEntryRemoved, Removed: &xdr.LedgerKey{
				Type: xdr.LedgerEntryTypeTtl, Ttl: &xdr.LedgerKeyTtl{KeyHash: goneTTL.Data.Ttl.KeyHash}}},
		}}))
		got := map[string]schemas.TTLExtension{}
		for _, e := range inv.TTLExtensions {
			got[e.EntryType+":"+e.Durability] = e
		}
		if len(inv.TTLExtensions) != 3 || len(got) != 3 {
			t.Fatalf("ttl extensions %+v", inv.TTLExtensions)
		}
		if e := got["contract_code:persistent"]; e.WasmHash != hex.EncodeToString(code.ContractCode.Hash[:]) || e.OldLiveUntil != seq+1 || e.NewLiveUntil != seq+100 {
			t.Errorf("code: %+v", e)
		}
		if e := got["contract_data:temporary"]; e.ContractID != strkeyContract(t, contract) || e.Key == nil || e.OldLiveUntil != 0 || e.NewLiveUntil != seq+50 {
			t.Errorf("data: %+v", e)
		}
		if e, ok := got[":"]; !ok || e.KeyHash == "" || e.Key != nil || e.NewLiveUntil != seq+200 {
			t.Errorf("entry outside the footprint: %+v", e)
		}
	}
}

// TestSyntheticClassicEventsChecked asserts that the events of a protocol 23
// transaction without Soroban operations (a payment's, and the transaction's), which the
// streamer leaves out of the ledger it decodes and never converts, are still refused
// exactly when decoding refuses them: every word of them overwritten with several
// values makes RawLedger and LedgerEncoder fail (with ErrBadXDR) exactly when decoding
// the ledger fails.
func TestSyntheticClassicEventsChecked(t *testing.T) {
	t.Parallel()
	ev := xdr.ContractEvent{ContractId: &xdr.ContractId{1}, Type: xdr.ContractEventTypeContract,
		Body: xdr.ContractEventBody{V: 0, V0: &xdr.ContractEventV0{Topics: []xdr.ScVal{scSym("transfer"), scAddr(accountAddr(synthOther))},
			Data: xdr.ScVal{Type: xdr.ScValTypeScvBool, B: ptr(true)}}}}
	pay := xdr.Operation{Body: xdr.OperationBody{Type: xdr.OperationTypePayment, PaymentOp: &xdr.PaymentOp{
		Destination: synthOther.ToMuxedAccount(), Asset: xdr.MustNewNativeAsset(), Amount: 10}}}
	lcm := syntheticLedger(t, 5000, 23, synthTx{op: pay, events: []xdr.ContractEvent{ev},
		diag: []xdr.DiagnosticEvent{{InSuccessfulContractCall: true, Event: ev}}})
	raw, err := lcm.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExtractor(ExtractorConfig{Passphrase: synthPassphrase})
	if err != nil {
		t.Fatal(err)
	}
	_, events, _, _, ok := ex.split(raw, true)
	if !ok || len(events) != 1 || len(events[0].ops) != 1 || len(events[0].ops[0]) <= 4 || len(events[0].diag) <= 4 {
		t.Fatal("no events to damage")
	}
	le := ex.NewLedgerEncoder()
	damaged := append([]byte(nil), raw...)
	for _, region := range [][]byte{events[0].ops[0], events[0].diag} {
		off := cap(raw) - cap(region)
		for i := off; i < off+len(region); i += 4 {
			for _, word := range [][4]byte{{0, 0, 0, 2}, {0, 0, 0, 0x20}, {0xff, 0xff, 0xff, 0xff}} {
				copy(damaged[i:i+4], word[:])
				_, derr := DecodeLedger(damaged)
				_, _, rerr := ex.RawLedger(damaged)
				_, _, eerr := le.EncodeRawLedger(damaged)
				for name, err := range map[string]error{"RawLedger": rerr, "encoder": eerr} {
					if (err == nil) != (derr == nil) || (err != nil && !errors.Is(err, ErrBadXDR)) {
						t.Fatalf("byte %d = %v: %s error %v, decoding error %v", i-off, word, name, err, derr)
					}
				}
				copy(damaged[i:i+4], raw[i:i+4])
			}
		}
	}
}
