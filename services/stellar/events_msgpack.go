package stellar

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// The functions below transcode event arrays from XDR straight to msgpack: they write
// what schemas.AppendInvocation writes for the events rawContractEvents,
// rawDiagnosticEvents and rawTransactionEvents return, and refuse exactly what those
// refuse, without building the schemas values in between. Events are most of a protocol
// 23 ledger's bytes.

// mpContractEventsAt transcodes the ContractEvent<> array at r.
func (c *converter) mpContractEventsAt(b []byte, r *xdrReader) ([]byte, error) {
	n := r.count(16)
	b = mpappend.ArrayLen(b, n)
	var err error
	for i := 0; i < n; i++ {
		if b, err = c.mpContractEvent(b, r); err != nil {
			return b, fmt.Errorf("contract event %d: %w", i, err)
		}
	}
	return b, r.err
}

// mpDiagnosticEventsAt transcodes the DiagnosticEvent<> array at r.
func (c *converter) mpDiagnosticEventsAt(b []byte, r *xdrReader) ([]byte, error) {
	n := r.count(20)
	b = mpappend.ArrayLen(b, n)
	var err error
	for i := 0; i < n; i++ {
		head := diagHeads[0]
		if r.bool() {
			head = diagHeads[1]
		}
		if b, err = c.mpContractEvent(append(b, head...), r); err != nil {
			return b, fmt.Errorf("diagnostic event %d: %w", i, err)
		}
	}
	return b, r.err
}

// diagHeads start a diagnostic event not in a successful call and one in a
// successful call, up to its event.
var diagHeads = func() (h [2][]byte) {
	for i, ok := range [2]bool{false, true} {
		h[i] = mpappend.Str(mpappend.Bool(mpappend.Str(mpappend.MapLen(nil, 2), "in_successful_contract_call"), ok), "event")
	}
	return h
}()

// mpTransactionEventsAt transcodes the TransactionEvent<> array at r.
func (c *converter) mpTransactionEventsAt(b []byte, r *xdrReader) ([]byte, error) {
	n := r.count(20)
	b = mpappend.ArrayLen(b, n)
	var err error
	for i := 0; i < n; i++ {
		stage := xdr.TransactionEventStage(r.u32())
		if r.err == nil && !stage.ValidEnum(int32(stage)) {
			return b, fmt.Errorf("transaction event %d: unknown stage %d", i, stage)
		}
		b = mpappend.MapLen(b, 2)
		b = mpKeyStr(b, "stage", stageName(stage))
		if b, err = c.mpContractEvent(mpappend.Str(b, "event"), r); err != nil {
			return b, fmt.Errorf("transaction event %d: %w", i, err)
		}
	}
	return b, r.err
}

// stageName is snakeEnum of a stage without allocating for the known ones.
func stageName(s xdr.TransactionEventStage) string {
	switch s {
	case xdr.TransactionEventStageTransactionEventStageBeforeAllTxs:
		return "before_all_txs"
	case xdr.TransactionEventStageTransactionEventStageAfterTx:
		return "after_tx"
	case xdr.TransactionEventStageTransactionEventStageAfterAllTxs:
		return "after_all_txs"
	}
	return snakeEnum(s.String(), "TransactionEventStageTransactionEventStage")
}

func (c *converter) mpContractEvent(b []byte, r *xdrReader) ([]byte, error) {
	if ext := r.u32(); ext != 0 && r.err == nil {
		return b, fmt.Errorf("extension %d", ext)
	}
	id := ""
	if r.bool() {
		var err error
		if id, err = c.strkey(strkey.VersionByteContract, r.hash()); err != nil {
			return b, err
		}
	}
	t := r.u32()
	switch {
	case r.err != nil:
		return b, r.err
	case t > uint32(xdr.ContractEventTypeDiagnostic):
		return b, fmt.Errorf("unknown event type %d", t)
	}
	if v := r.u32(); v != 0 && r.err == nil {
		return b, fmt.Errorf("event body version %d", v)
	}
	b = append(b, eventHeads[t]...)
	b = append(mpappend.StrLen(b, len(id)), id...)
	var err error
	if b, err = c.mpScVals(append(b, mpTopicsKey...), r, 1); err != nil {
		return b, err
	}
	if b, err = c.mpScVal(append(b, mpDataKey...), r, 1); err != nil {
		return b, err
	}
	return b, r.err
}

