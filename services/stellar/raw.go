package stellar

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// RawLedger extracts the invocations of an encoded LedgerCloseMeta, as
// Ledger(DecodeLedger(raw)) would, and returns the ledger's sequence with them.
//
// Events are most of a protocol 23 ledger (a load-test ledger holds 6,100 of them in its
// 4 MB) and most of what decoding it costs. So for a LedgerCloseMeta V2 whose
// transactions all carry TxMeta V4, RawLedger finds the event arrays with the SDK's
// zero-copy views, decodes the rest of the ledger with those arrays left empty, and
// converts the events straight from their XDR. Any other ledger, and any ledger the
// views do not accept, goes through DecodeLedger and Ledger unchanged.
func (e *Extractor) RawLedger(raw []byte) (seq uint32, out []schemas.Invocation, err error) {
	stripped, events, hashes, ok := e.splitEvents(raw)
	if !ok {
		lcm, err := DecodeLedger(raw)
		if err != nil {
			return 0, nil, &LedgerError{Err: err}
		}
		out, err := e.Ledger(lcm)
		return lcm.LedgerSequence(), out, err
	}
	lcm, err := DecodeLedger(stripped)
	if err != nil {
		return 0, nil, &LedgerError{Err: err}
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, &LedgerError{Ledger: seq, Err: fmt.Errorf("%w: %v", ErrBadXDR, r)}
		}
	}()
	seq = lcm.LedgerSequence()
	if lcm.CountTransactions() != len(events) {
		return seq, nil, &LedgerError{Ledger: seq, Err: fmt.Errorf("%w: %d transactions, %d metas", ErrBadXDR, lcm.CountTransactions(), len(events))}
	}
	out, err = e.ledgerWith(lcm, events, hashes)
	if err != nil {
		var le *LedgerError
		if !errors.As(err, &le) {
			err = &LedgerError{Ledger: seq, Err: err}
		}
		return seq, nil, err
	}
	return seq, out, nil
}

// rawTxEvents are one transaction's event arrays in XDR, each with its element count.
type rawTxEvents struct {
	ops  [][]byte // ContractEvent<> per operation
	tx   []byte   // TransactionEvent<>
	diag []byte   // DiagnosticEvent<>
	// mpOps, mpTx and mpDiag are the same arrays in msgpack when the split transcoded
	// them (LedgerEncoder); mpDiag is then not nil.
	mpOps        [][]byte
	mpTx, mpDiag []byte
	// changes are the LedgerEntryChanges per operation, when they were emptied too.
	changes [][]byte
}

// splitEvents returns raw with every event array of a V2 ledger with V4 metas emptied,
// the arrays per transaction in application order, and the hashes of the transaction
// set's envelopes in its order, hashed from their bytes; ok is false for any other
// ledger, or when the views find the bytes malformed (decoding will then say how).
func (e *Extractor) splitEvents(raw []byte) (stripped []byte, events []rawTxEvents, hashes []xdr.Hash, ok bool) {
	stripped, events, hashes, _, ok = e.split(raw, false)
	return stripped, events, hashes, ok
}

// split is splitEvents emptying more when more is true: each operation's ledger entry
// changes, and the arguments and authorization entries of contract calls, which envs
// (in transaction set order) then hold.
func (e *Extractor) split(raw []byte, more bool) (stripped []byte, events []rawTxEvents, hashes []xdr.Hash, envs []rawEnvelope, ok bool) {
	stripped, events, hashes, envs, err := e.splitInto(nil, raw, more, nil, nil)
	if err != nil {
		return nil, nil, nil, nil, false
	}
	return stripped, events, hashes, envs, true
}

// rawEnvelope is what split emptied of an envelope: per operation, the arguments and
// authorization entries of a contract call (InvokeHostFunction with an InvokeContract
// host function), nil for any other operation.
type rawEnvelope struct {
	ops []rawOp
	// footprint is the LedgerFootprint of the transaction's Soroban data (its read-only
	// and read-write key arrays, both emptied), nil when it has none.
	footprint []byte
	readOnly  []byte
	readWrite []byte
}

type rawOp struct {
	ihf  []byte // the whole InvokeHostFunctionOp, as it was
	args []byte // SCVal<>
	auth []byte // SorobanAuthorizationEntry<>
}

var errNotV4 = errors.New("not a ledger with TxMeta V4 only")

