package stellar

import (
	"context"
	"strings"
	"testing"

	"github.com/chainrelay/chainrelay/schemas"
)

func extractAll(t *testing.T, b *FileBackend, passphrase, network string) map[uint32][]schemas.Invocation {
	t.Helper()
	ex, err := NewExtractor(ExtractorConfig{Passphrase: passphrase, Network: network})
	if err != nil {
		t.Fatal(err)
	}
	out := map[uint32][]schemas.Invocation{}
	for _, seq := range b.Sequences() {
		lcm, err := b.GetLedger(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		invs, err := ex.Ledger(lcm)
		if err != nil {
			t.Fatal(err)
		}
		out[seq] = invs
	}
	return out
}

// TestMainnetLedgerFacts asserts the counted facts of real mainnet ledger 53312000
// (protocol 21, TxMeta V3): exactly one invocation, set_price on the oracle contract.
func TestMainnetLedgerFacts(t *testing.T) {
	t.Parallel()
	b := openFixture(t, fixtureMainnet)
	got := extractAll(t, b, mainnetPassphrase, "")
	invs := got[53312000]
	if len(got) != 1 || len(invs) != 1 {
		t.Fatalf("got %d ledgers, %d invocations; want 1, 1", len(got), len(invs))
	}
	inv := invs[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"network", inv.Network, "pubnet"},
		{"ledger", inv.Ledger, uint32(53312000)},
		{"protocol", inv.ProtocolVersion, uint32(21)},
		{"kind", inv.Kind, schemas.KindCall},
		{"tx hash prefix", inv.TxHash[:8], "f551d9cf"},
		{"tx hash suffix", inv.TxHash[len(inv.TxHash)-4:], "880f"},
		{"contract", inv.ContractID, "CALI2BYU2JE6WVRUFYTS6MSBNEHGJ35P4AVCZYF3B6QOE3QKOB2PLE6M"},
		{"function", inv.Function, "set_price"},
		{"arguments", len(inv.Arguments), 2},
		{"successful", inv.Successful, true},
		{"result code", inv.ResultCode, "success"},
		{"contract events", len(inv.ContractEvents), 0},
		{"diagnostic events", len(inv.DiagnosticEvents), 21},
		{"auth entries", len(inv.AuthEntries), 1},
		{"closed at year", inv.ClosedAt.Year(), 2024},
		{"closed at UTC", inv.ClosedAt.Location().String(), "UTC"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if !strings.HasPrefix(inv.InvokingAccount, "G") || inv.FeeCharged <= 0 {
		t.Errorf("invoking account %q, fee %d", inv.InvokingAccount, inv.FeeCharged)
	}
}

// TestLoadTestLedgerFacts asserts the counted facts of the protocol 22 (TxMeta V3) and
// protocol 23 (TxMeta V4) load-test ledgers, per ledger.
func TestLoadTestLedgerFacts(t *testing.T) {
	t.Parallel()
	type facts struct{ invocations, contractEvents, diagnosticEvents, authEntries, subInvocations int }
	bulk := facts{100, 1000, 5100, 100, 1000}
	cases := []struct {
		file     string
		protocol uint32
		want     map[uint32]facts
	}{
		{fixtureV23, 23, map[uint32]facts{93: {}, 94: bulk, 97: bulk}},
		{fixtureV22, 22, map[uint32]facts{95: bulk, 98: bulk}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			got := extractAll(t, openFixture(t, tc.file), loadTestPassphrase, "loadtest")
			if len(got) != len(tc.want) {
				t.Fatalf("ledgers %d, want %d", len(got), len(tc.want))
			}
			for seq, want := range tc.want {
				var f facts
				for _, inv := range got[seq] {
					if inv.Kind != schemas.KindCall || inv.Function != "bulk_transfer" || !inv.Successful {
						t.Fatalf("ledger %d: %s %s successful=%v", seq, inv.Kind, inv.Function, inv.Successful)
					}
					if inv.ProtocolVersion != tc.protocol {
						t.Fatalf("protocol %d", inv.ProtocolVersion)
					}
					f.invocations++
					f.contractEvents += len(inv.ContractEvents)
					f.diagnosticEvents += len(inv.DiagnosticEvents)
					f.authEntries += len(inv.AuthEntries)
					f.subInvocations += len(inv.SubInvocations)
				}
				if f != want {
					t.Errorf("ledger %d: %+v, want %+v", seq, f, want)
				}
			}
		})
	}
}
