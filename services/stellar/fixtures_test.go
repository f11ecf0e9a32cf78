package stellar

import (
	"context"
	"testing"

	"github.com/stellar/go-stellar-sdk/network"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/services/stellar/stellartest"
)

// Real ledgers shared by the project (see ../shared/fixtures/stellar/README.md).
const (
	fixtureMainnet = stellartest.Mainnet
	fixtureV23     = stellartest.V23
	fixtureV22     = stellartest.V22

	loadTestPassphrase = stellartest.LoadTestPassphrase
	mainnetPassphrase  = network.PublicNetworkPassphrase
)

func openFixture(tb testing.TB, name string) *FileBackend {
	tb.Helper()
	b, err := OpenFile(stellartest.Fixture(tb, name), FormatAuto)
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