// splitInto is split writing the stripped ledger over dst's array when it is large
// enough; with a converter tc it transcodes the event arrays to msgpack as it finds
// them (into *arena: see rawTxEvents), instead of only sizing them.
func (e *Extractor) splitInto(dst, raw []byte, changes bool, tc *converter, arena *[]byte) (stripped []byte, events []rawTxEvents, hashes []xdr.Hash, envs []rawEnvelope, err error) {
	lv := xdr.LedgerCloseMetaView(raw)
	if v, err := lv.V(); err != nil || v != 2 {
		return nil, nil, nil, nil, errNotV4
	}
	v2, err := lv.V2()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	ts, err := v2.TxSet()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	// Regions to empty, in increasing offset order: envelopes come before metas.
	w := txSetWalker{calls: changes, networkID: e.networkID, passphrase: e.passphrase}
	end, err := w.walk(ts)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	hashes, envs, regions := w.hashes, w.envs, w.regions
	txp := ts[end:] // TxProcessing follows the transaction set
	// Transaction-level and fee changes are read by nothing extraction does from
	// protocol 21 on (the SDK's FeeCharged reads them for fee bumps before it), so the
	// encoder leaves them out of the decoded ledger too, after checking them here.
	txChanges := changes && ledgerVersion(v2) >= 21
	if events, regions, err = splitMetas(txp, changes, txChanges, regions, tc, arena); err != nil {
		return nil, nil, nil, nil, err
	}
	// Copy raw without the regions' elements, each region left as a zero count. A
	// view aliases raw: its offset is what its capacity lacks of raw's.
	size := len(raw)
	for _, r := range regions {
		size -= len(r) - 4
	}
	stripped = dst[:0]
	if cap(stripped) < size {
		stripped = make([]byte, 0, size)
	}
	at := 0
	for _, r := range regions {
		off := cap(raw) - cap(r)
		if len(r) < 4 || off < at || off+len(r) > len(raw) {
			return nil, nil, nil, nil, errNotV4
		}
		if len(r) == 4 {
			continue // already empty
		}
		stripped = append(stripped, raw[at:off]...)
		stripped = append(stripped, 0, 0, 0, 0)
		at = off + len(r)
	}
	return append(stripped, raw[at:]...), events, hashes, envs, nil
}

// ledgerVersion is a LedgerCloseMetaV2's protocol version, 0 when unreadable: its
// header (after the meta's extension and the header's hash) starts with it.
func ledgerVersion(v2 xdr.LedgerCloseMetaV2View) uint32 {
	ext, err := xdr.LedgerCloseMetaExtView(v2).Raw()
	if err != nil || len(v2) < len(ext)+36 {
		return 0
	}
	return binary.BigEndian.Uint32(v2[len(ext)+32:])
}