// eventHeads start a contract event of each ContractEventType (system, contract,
// diagnostic) up to its contract id.
var eventHeads = func() (h [3][]byte) {
	for t, name := range [3]string{"system", "contract", "diagnostic"} {
		h[t] = mpappend.Str(mpKeyStr(mpappend.MapLen(nil, 4), "type", name), "contract_id")
	}
	return h
}()

var (
	// mpEntryKey starts a map entry up to its key.
	mpEntryKey  = mpappend.Str(mpappend.MapLen(nil, 2), "key")
	mpTopicsKey = mpappend.Str(nil, "topics")
	mpDataKey   = mpappend.Str(nil, "data")
)

func (c *converter) mpScVals(b []byte, r *xdrReader, depth int) ([]byte, error) {
	n := r.count(4)
	if r.err != nil {
		return b, r.err
	}
	b = mpappend.ArrayLen(b, n)
	var err error
	for i := 0; i < n; i++ {
		if b, err = c.mpScVal(b, r, depth); err != nil {
			return b, err
		}
	}
	return b, nil
}

func (c *converter) mpScMap(b []byte, r *xdrReader, depth int) ([]byte, error) {
	n := r.count(8)
	if r.err != nil {
		return b, r.err
	}
	b = mpappend.ArrayLen(b, n)
	var err error
	for i := 0; i < n; i++ {
		if b, err = c.mpScVal(append(b, mpEntryKey...), r, depth); err != nil {
			return b, err
		}
		if b, err = c.mpScVal(mpappend.Str(b, "value"), r, depth); err != nil {
			return b, err
		}
	}
	return b, nil
}

// mpScVal transcodes one SCVal as rawScVal converts it.
func (c *converter) mpScVal(b []byte, r *xdrReader, depth int) ([]byte, error) {
	t, ok := scValType(r, depth)
	if !ok {
		return b, scValTypeErr(r, t, depth)
	}
	b, err := c.mpScValInner(b, r, t, depth)
	return b, scValErr(t, err, r)
}

// scValHead is what the msgpack of a ScVal of one type starts with: a map holding its
// type alone, or its type and then the key "value" or "hex".
type scValHead struct{ alone, value, hex []byte }

// scValHeads are the heads of every known type, written once: a value's head is then
// one append.
var scValHeads = func() (h [len(scValTypeNames)]scValHead) {
	for t, name := range scValTypeNames {
		if name == "" {
			continue
		}
		h[t].alone = mpKeyStr(mpappend.MapLen(nil, 1), "type", name)
		h[t].value = mpappend.Str(mpKeyStr(mpappend.MapLen(nil, 2), "type", name), "value")
		h[t].hex = mpappend.Str(mpKeyStr(mpappend.MapLen(nil, 2), "type", name), "hex")
	}
	return h
}()

// mpAlone writes a ScVal of a known type that has no value.
func mpAlone(b []byte, t xdr.ScValType) []byte { return append(b, scValHeads[t].alone...) }

// mpValue writes the start of a ScVal of a known type up to its value.
func mpValue(b []byte, t xdr.ScValType) []byte { return append(b, scValHeads[t].value...) }

// mpDecimal writes a ScVal whose value is a decimal string.
func mpDecimal(b []byte, t xdr.ScValType, digits []byte) []byte {
	return append(mpappend.StrLen(mpValue(b, t), len(digits)), digits...)
}

// mpText writes a string-like ScVal as setText stores it: text when UTF-8, else hex.
func mpText(b []byte, t xdr.ScValType, s []byte) []byte {
	if utf8.Valid(s) {
		return append(mpappend.StrLen(mpValue(b, t), len(s)), s...)
	}
	b = append(b, scValHeads[t].hex...)
	return hex.AppendEncode(mpappend.StrLen(b, 2*len(s)), s)
}

