package stellar

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/support/compressxdr"
	"github.com/stellar/go-stellar-sdk/support/datastore"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/services/stellar/stellartest"
)

// realLedgers returns the raw XDR of the v23 load-test ledgers 93 and 94 (contiguous).
func realLedgers(t *testing.T) map[uint32][]byte {
	t.Helper()
	b := openFixture(t, fixtureV23)
	out := map[uint32][]byte{}
	for _, seq := range []uint32{93, 94} {
		raw, err := b.GetRawLedger(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		out[seq] = raw
	}
	return out
}

// galexieDatastore writes ledgers into a filesystem datastore in Galexie's layout (one
// ledger per object, 64000 objects per partition, a manifest), as the public data lake
// has them.
func galexieDatastore(t *testing.T, passphrase string, ledgers map[uint32][]byte) string {
	t.Helper()
	dir := t.TempDir()
	schema := datastore.DataStoreSchema{LedgersPerFile: 1, FilesPerPartition: 64000, FileExtension: "zst"}
	for seq, raw := range ledgers {
		lcm, err := DecodeLedger(raw)
		if err != nil {
			t.Fatal(err)
		}
		batch := xdr.LedgerCloseMetaBatch{StartSequence: xdr.Uint32(seq), EndSequence: xdr.Uint32(seq),
			LedgerCloseMetas: []xdr.LedgerCloseMeta{lcm}}
		p := filepath.Join(dir, schema.GetObjectKeyFromSequenceNumber(seq))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := compressxdr.NewXDREncoder(compressxdr.DefaultCompressor, &batch).WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	manifest, _ := json.Marshal(map[string]any{"networkPassphrase": passphrase, "version": "1.0",
		"compression": "zstd", "ledgersPerBatch": 1, "batchesPerPartition": 64000})
	if err := os.WriteFile(filepath.Join(dir, ".config.json"), manifest, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rpcDouble is a loopback JSON-RPC server answering getHealth and getLedgers with real
// ledgers: a test double of Stellar RPC, the data real. The first failFirst calls fail
// with HTTP 503.
type rpcDouble struct {
	ledgers   map[uint32][]byte
	failFirst atomic.Int32
	calls     atomic.Int32
}

func (d *rpcDouble) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	d.calls.Add(1)
	if d.failFirst.Add(-1) >= 0 {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req struct {
		ID     json.RawMessage `json:"id"`
		Method string          `json:"method"`
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var oldest, latest uint32
	for seq := range d.ledgers {
		if oldest == 0 || seq < oldest {
			oldest = seq
		}
		latest = max(latest, seq)
	}
	var result any
	switch req.Method {
	case "getHealth":
		result = map[string]any{"status": "healthy", "latestLedger": latest, "oldestLedger": oldest,
			"ledgerRetentionWindow": latest - oldest + 1, "latestLedgerCloseTime": "0", "oldestLedgerCloseTime": "0"}
	case "getLedgers":
		var p struct {
			StartLedger uint32 `json:"startLedger"`
			Pagination  struct {
				Limit uint32 `json:"limit"`
			} `json:"pagination"`
		}
		_ = json.Unmarshal(req.Params, &p)
		var ledgers []map[string]any
		for seq := p.StartLedger; len(ledgers) < int(max(p.Pagination.Limit, 1)); seq++ {
			raw, ok := d.ledgers[seq]
			if !ok {
				break
			}
			ledgers = append(ledgers, map[string]any{"sequence": seq, "hash": "00", "ledgerCloseTime": "0",
				"headerXdr": "", "metadataXdr": base64.StdEncoding.EncodeToString(raw)})
		}
		result = map[string]any{"ledgers": ledgers, "latestLedger": latest, "oldestLedger": oldest, "cursor": ""}
	default:
		result = nil
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"jsonrpc": "2.0", "id": req.ID, "result": result})
}

// sourceConformance is what every ledger source must do with the real v23 ledgers 93
// (empty) and 94 (100 bulk_transfer calls): prepare a range, serve both ledgers in order,
// report its latest ledger, and fail once closed.
func sourceConformance(t *testing.T, src ledgerbackend.LedgerBackend) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ex, err := NewExtractor(ExtractorConfig{Passphrase: loadTestPassphrase, Network: "loadtest"})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.PrepareRange(ctx, ledgerbackend.BoundedRange(93, 94)); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if ok, err := src.IsPrepared(ctx, ledgerbackend.BoundedRange(93, 94)); err != nil || !ok {
		t.Fatalf("is prepared: %v %v", ok, err)
	}
	counts := []struct {
		seq         uint32
		invocations int
		events      int
	}{{93, 0, 0}, {94, 100, 1000}}
	for _, c := range counts {
		lcm, err := src.GetLedger(ctx, c.seq)
		if err != nil {
			t.Fatalf("ledger %d: %v", c.seq, err)
		}
		invs, err := ex.Ledger(lcm)
		if err != nil {
			t.Fatal(err)
		}
		events := 0
		for _, inv := range invs {
			events += len(inv.ContractEvents)
		}
		if lcm.LedgerSequence() != c.seq || len(invs) != c.invocations || events != c.events {
			t.Fatalf("ledger %d: seq %d, %d invocations, %d events", c.seq, lcm.LedgerSequence(), len(invs), events)
		}
	}
	if latest, err := src.GetLatestLedgerSequence(ctx); err != nil || latest < 94 {
		t.Fatalf("latest %d %v", latest, err)
	}
	if err := src.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if _, err := src.GetLedger(ctx, 94); err == nil {
		t.Fatal("GetLedger after Close succeeded")
	}
}

// TestSourcesConformance runs the same assertions against every source: a file, a
// filesystem datastore in Galexie layout, and Stellar RPC (a loopback double serving the
// real ledgers).
func TestSourcesConformance(t *testing.T) {
	t.Parallel()
	ledgers := realLedgers(t)
	cases := []struct {
		name string
		open func(t *testing.T) ledgerbackend.LedgerBackend
	}{
		{"file", func(t *testing.T) ledgerbackend.LedgerBackend { return openFixture(t, fixtureV23) }},
		{"datastore", func(t *testing.T) ledgerbackend.LedgerBackend {
			dir := galexieDatastore(t, loadTestPassphrase, ledgers)
			b, err := NewDatastoreBackend(context.Background(), DatastoreConfig{Type: "Filesystem",
				Params: map[string]string{"destination_path": dir}, Passphrase: loadTestPassphrase, BufferSize: 2, NumWorkers: 1})
			if err != nil {
				t.Fatal(err)
			}
			return b
		}},
		{"rpc", func(t *testing.T) ledgerbackend.LedgerBackend {
			srv := httptest.NewServer(&rpcDouble{ledgers: ledgers})
			t.Cleanup(srv.Close)
			b, err := NewRPCBackend(RPCConfig{URL: srv.URL, BufferSize: 1, Retry: RetryPolicy{Attempts: 3, InitialBackoff: time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			return b
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sourceConformance(t, tc.open(t))
		})
	}
}

// TestDatastoreMainnetObject asserts that the real Galexie object of mainnet ledger
// 53312000, placed as is in a filesystem datastore, is read through the SDK's
// BufferedStorageBackend, and that a passphrase contradicting the manifest is refused.
func TestDatastoreMainnetObject(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(stellartest.Fixture(t, fixtureMainnet))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	schema := datastore.DataStoreSchema{LedgersPerFile: 1, FilesPerPartition: 64000, FileExtension: "zstd"}
	p := filepath.Join(dir, schema.GetObjectKeyFromSequenceNumber(53312000))
	if !strings.HasSuffix(p, fixtureMainnet) {
		t.Fatalf("object key %s is not the data lake's name %s", p, fixtureMainnet)
	}
	_ = os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := `{"networkPassphrase":"` + mainnetPassphrase + `","version":"1.0","compression":"zstd","ledgersPerBatch":1,"batchesPerPartition":64000}`
	if err := os.WriteFile(filepath.Join(dir, ".config.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := DatastoreConfig{Type: "Filesystem", Params: map[string]string{"destination_path": dir}, Passphrase: mainnetPassphrase}
	b, err := NewDatastoreBackend(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	if err := b.PrepareRange(ctx, ledgerbackend.UnboundedRange(53312000)); err != nil {
		t.Fatal(err)
	}
	lcm, err := b.GetLedger(ctx, 53312000)
	if err != nil {
		t.Fatal(err)
	}
	ex, _ := NewExtractor(ExtractorConfig{Passphrase: mainnetPassphrase})
	invs, err := ex.Ledger(lcm)
	if err != nil || len(invs) != 1 || invs[0].Function != "set_price" {
		t.Fatalf("%d invocations, %v", len(invs), err)
	}

	cfg.Passphrase = loadTestPassphrase
	if _, err := NewDatastoreBackend(ctx, cfg); err == nil || !strings.Contains(err.Error(), "networkPassphrase") {
		t.Fatalf("mismatched passphrase: %v", err)
	}
	if _, err := NewDatastoreBackend(ctx, DatastoreConfig{Type: "Tape"}); err == nil {
		t.Fatal("bad type accepted")
	}
}

// TestRPCRetries asserts that failing RPC calls are retried with back-off until they
// succeed, that a retry limit ends the attempt with the last error, and that a
// cancelled context stops the retries at once.
func TestRPCRetries(t *testing.T) {
	t.Parallel()
	ledgers := realLedgers(t)
	cases := []struct {
		name      string
		failFirst int32
		attempts  int
		cancel    bool
		wantErr   string
	}{
		{name: "recovers after failures", failFirst: 4, attempts: 0},
		{name: "gives up at the limit", failFirst: 100, attempts: 3, wantErr: "try 3"},
		{name: "cancelled", failFirst: 100, attempts: 0, cancel: true, wantErr: "context canceled"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := &rpcDouble{ledgers: ledgers}
			d.failFirst.Store(tc.failFirst)
			srv := httptest.NewServer(d)
			defer srv.Close()
			b, err := NewRPCBackend(RPCConfig{URL: srv.URL, Retry: RetryPolicy{Attempts: tc.attempts,
				InitialBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond}})
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var once sync.Once
			if tc.cancel {
				go func() {
					for d.calls.Load() < 3 {
						time.Sleep(time.Millisecond)
					}
					once.Do(cancel)
				}()
			}
			err = b.PrepareRange(ctx, ledgerbackend.BoundedRange(94, 94))
			if err == nil {
				_, err = b.GetLedger(ctx, 94)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err %v, want %q", err, tc.wantErr)
			}
			if tc.cancel && !errors.Is(err, context.Canceled) {
				t.Fatalf("err %v is not context.Canceled", err)
			}
		})
	}
}

// TestRPCBadLedgerNotRetried asserts that a ledger the server sends that does not decode
// fails at once as ErrBadXDR naming the server and the ledger.
func TestRPCBadLedgerNotRetried(t *testing.T) {
	t.Parallel()
	ledgers := realLedgers(t)
	ledgers[94] = ledgers[94][:1000]
	srv := httptest.NewServer(&rpcDouble{ledgers: ledgers})
	defer srv.Close()
	b, err := NewRPCBackend(RPCConfig{URL: srv.URL, Retry: RetryPolicy{InitialBackoff: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := b.PrepareRange(ctx, ledgerbackend.BoundedRange(93, 94)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetLedger(ctx, 93); err != nil {
		t.Fatal(err)
	}
	_, err = b.GetLedger(ctx, 94)
	var le *LedgerError
	if !errors.Is(err, ErrBadXDR) || !errors.As(err, &le) || le.Ledger != 94 || le.Source != srv.URL {
		t.Fatalf("err %v", err)
	}
}
