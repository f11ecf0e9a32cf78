package stellar

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"

	"github.com/stellar/go-stellar-sdk/network"
	"github.com/stellar/go-stellar-sdk/xdr"
)

// txSetWalker walks a GeneralizedTransactionSet's envelopes once, in the order of
// LedgerCloseMeta.TransactionEnvelopes: it hashes each transaction from its bytes and,
// with calls, locates what the encoder leaves out of the ledger it decodes (the
// arguments and authorization entries of contract calls, the footprint, validated
// here). The views size what it skips. Anything not walked here (TX_V0 envelopes) is
// hashed by the SDK's view hasher; a shape the XDR does not allow is errNotV4, which
// sends the ledger through the decoder.
type txSetWalker struct {
	r         xdrReader
	calls     bool
	networkID xdr.Hash
	// passphrase is for the view hasher, made when first needed.
	passphrase string
	viewHasher *network.TransactionViewHasher
	sha        hash.Hash
	sum        [32]byte

	hashes  []xdr.Hash
	envs    []rawEnvelope
	regions [][]byte
}

// walk reads the transaction set at the start of ts and returns its size.
func (w *txSetWalker) walk(ts []byte) (int, error) {
	w.r = xdrReader{b: ts}
	w.sha = sha256.New()
	r := &w.r
	if r.u32() != 1 {
		return 0, errNotV4
	}
	r.fixed(32) // previousLedgerHash
	phases := r.count(4)
	for p := 0; p < phases && r.err == nil; p++ {
		switch r.u32() {
		case 0:
			comps := r.count(4)
			for c := 0; c < comps && r.err == nil; c++ {
				if r.u32() != uint32(xdr.TxSetComponentTypeTxsetCompTxsMaybeDiscountedFee) {
					r.fail(errNotV4)
				}
				if r.bool() {
					r.u64() // baseFee
				}
				w.envelopes()
			}
		case 1:
			if r.bool() {
				r.u64() // baseFee
			}
			stages := r.count(4)
			for s := 0; s < stages && r.err == nil; s++ {
				clusters := r.count(4)
				for c := 0; c < clusters && r.err == nil; c++ {
					w.envelopes()
				}
			}
		default:
			r.fail(errNotV4)
		}
	}
	return r.off, r.err
}

// envelopes reads a TransactionEnvelope<>.
func (w *txSetWalker) envelopes() {
	n := w.r.count(4)
	for i := 0; i < n && w.r.err == nil; i++ {
		w.envelope()
	}
}

func (w *txSetWalker) envelope() {
	r := &w.r
	start := r.off
	var re rawEnvelope
	switch t := xdr.EnvelopeType(r.u32()); t {
	case xdr.EnvelopeTypeEnvelopeTypeTx:
		from := r.off
		re = w.transaction()
		w.hash(t, r.b[from:r.off])
		w.signatures()
	case xdr.EnvelopeTypeEnvelopeTypeTxFeeBump:
		from := r.off
		w.muxedAccount() // feeSource
		r.u64()          // fee
		if xdr.EnvelopeType(r.u32()) != xdr.EnvelopeTypeEnvelopeTypeTx {
			r.fail(errNotV4)
		}
		re = w.transaction()
		w.signatures()
		if r.u32() != 0 { // ext
			r.fail(errNotV4)
		}
		w.hash(t, r.b[from:r.off])
		w.signatures()
	default:
		r.off = start
		env := xdr.TransactionEnvelopeView(r.view(envelopeRaw))
		if r.err != nil {
			return
		}
		if w.viewHasher == nil {
			h, err := network.NewTransactionViewHasher(w.passphrase)
			if err != nil {
				r.fail(err)
				return
			}
			w.viewHasher = h
		}
		h, err := w.viewHasher.Hash(env)
		if err != nil {
			r.fail(err)
			return
		}
		w.hashes = append(w.hashes, h)
	}
	if r.err != nil || !w.calls {
		return
	}
	for _, op := range re.ops {
		if op.args != nil {
			w.regions = append(w.regions, op.args, op.auth)
		}
	}
	if re.footprint != nil {
		w.regions = append(w.regions, re.readOnly, re.readWrite)
	}
	w.envs = append(w.envs, re)
}

// hash appends the network hash of a transaction (or fee bump transaction) of
// envelope type t: SHA-256 of the network id, t and the transaction's XDR.
func (w *txSetWalker) hash(t xdr.EnvelopeType, tx []byte) {
	if w.r.err != nil {
		return
	}
	var tag [4]byte
	binary.BigEndian.PutUint32(tag[:], uint32(t))
	w.sha.Reset()
	w.sha.Write(w.networkID[:])
	w.sha.Write(tag[:])
	w.sha.Write(tx)
	w.hashes = append(w.hashes, xdr.Hash(w.sha.Sum(w.sum[:0])))
}

