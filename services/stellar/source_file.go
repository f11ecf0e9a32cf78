package stellar

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/xdr"
)

// FileFormat is the layout of a ledger file.
type FileFormat string

// File formats.
const (
	// FormatAuto tells the formats apart by their first bytes.
	FormatAuto FileFormat = "auto"
	// FormatStream is a sequence of record-marked LedgerCloseMeta (what stellar-core's
	// meta stream and xdr.NewZstdStream read), optionally zstd-compressed.
	FormatStream FileFormat = "stream"
	// FormatGalexie is a LedgerCloseMetaBatch, zstd-compressed: one object of a Galexie
	// datastore.
	FormatGalexie FileFormat = "galexie"
)

// ParseFileFormat reads a --format value.
func ParseFileFormat(s string) (FileFormat, error) {
	switch f := FileFormat(s); f {
	case FormatAuto, FormatStream, FormatGalexie:
		return f, nil
	case "":
		return FormatAuto, nil
	}
	return "", fmt.Errorf("unknown ledger file format %q (want auto, stream or galexie)", s)
}

// RawLedgerBackend is a LedgerBackend that also hands out a ledger's XDR undecoded, so
// that the caller can decode ledgers on several goroutines.
type RawLedgerBackend interface {
	ledgerbackend.LedgerBackend
	// GetRawLedger returns the XDR of a LedgerCloseMeta; the caller may keep it.
	GetRawLedger(ctx context.Context, sequence uint32) ([]byte, error)
}

// LedgerLister is implemented by sources that hold a known, possibly gapped, set of
// ledgers (files cut from a network). A reader walks Sequences instead of counting up,
// then reports TailErr, the damage found after the last readable ledger, if any.
type LedgerLister interface {
	Sequences() []uint32
	TailErr() error
}

// DecodeLedger decodes one LedgerCloseMeta, requiring every byte to be used.
func DecodeLedger(raw []byte) (xdr.LedgerCloseMeta, error) {
	var lcm xdr.LedgerCloseMeta
	if err := xdr.SafeUnmarshal(raw, &lcm); err != nil {
		return xdr.LedgerCloseMeta{}, fmt.Errorf("%w: decode LedgerCloseMeta: %v", ErrBadXDR, err)
	}
	return lcm, nil
}

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// FileBackend serves the ledgers of one file (FormatStream or FormatGalexie) through the
// SDK's LedgerBackend interface. The file is read into memory when opened; ledgers are
// decoded when asked for, so a damaged ledger fails alone, naming the file and ledger.
type FileBackend struct {
	name    string
	seqs    []uint32
	raws    [][]byte
	tailErr error

	mu       sync.Mutex
	prepared *ledgerbackend.Range
	closed   atomic.Bool
}

var (
	_ ledgerbackend.LedgerBackend = (*FileBackend)(nil)
	_ RawLedgerBackend            = (*FileBackend)(nil)
	_ LedgerLister                = (*FileBackend)(nil)
)

// OpenFile reads a ledger file. Damage after at least one readable ledger is not an
// error here: those ledgers are served and TailErr reports the rest.
func OpenFile(path string, format FileFormat) (*FileBackend, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open ledger file: %w", err)
	}
	return NewFileBackend(path, data, format)
}

// NewFileBackend serves the ledgers in data, a file's content; name is what errors call
// the file.
func NewFileBackend(name string, data []byte, format FileFormat) (*FileBackend, error) {
	b := &FileBackend{name: name}
	var zerr error
	if bytes.HasPrefix(data, zstdMagic) {
		data, zerr = decompress(data)
	}
	if format == FormatAuto || format == "" {
		format = detectFormat(data)
	}
	switch format {
	case FormatStream:
		b.splitStream(data)
	case FormatGalexie:
		b.splitBatch(data)
	default:
		return nil, fmt.Errorf("ledger file %s: unknown format %q", name, format)
	}
	if zerr != nil && b.tailErr == nil {
		b.tailErr = b.errAfterLast(fmt.Errorf("%w: zstd: %v", ErrBadXDR, zerr))
	}
	if len(b.seqs) == 0 {
		if b.tailErr != nil {
			return nil, b.tailErr
		}
		return nil, &LedgerError{Source: name, Err: fmt.Errorf("%w: no ledgers in file", ErrBadXDR)}
	}
	return b, nil
}

// decompress returns what zstd could decode, and the error that stopped it.
func decompress(data []byte) ([]byte, error) {
	dec, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	out, err := io.ReadAll(dec)
	return out, err
}

// detectFormat tells a record-marked stream (first word has the last-fragment bit) from a
// LedgerCloseMetaBatch (first word is a ledger sequence, far below 2^31).
func detectFormat(data []byte) FileFormat {
	if len(data) >= 4 && data[0]&0x80 != 0 {
		return FormatStream
	}
	return FormatGalexie
}

func (b *FileBackend) add(raw []byte) bool {
	seq, err := xdr.LedgerCloseMetaView(raw).LedgerSequence()
	if err != nil {
		b.tailErr = b.errAfterLast(fmt.Errorf("%w: ledger header: %v", ErrBadXDR, err))
		return false
	}
	if n := len(b.seqs); n > 0 && seq <= b.seqs[n-1] {
		b.tailErr = &LedgerError{Source: b.name, Ledger: seq,
			Err: fmt.Errorf("%w: ledger %d follows ledger %d", ErrBadXDR, seq, b.seqs[n-1])}
		return false
	}
	b.seqs = append(b.seqs, seq)
	b.raws = append(b.raws, raw)
	return true
}

