// Package stellartest finds, for tests, the real Stellar ledgers shared beside the
// repository: <repository root>/../shared/fixtures/stellar (its README counts their
// facts). Tests read them there; they are never copied into the repository.
package stellartest

import (
	"os"
	"path/filepath"
	"testing"
)

// The shared ledger files and the passphrase of the load-test network.
const (
	Mainnet            = "FCD285FF--53312000.xdr.zstd"    // mainnet, protocol 21
	V22                = "load-test-ledgers-v22.xdr.zstd" // load test, protocol 22
	V23                = "load-test-ledgers-v23.xdr.zstd" // load test, protocol 23
	LoadTestPassphrase = "load test network"
)

// Fixture returns the path of a shared ledger file, found from the test's directory up
// to the repository root (the directory holding go.work). It fails the test when the
// root or the file is not there.
func Fixture(tb testing.TB, name string) string {
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
