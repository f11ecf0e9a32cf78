package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chainrelay/chainrelay/services/stellar/stellartest"
)

// TestStellarExtractJSONLines asserts that `stellar extract` prints one JSON object per
// invocation with every documented top-level key, for the real mainnet and protocol 23
// ledgers, without NATS.
func TestStellarExtractJSONLines(t *testing.T) {
	t.Parallel()
	keys := []string{"ledger", "closed_at", "tx_hash", "tx_index", "op_index", "kind", "successful",
		"contract_id", "function", "invoking_account", "arguments", "contract_events", "diagnostic_events",
		"sub_invocations", "state_changes", "ttl_extensions", "archive_restorations"}
	cases := []struct {
		name  string
		args  []string
		lines int
		first map[string]any
	}{
		{"mainnet galexie", []string{"--file", stellartest.Fixture(t, stellartest.Mainnet)}, 1,
			map[string]any{"ledger": 53312000.0, "function": "set_price", "network": "pubnet",
				"contract_id": "CALI2BYU2JE6WVRUFYTS6MSBNEHGJ35P4AVCZYF3B6QOE3QKOB2PLE6M"}},
		{"v23 stream", []string{"--file", stellartest.Fixture(t, stellartest.V23),
			"--passphrase", "load test network", "--network", "loadtest", "--format", "stream"}, 200,
			map[string]any{"ledger": 94.0, "function": "bulk_transfer", "network": "loadtest", "tx_index": 1.0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			cmd := &stellarCmd{out: &out}
			if err := cmd.Run(context.Background(), append([]string{"extract"}, tc.args...)); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(&out)
			sc.Buffer(nil, 1<<24)
			n := 0
			for sc.Scan() {
				var obj map[string]any
				if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
					t.Fatalf("line %d: %v", n+1, err)
				}
				for _, k := range keys {
					if _, ok := obj[k]; !ok {
						t.Fatalf("line %d: key %q missing", n+1, k)
					}
				}
				if n == 0 {
					for k, v := range tc.first {
						if obj[k] != v {
							t.Errorf("%s = %v, want %v", k, obj[k], v)
						}
					}
				}
				n++
			}
			if n != tc.lines {
				t.Fatalf("%d lines, want %d", n, tc.lines)
			}
		})
	}
}

// TestStellarExtractErrors asserts the command's failures: usage errors, a missing file,
// and a truncated file, which fails naming the file and the ledger after the last good
// one, having printed the good ledgers first.
func TestStellarExtractErrors(t *testing.T) {
	t.Parallel()
	full, err := os.ReadFile(stellartest.Fixture(t, stellartest.V23))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(t.TempDir(), "truncated.xdr.zstd")
	if err := os.WriteFile(truncated, full[:len(full)*3/4], 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		args    []string
		want    []string
		isHelp  bool
		printed bool
	}{
		{name: "no subcommand", args: nil, isHelp: true},
		{name: "unknown subcommand", args: []string{"frobnicate"}, want: []string{"unknown subcommand"}},
		{name: "no file", args: []string{"extract"}, want: []string{"--file is required"}},
		{name: "bad format", args: []string{"extract", "--file", truncated, "--format", "xml"}, want: []string{"unknown ledger file format"}},
		{name: "missing file", args: []string{"extract", "--file", "/nonexistent/ledgers.xdr.zstd"}, want: []string{"no such file"}},
		{name: "truncated", args: []string{"extract", "--file", truncated, "--passphrase", "load test network"},
			want: []string{truncated, "ledger #2 (after ledger 94)", "malformed ledger XDR"}, printed: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			err := (&stellarCmd{out: &out}).Run(context.Background(), tc.args)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.isHelp != errors.Is(err, flag.ErrHelp) {
				t.Fatalf("err %v, help %v", err, tc.isHelp)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if tc.printed != (out.Len() > 0) {
				t.Errorf("printed %d bytes", out.Len())
			}
		})
	}
}
