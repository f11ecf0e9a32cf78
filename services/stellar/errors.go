package stellar

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinels of the stellar package; match with errors.Is.
var (
	// ErrBadXDR marks ledger data that does not decode or is inconsistent with itself.
	ErrBadXDR = errors.New("malformed ledger XDR")
	// ErrContractIDMismatch marks a created contract whose id, derived from its preimage
	// and the network id, is not the one the host function returned: a wrong network
	// passphrase or a bug, never to be published.
	ErrContractIDMismatch = errors.New("derived contract id differs from the result")
	// ErrLedgerNotFound is returned by a source asked for a ledger it does not hold.
	ErrLedgerNotFound = errors.New("ledger not in source")
	// ErrClosed is returned by a source used after Close.
	ErrClosed = errors.New("source closed")
)

// LedgerError is a failure to read or extract one ledger. It names where the ledger came
// from (a file, a datastore object, an RPC server) and which ledger it is.
type LedgerError struct {
	// Source is the file or endpoint the ledger was read from; may be empty.
	Source string
	// Ledger is the ledger sequence, or 0 when it could not be read.
	Ledger uint32
	// Index is the ledger's 0-based position in Source when its sequence is unknown, and
	// After the last ledger read before it (0 if none).
	Index int
	After uint32
	Err   error
}

func (e *LedgerError) Error() string {
	where := ""
	if e.Source != "" {
		where = e.Source + ": "
	}
	if e.Ledger != 0 {
		return where + "ledger " + strconv.FormatUint(uint64(e.Ledger), 10) + ": " + e.Err.Error()
	}
	if e.After != 0 {
		return fmt.Sprintf("%sledger #%d (after ledger %d): %v", where, e.Index, e.After, e.Err)
	}
	return fmt.Sprintf("%sledger #%d: %v", where, e.Index, e.Err)
}

func (e *LedgerError) Unwrap() error { return e.Err }

// IsPermanent reports whether err will happen again however often the same ledger is
// read: bad XDR, a contract id mismatch. Other errors (I/O, network, context) may pass.
func IsPermanent(err error) bool {
	return errors.Is(err, ErrBadXDR) || errors.Is(err, ErrContractIDMismatch)
}