// splitMetas walks a TxProcessing array of TransactionResultMetaV1 once, returning per
// transaction its event arrays (and, with changes, each operation's changes) and
// appending to regions what is to be emptied: those, and with txChanges the fee and
// transaction-level changes, which it validates as decoding would. The views size
// what it skips; any meta but V4 is errNotV4. With tc, the event arrays are transcoded
// to msgpack into *arena (a failure fails the split: decoding then decides).
func splitMetas(txp []byte, changes, txChanges bool, regions [][]byte, tc *converter, arena *[]byte) ([]rawTxEvents, [][]byte, error) {
	r := xdrReader{b: txp}
	n := r.count(68)
	events := make([]rawTxEvents, 0, n)
	// txRegion empties a transaction-level LedgerEntryChanges.
	txRegion := func(c []byte) error {
		if !txChanges || len(c) <= 4 || r.err != nil {
			return nil
		}
		regions = append(regions, c)
		return xdr.LedgerEntryChangesView(c).ValidateFull()
	}
	for i := 0; i < n && r.err == nil; i++ {
		if ext := r.u32(); ext != 0 {
			return nil, nil, errNotV4
		}
		r.view(resultPairRaw)
		if err := txRegion(r.view(changesRaw)); err != nil {
			return nil, nil, err
		}
		if v := r.u32(); v != 4 || r.u32() != 0 { // TransactionMeta V4, its ext
			return nil, nil, errNotV4
		}
		if err := txRegion(r.view(changesRaw)); err != nil {
			return nil, nil, err
		}
		nops := r.count(12)
		te := rawTxEvents{ops: make([][]byte, 0, nops)}
		if changes {
			te.changes = make([][]byte, 0, nops)
		}
		if tc != nil {
			te.mpOps = make([][]byte, 0, nops)
		}
		for j := 0; j < nops && r.err == nil; j++ {
			if ext := r.u32(); ext != 0 {
				return nil, nil, errNotV4
			}
			c := r.view(changesRaw)
			if changes {
				te.changes = append(te.changes, c)
				regions = append(regions, c)
			}
			var ev []byte
			if tc != nil {
				var mp []byte
				ev, mp = r.transcode(tc.mpContractEventsAt, arena)
				te.mpOps = append(te.mpOps, mp)
			} else {
				ev = r.view(opEventsRaw)
			}
			te.ops = append(te.ops, ev)
			regions = append(regions, ev)
		}
		if err := txRegion(r.view(changesRaw)); err != nil {
			return nil, nil, err
		}
		r.view(sorobanMetaRaw)
		if tc != nil {
			te.tx, te.mpTx = r.transcode(tc.mpTransactionEventsAt, arena)
			te.diag, te.mpDiag = r.transcode(tc.mpDiagnosticEventsAt, arena)
		} else {
			te.tx = r.view(txEventsRaw)
			te.diag = r.view(diagEventsRaw)
		}
		regions = append(regions, te.tx, te.diag)
		if err := txRegion(r.view(changesRaw)); err != nil {
			return nil, nil, err
		}
		events = append(events, te)
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return events, regions, nil
}

// transcode reads the event array at the reader's offset with conv, appending its
// msgpack to *arena, and returns the array's XDR and its msgpack.
func (r *xdrReader) transcode(conv func([]byte, *xdrReader) ([]byte, error), arena *[]byte) (x, mp []byte) {
	if r.err != nil {
		return nil, nil
	}
	start, at := r.off, len(*arena)
	b, err := conv(*arena, r)
	if err != nil {
		r.fail(err)
		return nil, nil
	}
	*arena = b
	return r.b[start:r.off], b[at:len(b):len(b)]
}

// view reads what raw sizes at the reader's offset.
func (r *xdrReader) view(raw func([]byte) ([]byte, error)) []byte {
	if r.err != nil {
		return nil
	}
	v, err := raw(r.b[r.off:])
	if err != nil {
		r.fail(err)
		return nil
	}
	r.off += len(v)
	return v
}

func resultPairRaw(b []byte) ([]byte, error) { return xdr.TransactionResultPairView(b).Raw() }
func changesRaw(b []byte) ([]byte, error)    { return xdr.LedgerEntryChangesView(b).Raw() }
func opEventsRaw(b []byte) ([]byte, error)   { return xdr.OperationMetaV2EventsView(b).Raw() }
func sorobanMetaRaw(b []byte) ([]byte, error) {
	return xdr.TransactionMetaV4SorobanMetaOptView(b).Raw()
}
func txEventsRaw(b []byte) ([]byte, error) { return xdr.TransactionMetaV4EventsView(b).Raw() }
func diagEventsRaw(b []byte) ([]byte, error) {
	return xdr.TransactionMetaV4DiagnosticEventsView(b).Raw()
}

// xdrReader reads XDR from memory; the first failure sticks.
type xdrReader struct {
	b   []byte
	off int
	err error
}

var errShort = errors.New("xdr: short buffer")

func (r *xdrReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *xdrReader) u32() uint32 {
	if r.err != nil || len(r.b)-r.off < 4 {
		r.fail(errShort)
		return 0
	}
	v := binary.BigEndian.Uint32(r.b[r.off:])
	r.off += 4
	return v
}

func (r *xdrReader) u64() uint64 {
	if r.err != nil || len(r.b)-r.off < 8 {
		r.fail(errShort)
		return 0
	}
	v := binary.BigEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v
}

func (r *xdrReader) bool() bool {
	switch r.u32() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail(errors.New("xdr: bool not 0 or 1"))
	return false
}

func (r *xdrReader) fixed(n int) []byte {
	if r.err != nil || len(r.b)-r.off < n {
		r.fail(errShort)
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

func (r *xdrReader) hash() (h [32]byte) {
	copy(h[:], r.fixed(32))
	return h
}

// opaque reads variable-length opaque data or a string of at most max bytes.
func (r *xdrReader) opaque(max int) []byte {
	n := r.u32()
	if r.err != nil {
		return nil
	}
	if uint64(n) > uint64(max) {
		r.fail(fmt.Errorf("xdr: %d bytes, at most %d allowed", n, max))
		return nil
	}
	v := r.fixed(int(n))
	if pad := (4 - n%4) % 4; pad > 0 {
		for _, c := range r.fixed(int(pad)) {
			if c != 0 {
				r.fail(errors.New("xdr: non-zero padding"))
			}
		}
	}
	return v
}

// count reads an array length, refusing one the remaining bytes cannot hold at
// minSize bytes an element.
func (r *xdrReader) count(minSize int) int {
	n := r.u32()
	if r.err == nil && uint64(n)*uint64(minSize) > uint64(len(r.b)-r.off) {
		r.fail(fmt.Errorf("xdr: %d elements in %d bytes", n, len(r.b)-r.off))
		return 0
	}
	return int(n)
}

// maxDepth bounds nesting as the SDK's decoder does.
const maxDepth = 1500

// rawContractEvents converts a ContractEvent<> array.
func (c *converter) rawContractEvents(b []byte) ([]schemas.ContractEvent, error) {
	r := xdrReader{b: b}
	n := r.count(16)
	out := make([]schemas.ContractEvent, n)
	for i := range out {
		if err := c.rawContractEvent(&r, &out[i]); err != nil {
			return nil, fmt.Errorf("contract event %d: %w", i, err)
		}
	}
	return out, r.end()
}

// rawDiagnosticEvents converts a DiagnosticEvent<> array.
func (c *converter) rawDiagnosticEvents(b []byte) ([]schemas.DiagnosticEvent, error) {
	r := xdrReader{b: b}
	n := r.count(20)
	out := make([]schemas.DiagnosticEvent, n)
	for i := range out {
		out[i].InSuccessfulContractCall = r.bool()
		if err := c.rawContractEvent(&r, &out[i].Event); err != nil {
			return nil, fmt.Errorf("diagnostic event %d: %w", i, err)
		}
	}
	return out, r.end()
}

// rawTransactionEvents converts a TransactionEvent<> array.
func (c *converter) rawTransactionEvents(b []byte) ([]schemas.TransactionEvent, error) {
	r := xdrReader{b: b}
	n := r.count(20)
	out := make([]schemas.TransactionEvent, n)
	for i := range out {
		stage := xdr.TransactionEventStage(r.u32())
		if r.err == nil && !stage.ValidEnum(int32(stage)) {
			return nil, fmt.Errorf("transaction event %d: unknown stage %d", i, stage)
		}
		out[i].Stage = stageName(stage)
		if err := c.rawContractEvent(&r, &out[i].Event); err != nil {
			return nil, fmt.Errorf("transaction event %d: %w", i, err)
		}
	}
	return out, r.end()
}

// end reports a failure, or bytes left over.
func (r *xdrReader) end() error {
	if r.err == nil && r.off != len(r.b) {
		r.err = fmt.Errorf("xdr: %d bytes left over", len(r.b)-r.off)
	}
	return r.err
}

func (c *converter) rawContractEvent(r *xdrReader, out *schemas.ContractEvent) error {
	if ext := r.u32(); ext != 0 && r.err == nil {
		return fmt.Errorf("extension %d", ext)
	}
	if r.bool() {
		id, err := c.strkey(strkey.VersionByteContract, r.hash())
		if err != nil {
			return err
		}
		out.ContractID = id
	}
	switch t := r.u32(); {
	case r.err != nil:
		return r.err
	case t == uint32(xdr.ContractEventTypeContract):
		out.Type = "contract"
	case t == uint32(xdr.ContractEventTypeSystem):
		out.Type = "system"
	case t == uint32(xdr.ContractEventTypeDiagnostic):
		out.Type = "diagnostic"
	default:
		return fmt.Errorf("unknown event type %d", t)
	}
	if v := r.u32(); v != 0 && r.err == nil {
		return fmt.Errorf("event body version %d", v)
	}
	var err error
	if out.Topics, err = c.rawScVals(r, 1); err != nil {
		return err
	}
	if out.Data, err = c.rawScVal(r, 1); err != nil {
		return err
	}
	return r.err
}

func (c *converter) rawScVals(r *xdrReader, depth int) ([]schemas.ScVal, error) {
	n := r.count(4)
	if r.err != nil {
		return nil, r.err
	}
	out := c.scValSlice(n)
	for i := range out {
		v, err := c.rawScVal(r, depth)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (c *converter) rawScMap(r *xdrReader, depth int) ([]schemas.ScMapEntry, error) {
	n := r.count(8)
	if r.err != nil {
		return nil, r.err
	}
	out := make([]schemas.ScMapEntry, n)
	for i := range out {
		k, err := c.rawScVal(r, depth)
		if err != nil {
			return nil, err
		}
		v, err := c.rawScVal(r, depth)
		if err != nil {
			return nil, err
		}
		out[i] = schemas.ScMapEntry{Key: k, Value: v}
	}
	return out, nil
}

// rawScVal converts one SCVal from XDR as scVal converts the decoded value.
func (c *converter) rawScVal(r *xdrReader, depth int) (schemas.ScVal, error) {
	t, ok := scValType(r, depth)
	if !ok {
		return schemas.ScVal{}, scValTypeErr(r, t, depth)
	}
	out, err := c.rawScValInner(r, t, depth)
	if err = scValErr(t, err, r); err != nil {
		return schemas.ScVal{}, err
	}
	return out, nil
}

// scValType reads the type an SCVal at depth starts with: the start of rawScVal and of
// mpScVal. ok is false for one nested too deep or of an unknown type, or when the
// reader failed: scValTypeErr says which. Small enough to inline, as it runs for every
// value.
func scValType(r *xdrReader, depth int) (t xdr.ScValType, ok bool) {
	if depth <= maxDepth {
		t = xdr.ScValType(r.u32())
		ok = r.err == nil && knownScValType(t)
	}
	return t, ok
}

// scValTypeErr is why scValType refused type t at depth.
func scValTypeErr(r *xdrReader, t xdr.ScValType, depth int) error {
	switch {
	case depth > maxDepth:
		return errors.New("xdr: maximum depth reached")
	case r.err != nil:
		return r.err
	}
	return fmt.Errorf("scval: unknown type %d", t)
}

// scValErr is what reading the body of an SCVal of type t failed with (err, else the
// reader's error), naming the type; nil if nothing failed.
func scValErr(t xdr.ScValType, err error, r *xdrReader) error {
	if err == nil && r.err == nil {
		return nil
	}
	return wrapScValErr(t, err, r)
}

func wrapScValErr(t xdr.ScValType, err error, r *xdrReader) error {
	if err == nil {
		err = r.err
	}
	return fmt.Errorf("scval %s: %w", scValTypeName(t), err)
}

// rawScError reads an SCError from XDR and converts it as scError does.
func rawScError(r *xdrReader) (schemas.ScErrorValue, error) {
	e := xdr.ScError{Type: xdr.ScErrorType(r.u32())}
	n := r.u32()
	if e.Type == xdr.ScErrorTypeSceContract {
		code := xdr.Uint32(n)
		e.ContractCode = &code
	} else {
		code := xdr.ScErrorCode(n)
		e.Code = &code
	}
	if r.err != nil {
		return schemas.ScErrorValue{}, r.err
	}
	return scError(e)
}

func (c *converter) rawScValInner(r *xdrReader, t xdr.ScValType, depth int) (schemas.ScVal, error) {
	out := schemas.ScVal{Type: scValTypeName(t)}
	switch t {
	case xdr.ScValTypeScvBool:
		out.Value = r.bool()
	case xdr.ScValTypeScvVoid, xdr.ScValTypeScvLedgerKeyContractInstance:
	case xdr.ScValTypeScvError:
		v, err := rawScError(r)
		if err != nil {
			return out, err
		}
		out.Value = v
	case xdr.ScValTypeScvU32:
		out.Value = r.u32()
	case xdr.ScValTypeScvI32:
		out.Value = int32(r.u32())
	case xdr.ScValTypeScvU64, xdr.ScValTypeScvTimepoint, xdr.ScValTypeScvDuration:
		out.Value = strconv.FormatUint(r.u64(), 10)
	case xdr.ScValTypeScvI64:
		out.Value = strconv.FormatInt(int64(r.u64()), 10)
	case xdr.ScValTypeScvU128:
		hi, lo := r.u64(), r.u64()
		out.Value = u128String(hi, lo)
	case xdr.ScValTypeScvI128:
		hi, lo := r.u64(), r.u64()
		out.Value = i128String(int64(hi), lo)
	case xdr.ScValTypeScvU256, xdr.ScValTypeScvI256:
		a, b, cc, d := r.u64(), r.u64(), r.u64(), r.u64()
		out.Value = bigString(t == xdr.ScValTypeScvI256, a, b, cc, d)
	case xdr.ScValTypeScvBytes:
		out.Value = hex.EncodeToString(r.opaque(1<<31 - 1))
	case xdr.ScValTypeScvString, xdr.ScValTypeScvExecutableTag:
		setText(&out, string(r.opaque(1<<31-1)))
	case xdr.ScValTypeScvSymbol:
		b := r.opaque(32)
		if utf8.Valid(b) {
			out.Value = c.symbolBytes(b)
		} else {
			setText(&out, string(b))
		}
	case xdr.ScValTypeScvVec:
		if r.bool() {
			vs, err := c.rawScVals(r, depth+1)
			if err != nil {
				return out, err
			}
			out.Value = vs
		}
	case xdr.ScValTypeScvMap:
		if r.bool() {
			m, err := c.rawScMap(r, depth+1)
			if err != nil {
				return out, err
			}
			out.Value = m
		}
	case xdr.ScValTypeScvAddress:
		a, err := c.rawAddress(r)
		if err != nil {
			return out, err
		}
		out.Value = a.v
	case xdr.ScValTypeScvContractInstance:
		var in schemas.ScInstanceValue
		if err := c.rawExecutable(r, &in); err != nil {
			return out, err
		}
		if r.bool() {
			m, err := c.rawScMap(r, depth+1)
			if err != nil {
				return out, err
			}
			in.Storage = &m
		}
		out.Value = in
	case xdr.ScValTypeScvLedgerKeyNonce:
		out.Value = strconv.FormatInt(int64(r.u64()), 10)
	}
	return out, nil
}

// symbolBytes is symbolValue for bytes: looking a []byte up as a string key does not
// allocate.
func (c *converter) symbolBytes(b []byte) any {
	if v, ok := c.symbols[string(b)]; ok {
		return v
	}
	return c.symbol(string(b))
}

func (c *converter) rawAddress(r *xdrReader) (boxedString, error) {
	var a xdr.ScAddress
	switch t := xdr.ScAddressType(r.u32()); t {
	case xdr.ScAddressTypeScAddressTypeAccount:
		if kt := r.u32(); kt != uint32(xdr.PublicKeyTypePublicKeyTypeEd25519) && r.err == nil {
			return boxedString{}, fmt.Errorf("address: public key type %d", kt)
		}
		return c.strkeyBoxed(strkey.VersionByteAccountID, r.hash())
	case xdr.ScAddressTypeScAddressTypeContract:
		return c.strkeyBoxed(strkey.VersionByteContract, r.hash())
	case xdr.ScAddressTypeScAddressTypeMuxedAccount:
		m := xdr.MuxedEd25519Account{Id: xdr.Uint64(r.u64()), Ed25519: r.hash()}
		a = xdr.ScAddress{Type: t, MuxedAccount: &m}
	case xdr.ScAddressTypeScAddressTypeClaimableBalance:
		if ct := r.u32(); ct != uint32(xdr.ClaimableBalanceIdTypeClaimableBalanceIdTypeV0) && r.err == nil {
			return boxedString{}, fmt.Errorf("address: claimable balance id type %d", ct)
		}
		h := xdr.Hash(r.hash())
		a = xdr.ScAddress{Type: t, ClaimableBalanceId: &xdr.ClaimableBalanceId{Type: xdr.ClaimableBalanceIdTypeClaimableBalanceIdTypeV0, V0: &h}}
	case xdr.ScAddressTypeScAddressTypeLiquidityPool:
		id := xdr.PoolId(r.hash())
		a = xdr.ScAddress{Type: t, LiquidityPoolId: &id}
	default:
		if r.err != nil {
			return boxedString{}, r.err
		}
		return boxedString{}, fmt.Errorf("address: unknown type %d", t)
	}
	if r.err != nil {
		return boxedString{}, r.err
	}
	return c.addressBoxed(a)
}

func (c *converter) rawExecutable(r *xdrReader, in *schemas.ScInstanceValue) error {
	switch t := xdr.ContractExecutableType(r.u32()); t {
	case xdr.ContractExecutableTypeContractExecutableWasm:
		h := r.hash()
		in.Executable, in.WasmHash = "wasm", hex.EncodeToString(h[:])
	case xdr.ContractExecutableTypeContractExecutableStellarAsset:
		in.Executable = "stellar_asset"
	case xdr.ContractExecutableTypeContractExecutableExternalRef:
		owner, err := c.rawAddress(r)
		if err != nil {
			return err
		}
		in.Executable, in.ExternalOwner, in.ExternalTag = "external_ref", owner.s, string(r.opaque(1<<31-1))
	default:
		if r.err != nil {
			return r.err
		}
		return fmt.Errorf("executable: unknown type %d", t)
	}
	return r.err
}
