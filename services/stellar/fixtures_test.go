package stellar

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stellar/go-stellar-sdk/network"
	"github.com/stellar/go-stellar-sdk/xdr"
)

// Real ledgers shared by the project (see ../shared/fixtures/stellar/README.md).
const (
	fixtureMainnet = "FCD285FF--53312000.xdr.zstd"
	fixtureV23     = "load-test-ledgers-v23.xdr.zstd"
	fixtureV22     = "load-test-ledgers-v22.xdr.zstd"

	loadTestPassphrase = "load test network"
	mainnetPassphrase  = network.PublicNetworkPassphrase
)

// fixturePath finds a shared fixture from the repository root (the directory holding
// go.work): <root>/../shared/fixtures/stellar/<name>.
func fixturePath(tb testing.TB, name string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("repository root (go.work) not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "fixtures", "stellar", name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("fixture %s: %v", name, err)
	}
	return p
}

func openFixture(tb testing.TB, name string) *FileBackend {
	tb.Helper()
	b, err := OpenFile(fixturePath(tb, name), FormatAuto)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = b.Close() })
	return b
}

// realFixture is a fixture of real ledgers and the passphrase of their network.
type realFixture struct{ file, pass string }

// realFixtures are every fixture of real ledgers: mainnet protocol 21, load tests of
// protocols 23 and 22.
func realFixtures() []realFixture {
	return []realFixture{{fixtureMainnet, mainnetPassphrase}, {fixtureV23, loadTestPassphrase}, {fixtureV22, loadTestPassphrase}}
}

// v23RawLedger is ledger seq of the protocol 23 load test fixture, as XDR.
func v23RawLedger(tb testing.TB, seq uint32) []byte {
	tb.Helper()
	raw, err := openFixture(tb, fixtureV23).GetRawLedger(context.Background(), seq)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// v23Ledger is ledger seq of the protocol 23 load test fixture, decoded.
func v23Ledger(tb testing.TB, seq uint32) xdr.LedgerCloseMeta {
	tb.Helper()
	lcm, err := openFixture(tb, fixtureV23).GetLedger(context.Background(), seq)
	if err != nil {
		tb.Fatal(err)
	}
	return lcm
}

// newTestExtractor is an extractor for ledgers of the network named by pass.
func newTestExtractor(tb testing.TB, pass string) *Extractor {
	tb.Helper()
	ex, err := NewExtractor(ExtractorConfig{Passphrase: pass, Network: "n"})
	if err != nil {
		tb.Fatal(err)
	}
	return ex
}
