package stellar

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stellar/go-stellar-sdk/network"
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