func (c *converter) mpScValInner(b []byte, r *xdrReader, t xdr.ScValType, depth int) ([]byte, error) {
	var digits [24]byte
	switch t {
	case xdr.ScValTypeScvBool:
		v := r.bool()
		return mpappend.Bool(mpValue(b, t), v), nil
	case xdr.ScValTypeScvVoid, xdr.ScValTypeScvLedgerKeyContractInstance:
		return mpAlone(b, t), nil
	case xdr.ScValTypeScvError:
		v, err := rawScError(r)
		if err != nil {
			return b, err
		}
		return schemas.AppendScErrorValue(mpValue(b, t), &v), nil
	case xdr.ScValTypeScvU32:
		v := r.u32()
		return mpappend.Uint(mpValue(b, t), uint64(v)), nil
	case xdr.ScValTypeScvI32:
		v := int32(r.u32())
		return mpappend.Int(mpValue(b, t), int64(v)), nil
	case xdr.ScValTypeScvU64, xdr.ScValTypeScvTimepoint, xdr.ScValTypeScvDuration:
		return mpDecimal(b, t, strconv.AppendUint(digits[:0], r.u64(), 10)), nil
	case xdr.ScValTypeScvI64, xdr.ScValTypeScvLedgerKeyNonce:
		return mpDecimal(b, t, strconv.AppendInt(digits[:0], int64(r.u64()), 10)), nil
	case xdr.ScValTypeScvU128:
		hi, lo := r.u64(), r.u64()
		if hi == 0 {
			return mpDecimal(b, t, strconv.AppendUint(digits[:0], lo, 10)), nil
		}
		return mpappend.Str(mpValue(b, t), bigString(false, hi, lo)), nil
	case xdr.ScValTypeScvI128:
		hi, lo := r.u64(), r.u64()
		if (hi == 0 && lo <= 1<<63-1) || (int64(hi) == -1 && lo >= 1<<63) {
			return mpDecimal(b, t, strconv.AppendInt(digits[:0], int64(lo), 10)), nil
		}
		return mpappend.Str(mpValue(b, t), i128String(int64(hi), lo)), nil
	case xdr.ScValTypeScvU256, xdr.ScValTypeScvI256:
		w0, w1, w2, w3 := r.u64(), r.u64(), r.u64(), r.u64()
		return mpappend.Str(mpValue(b, t), bigString(t == xdr.ScValTypeScvI256, w0, w1, w2, w3)), nil
	case xdr.ScValTypeScvBytes:
		v := r.opaque(1<<31 - 1)
		if r.err != nil {
			return b, r.err
		}
		b = mpValue(b, t)
		return hex.AppendEncode(mpappend.StrLen(b, 2*len(v)), v), nil
	case xdr.ScValTypeScvString, xdr.ScValTypeScvExecutableTag:
		v := r.opaque(1<<31 - 1)
		if r.err != nil {
			return b, r.err
		}
		return mpText(b, t, v), nil
	case xdr.ScValTypeScvSymbol:
		v := r.opaque(32)
		if r.err != nil {
			return b, r.err
		}
		return mpText(b, t, v), nil
	case xdr.ScValTypeScvVec:
		if !r.bool() {
			return mpAlone(b, t), r.err
		}
		return c.mpScVals(mpValue(b, t), r, depth+1)
	case xdr.ScValTypeScvMap:
		if !r.bool() {
			return mpAlone(b, t), r.err
		}
		return c.mpScMap(mpValue(b, t), r, depth+1)
	case xdr.ScValTypeScvAddress:
		a, err := c.rawAddress(r)
		if err != nil {
			return b, err
		}
		return mpappend.Str(mpValue(b, t), a.s), nil
	case xdr.ScValTypeScvContractInstance:
		var in schemas.ScInstanceValue
		if err := c.rawExecutable(r, &in); err != nil {
			return b, err
		}
		hasStorage := r.bool()
		if r.err != nil {
			return b, r.err
		}
		n := 1
		for _, s := range [...]string{in.WasmHash, in.ExternalOwner, in.ExternalTag} {
			if s != "" {
				n++
			}
		}
		if hasStorage {
			n++
		}
		b = mpappend.MapLen(mpValue(b, t), n)
		b = mpKeyStr(b, "executable", in.Executable)
		b = mpKeyStrOmit(b, "wasm_hash", in.WasmHash)
		b = mpKeyStrOmit(b, "external_owner", in.ExternalOwner)
		b = mpKeyStrOmit(b, "external_tag", in.ExternalTag)
		if hasStorage {
			return c.mpScMap(mpappend.Str(b, "storage"), r, depth+1)
		}
		return b, nil
	}
	return b, fmt.Errorf("scval: unknown type %d", t)
}

func mpKeyStr(b []byte, k, v string) []byte { return mpappend.Str(mpappend.Str(b, k), v) }

// mpKeyStrOmit writes an omitempty string field.
func mpKeyStrOmit(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return mpKeyStr(b, k, v)
}
