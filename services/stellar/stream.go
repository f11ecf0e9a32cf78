package stellar

import (
	"errors"
	"fmt"

	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// EncodedInvocation is one invocation encoded for publishing: its msgpack (byte for
// byte schemas.AppendInvocation of what Extractor.Ledger returns) and what names it in
// subjects and headers.
type EncodedInvocation struct {
	Ledger     uint32
	TxIndex    uint32
	OpIndex    uint32
	TxHash     string
	Kind       string
	ContractID string
	Function   string
	// Data is the msgpack encoding. The invocations of one ledger share one array
	// (LedgerEncoder.Buffer), written over only when handed back with Reuse.
	Data []byte
}

// LedgerEncoder turns ledgers straight into msgpack invocations: the ledger streamer's
// path. For a protocol 23 ledger (LedgerCloseMeta V2, TxMeta V4) it transcodes events
// from their XDR to msgpack without building schemas values, once per transaction for
// the diagnostic and transaction events every operation of it carries. It keeps its
// caches and scratch buffers between ledgers: one LedgerEncoder serves one goroutine,
// any number of them share an Extractor.
type LedgerEncoder struct {
	x ledgerExtraction
	// last is the size of the previous ledger's encoding: the next buffer is allocated
	// once at about that size.
	last int
	// stripped is the array of the previous ledger's stripped copy, reused; events holds
	// a ledger's events in msgpack (see rawTxEvents).
	stripped, events []byte
	// buf holds the last ledger's messages; spare is an array handed back by Reuse.
	buf, spare []byte
}

// Buffer is the array holding the messages the last EncodeRawLedger or EncodeLedger
// returned (nil after an error). Once nothing uses them any more (a publisher has its
// PubAcks), it may be handed to Reuse, of this or another LedgerEncoder, to be written
// over instead of allocating the next ledger's.
func (le *LedgerEncoder) Buffer() []byte { return le.buf }

// Reuse gives the encoder an array of messages no longer used (see Buffer): the next
// ledger is written over it when it is large enough.
func (le *LedgerEncoder) Reuse(buf []byte) { le.spare = buf }

// NewLedgerEncoder returns a LedgerEncoder writing e's invocations.
func (e *Extractor) NewLedgerEncoder() *LedgerEncoder {
	return &LedgerEncoder{x: ledgerExtraction{e: e, conv: &converter{}, transcode: true}}
}

// EncodeRawLedger is RawLedger followed by schemas.AppendInvocation of every invocation,
// with the same results and errors, at a fraction of the cost.
func (le *LedgerEncoder) EncodeRawLedger(raw []byte) (seq uint32, out []EncodedInvocation, err error) {
	x := &le.x
	le.buf, le.events = nil, le.events[:0]
	stripped, events, hashes, envs, err := x.e.splitInto(le.stripped, raw, true, x.conv, &le.events)
	if err != nil {
		lcm, err := DecodeLedger(raw)
		if err != nil {
			return 0, nil, &LedgerError{Err: err}
		}
		out, err := le.EncodeLedger(lcm)
		return lcm.LedgerSequence(), out, err
	}
	lcm, err := DecodeLedger(stripped)
	// Decoding copies what it keeps: the stripped ledger's array serves the next one.
	le.stripped = stripped[:0]
	if err != nil {
		return 0, nil, &LedgerError{Err: err}
	}
	seq = lcm.LedgerSequence()
	if lcm.CountTransactions() != len(events) {
		return seq, nil, &LedgerError{Ledger: seq, Err: fmt.Errorf("%w: %d transactions, %d metas", ErrBadXDR, lcm.CountTransactions(), len(events))}
	}
	x.rawEnvs = envs
	out, err = le.encode(lcm, events, hashes)
	return seq, out, err
}

// EncodeLedger is Ledger followed by schemas.AppendInvocation of every invocation.
func (le *LedgerEncoder) EncodeLedger(lcm xdr.LedgerCloseMeta) ([]EncodedInvocation, error) {
	return le.encode(lcm, nil, nil)
}

func (le *LedgerEncoder) encode(lcm xdr.LedgerCloseMeta, events []rawTxEvents, hashes []xdr.Hash) (out []EncodedInvocation, err error) {
	x := &le.x
	seq := uint32(0)
	le.buf = nil
	defer func() {
		// The SDK's helpers panic on meta that decoded but does not hold together.
		if r := recover(); r != nil {
			out, err = nil, &LedgerError{Ledger: seq, Err: fmt.Errorf("%w: %v", ErrBadXDR, r)}
		}
		// Nothing of the ledger is kept.
		x.raw, x.rawEnvs, x.env, x.op, x.fpTx = nil, nil, nil, nil, 0
		clear(x.pairs[:cap(x.pairs)])
		clear(x.rawChanges[:cap(x.rawChanges)])
		clear(x.rawPairs[:cap(x.rawPairs)])
	}()
	seq = lcm.LedgerSequence()
	// One buffer holds the ledger's messages back to back; each message is a slice of it.
	buf := le.spare[:0]
	if want := le.last + le.last/8; cap(buf) < want {
		buf = make([]byte, 0, want)
	}
	le.spare = nil
	err = x.run(lcm, events, hashes, func(inv *schemas.Invocation) error {
		start := len(buf)
		var err error
		if buf, err = schemas.AppendInvocationSections(buf, inv, &x.ev); err != nil {
			return fmt.Errorf("msgpack encode invocation: %w", err)
		}
		out = append(out, EncodedInvocation{
			Ledger: inv.Ledger, TxIndex: inv.TxIndex, OpIndex: inv.OpIndex, TxHash: inv.TxHash,
			Kind: inv.Kind, ContractID: inv.ContractID, Function: inv.Function,
			Data: buf[start:len(buf):len(buf)],
		})
		return nil
	})
	if err != nil {
		var lerr *LedgerError
		if !errors.As(err, &lerr) {
			err = &LedgerError{Ledger: seq, Err: err}
		}
		return nil, err
	}
	// Appending may have moved the buffer: slice every message from the final one.
	at := 0
	for i := range out {
		n := len(out[i].Data)
		out[i].Data = buf[at : at+n : at+n]
		at += n
	}
	le.last, le.buf = len(buf), buf[:0]
	return out, nil
}
