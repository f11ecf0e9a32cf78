package stellar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/xdr"
	goxdr "github.com/stellar/go-xdr/xdr3"
)

// RPCConfig names a Stellar RPC server to read live ledgers from with getLedgers.
type RPCConfig struct {
	URL string
	// BufferSize is how many ledgers one getLedgers call asks for (default 10).
	BufferSize uint32
	// HTTPClient is used for the calls; nil means one with a 30 s timeout.
	HTTPClient *http.Client
	// Retry governs how failed calls are retried.
	Retry RetryPolicy
}

// RetryPolicy is exponential back-off: InitialBackoff, doubled after each failure up to
// MaxBackoff, for at most Attempts tries (0: until the context ends).
type RetryPolicy struct {
	Attempts       int
	InitialBackoff time.Duration
	MaxBackoff     time.Duration
}

// Check reports a config that cannot work.
func (c RPCConfig) Check() error {
	if c.URL == "" {
		return errors.New("rpc config: empty URL")
	}
	if c.Retry.Attempts < 0 || c.Retry.InitialBackoff < 0 || c.Retry.MaxBackoff < 0 {
		return errors.New("rpc config: negative retry setting")
	}
	return nil
}

// backoff is the wait before try n (1-based: the wait after the first failure is n=1).
func (p RetryPolicy) backoff(n int) time.Duration {
	d, maxD := p.InitialBackoff, p.MaxBackoff
	if d <= 0 {
		d = 500 * time.Millisecond
	}
	if maxD <= 0 {
		maxD = 30 * time.Second
	}
	for i := 1; i < n && d < maxD; i++ {
		d *= 2
	}
	return min(d, maxD)
}

// RPCBackend is the SDK's RPCLedgerBackend with retries: a failed getHealth or
// getLedgers call (network, server error) is tried again after a back-off instead of
// ending the stream. A ledger the server no longer holds is not retried.
type RPCBackend struct {
	inner *ledgerbackend.RPCLedgerBackend
	url   string
	retry RetryPolicy
}

var _ ledgerbackend.LedgerBackend = (*RPCBackend)(nil)

// NewRPCBackend returns a LedgerBackend reading from a Stellar RPC server.
func NewRPCBackend(cfg RPCConfig) (*RPCBackend, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	inner := ledgerbackend.NewRPCLedgerBackend(ledgerbackend.RPCLedgerBackendOptions{
		RPCServerURL: cfg.URL, BufferSize: cfg.BufferSize, HttpClient: hc,
	})
	return &RPCBackend{inner: inner, url: cfg.URL, retry: cfg.Retry}, nil
}

// Name is the server's URL, for errors.
func (b *RPCBackend) Name() string { return b.url }

// retryable says whether a failed call may succeed if tried again.
func retryable(ctx context.Context, err error) bool {
	var missing *ledgerbackend.RPCLedgerMissingError
	switch {
	case ctx.Err() != nil, errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	case errors.As(err, &missing), errors.Is(err, ErrBadXDR), isXDRDecodeError(err):
		return false
	}
	return true
}

// isXDRDecodeError spots a ledger the server sent that does not decode: asking again
// returns the same bytes.
func isXDRDecodeError(err error) bool {
	var ue *goxdr.UnmarshalError
	return errors.As(err, &ue)
}

func (b *RPCBackend) do(ctx context.Context, what string, f func() error) error {
	for n := 1; ; n++ {
		err := f()
		if err == nil {
			return nil
		}
		if !retryable(ctx, err) || (b.retry.Attempts > 0 && n >= b.retry.Attempts) {
			return fmt.Errorf("rpc %s %s (try %d): %w", b.url, what, n, err)
		}
		t := time.NewTimer(b.retry.backoff(n))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("rpc %s %s (try %d): %w", b.url, what, n, errors.Join(err, ctx.Err()))
		case <-t.C:
		}
	}
}

// GetLatestLedgerSequence is the latest ledger the backend has buffered.
func (b *RPCBackend) GetLatestLedgerSequence(ctx context.Context) (uint32, error) {
	var seq uint32
	err := b.do(ctx, "latest ledger", func() (err error) {
		seq, err = b.inner.GetLatestLedgerSequence(ctx)
		return err
	})
	return seq, err
}

// GetLedger returns a ledger, waiting for the server to close it when it is ahead.
func (b *RPCBackend) GetLedger(ctx context.Context, sequence uint32) (xdr.LedgerCloseMeta, error) {
	var lcm xdr.LedgerCloseMeta
	err := b.do(ctx, fmt.Sprintf("ledger %d", sequence), func() (err error) {
		lcm, err = b.inner.GetLedger(ctx, sequence)
		return err
	})
	if err != nil {
		if isXDRDecodeError(err) {
			err = fmt.Errorf("%w: %v", ErrBadXDR, err)
		}
		return xdr.LedgerCloseMeta{}, &LedgerError{Source: b.url, Ledger: sequence, Err: err}
	}
	return lcm, nil
}

// PrepareRange checks the start of the range with the server.
func (b *RPCBackend) PrepareRange(ctx context.Context, r ledgerbackend.Range) error {
	return b.do(ctx, "prepare "+r.String(), func() error { return b.inner.PrepareRange(ctx, r) })
}

// IsPrepared reports whether the range was prepared.
func (b *RPCBackend) IsPrepared(ctx context.Context, r ledgerbackend.Range) (bool, error) {
	return b.inner.IsPrepared(ctx, r)
}

// Close stops the backend; a blocked GetLedger returns.
func (b *RPCBackend) Close() error { return b.inner.Close() }