// transaction reads a Transaction, locating its calls and footprint when w.calls.
func (w *txSetWalker) transaction() rawEnvelope {
	r := &w.r
	var re rawEnvelope
	w.muxedAccount()
	r.u32() // fee
	r.u64() // seqNum
	r.view(preconditionsRaw)
	r.view(memoRaw)
	n := r.u32()
	if n > 100 { // MAX_OPS_PER_TX
		r.fail(errNotV4)
		return re
	}
	if w.calls {
		re.ops = make([]rawOp, 0, n)
	}
	for i := uint32(0); i < n && r.err == nil; i++ {
		if r.bool() {
			w.muxedAccount()
		}
		at := r.off
		var op rawOp
		if xdr.OperationType(r.u32()) == xdr.OperationTypeInvokeHostFunction {
			op = w.invokeHostFunction()
		} else {
			r.off = at
			r.view(operationBodyRaw)
		}
		if w.calls {
			re.ops = append(re.ops, op)
		}
	}
	switch r.u32() { // ext
	case 0:
	case 1:
		r.view(sorobanDataExtRaw)
		at := r.off
		ro := r.view(readOnlyRaw)
		rw := r.view(readWriteRaw)
		if r.err != nil {
			return re
		}
		fp := r.b[at:r.off] // capacity kept: offsets are told by it
		r.u32()             // instructions
		r.u32()             // diskReadBytes
		r.u32()             // writeBytes
		r.u64()             // resourceFee
		if w.calls {
			if err := xdr.LedgerFootprintView(fp).ValidateFull(); err != nil {
				r.fail(err)
			}
			re.footprint, re.readOnly, re.readWrite = fp, ro, rw
		}
	default:
		r.fail(errNotV4)
	}
	return re
}

// invokeHostFunction reads an InvokeHostFunctionOp (after its operation type) and
// locates a contract call's arguments and authorization entries.
func (w *txSetWalker) invokeHostFunction() rawOp {
	r := &w.r
	at := r.off
	var args []byte
	if xdr.HostFunctionType(r.u32()) == xdr.HostFunctionTypeHostFunctionTypeInvokeContract {
		r.view(scAddressRaw)
		r.opaque(32) // functionName
		args = r.view(argsRaw)
	} else {
		r.off = at
		r.view(hostFunctionRaw)
	}
	auth := r.view(authRaw)
	if args == nil || r.err != nil {
		return rawOp{}
	}
	return rawOp{ihf: r.b[at:r.off], args: args, auth: auth}
}

// muxedAccount reads a MuxedAccount.
func (w *txSetWalker) muxedAccount() {
	r := &w.r
	switch xdr.CryptoKeyType(r.u32()) {
	case xdr.CryptoKeyTypeKeyTypeEd25519:
		r.fixed(32)
	case xdr.CryptoKeyTypeKeyTypeMuxedEd25519:
		r.u64()
		r.fixed(32)
	default:
		r.fail(errNotV4)
	}
}

// signatures reads a DecoratedSignature<20>.
func (w *txSetWalker) signatures() {
	r := &w.r
	n := r.u32()
	if n > 20 {
		r.fail(errNotV4)
		return
	}
	for i := uint32(0); i < n && r.err == nil; i++ {
		r.fixed(4) // hint
		r.opaque(64)
	}
}

func envelopeRaw(b []byte) ([]byte, error)       { return xdr.TransactionEnvelopeView(b).Raw() }
func preconditionsRaw(b []byte) ([]byte, error)  { return xdr.PreconditionsView(b).Raw() }
func memoRaw(b []byte) ([]byte, error)           { return xdr.MemoView(b).Raw() }
func operationBodyRaw(b []byte) ([]byte, error)  { return xdr.OperationBodyView(b).Raw() }
func sorobanDataExtRaw(b []byte) ([]byte, error) { return xdr.SorobanTransactionDataExtView(b).Raw() }
func readOnlyRaw(b []byte) ([]byte, error)       { return xdr.LedgerFootprintReadOnlyView(b).Raw() }
func readWriteRaw(b []byte) ([]byte, error)      { return xdr.LedgerFootprintReadWriteView(b).Raw() }
func scAddressRaw(b []byte) ([]byte, error)      { return xdr.ScAddressView(b).Raw() }
func argsRaw(b []byte) ([]byte, error)           { return xdr.InvokeContractArgsArgsView(b).Raw() }
func hostFunctionRaw(b []byte) ([]byte, error)   { return xdr.HostFunctionView(b).Raw() }
func authRaw(b []byte) ([]byte, error)           { return xdr.InvokeHostFunctionOpAuthView(b).Raw() }