// errAfterLast names a ledger whose sequence could not be read by its position in the
// file and the last ledger before it.
func (b *FileBackend) errAfterLast(err error) error {
	le := &LedgerError{Source: b.name, Index: len(b.seqs), Err: err}
	if n := len(b.seqs); n > 0 {
		le.After = b.seqs[n-1]
	}
	return le
}

func (b *FileBackend) splitStream(data []byte) {
	for len(data) > 0 {
		if len(data) < 4 {
			b.tailErr = b.errAfterLast(fmt.Errorf("%w: truncated record mark", ErrBadXDR))
			return
		}
		mark := uint32(data[0])<<24 | uint32(data[1])<<16 | uint32(data[2])<<8 | uint32(data[3])
		if mark&0x80000000 == 0 {
			b.tailErr = b.errAfterLast(fmt.Errorf("%w: record mark without last-fragment bit", ErrBadXDR))
			return
		}
		n := int(mark & 0x7fffffff)
		if n > len(data)-4 {
			b.tailErr = b.errAfterLast(fmt.Errorf("%w: truncated record: %d of %d bytes", ErrBadXDR, len(data)-4, n))
			return
		}
		if !b.add(data[4 : 4+n]) {
			return
		}
		data = data[4+n:]
	}
}

func (b *FileBackend) splitBatch(data []byte) {
	view := xdr.LedgerCloseMetaBatchView(data)
	metas, err := view.LedgerCloseMetas()
	if err != nil {
		b.tailErr = b.errAfterLast(fmt.Errorf("%w: LedgerCloseMetaBatch: %v", ErrBadXDR, err))
		return
	}
	for lv, err := range metas.Iter() {
		if err != nil {
			b.tailErr = b.errAfterLast(fmt.Errorf("%w: LedgerCloseMetaBatch: %v", ErrBadXDR, err))
			return
		}
		if !b.add([]byte(lv)) {
			return
		}
	}
}

// Name is the file the backend reads.
func (b *FileBackend) Name() string { return b.name }

// Sequences lists the file's readable ledgers in order.
func (b *FileBackend) Sequences() []uint32 { return slices.Clone(b.seqs) }

// TailErr is the damage found after the last readable ledger, nil if none.
func (b *FileBackend) TailErr() error { return b.tailErr }

// GetLatestLedgerSequence is the file's last readable ledger.
func (b *FileBackend) GetLatestLedgerSequence(context.Context) (uint32, error) {
	if b.closed.Load() {
		return 0, ErrClosed
	}
	return b.seqs[len(b.seqs)-1], nil
}

// GetRawLedger returns a ledger's XDR.
func (b *FileBackend) GetRawLedger(_ context.Context, sequence uint32) ([]byte, error) {
	if b.closed.Load() {
		return nil, ErrClosed
	}
	i, ok := slices.BinarySearch(b.seqs, sequence)
	if !ok {
		if b.tailErr != nil && sequence > b.seqs[len(b.seqs)-1] {
			return nil, b.tailErr
		}
		return nil, &LedgerError{Source: b.name, Ledger: sequence, Err: ErrLedgerNotFound}
	}
	return b.raws[i], nil
}

// GetLedger decodes a ledger of the file.
func (b *FileBackend) GetLedger(ctx context.Context, sequence uint32) (xdr.LedgerCloseMeta, error) {
	raw, err := b.GetRawLedger(ctx, sequence)
	if err != nil {
		return xdr.LedgerCloseMeta{}, err
	}
	lcm, err := DecodeLedger(raw)
	if err != nil {
		return xdr.LedgerCloseMeta{}, &LedgerError{Source: b.name, Ledger: sequence, Err: err}
	}
	return lcm, nil
}

// PrepareRange checks that the range starts inside the file.
func (b *FileBackend) PrepareRange(_ context.Context, r ledgerbackend.Range) error {
	if b.closed.Load() {
		return ErrClosed
	}
	first, last := b.seqs[0], b.seqs[len(b.seqs)-1]
	if r.From() < first || r.From() > last {
		return &LedgerError{Source: b.name, Ledger: r.From(),
			Err: fmt.Errorf("%w: file holds ledgers %d to %d", ErrLedgerNotFound, first, last)}
	}
	b.mu.Lock()
	b.prepared = &r
	b.mu.Unlock()
	return nil
}

// IsPrepared reports whether PrepareRange was called with a range covering r.
func (b *FileBackend) IsPrepared(_ context.Context, r ledgerbackend.Range) (bool, error) {
	if b.closed.Load() {
		return false, ErrClosed
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.prepared != nil && b.prepared.Contains(r), nil
}

// Close releases the file's ledgers.
func (b *FileBackend) Close() error {
	b.closed.Store(true)
	return nil
}

// GalexieFileName is the object name Galexie gives a batch of one ledger per file with
// no partitions, as in the public data lake's first layer: "FCD285FF--53312000.xdr.zstd".
func GalexieFileName(seq uint32) string {
	return fmt.Sprintf("%08X--%d.xdr.zstd", ^seq, seq)
}
