package keys_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"

	"github.com/chainrelay/chainrelay/services/evm/keys"
)

const secret = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"

// TestKeyNeverPrintsSecret asserts that no way of printing, formatting, marshalling or
// logging a Key shows its secret, and that all show its address.
func TestKeyNeverPrintsSecret(t *testing.T) {
	t.Parallel()
	k, err := keys.FromHex(secret)
	if err != nil {
		t.Fatal(err)
	}
	addr := k.Address().Hex()
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("loaded", "key", k)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("loaded", "key", k)
	js, err := json.Marshal(struct{ K *keys.Key }{k})
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"String": k.String(),
		"%v":     fmt.Sprintf("%v", k),
		"%+v":    fmt.Sprintf("%+v", k),
		"%#v":    fmt.Sprintf("%#v", k),
		"%s":     fmt.Sprintf("%s", k),
		"%x":     fmt.Sprintf("%x", k),
		"%d":     fmt.Sprintf("%d", k),
		"struct": fmt.Sprintf("%+v", struct{ K *keys.Key }{k}),
		"json":   string(js),
		"slog":   logged.String(),
	}
	for name, out := range outputs {
		low := strings.ToLower(out)
		if strings.Contains(low, secret) || strings.Contains(low, secret[:16]) {
			t.Fatalf("%s prints the secret: %s", name, out)
		}
		if !strings.Contains(out, addr) {
			t.Fatalf("%s does not show the address: %s", name, out)
		}
	}
}

// TestLoadSources asserts that one key loads identically from a hex file (with 0x and a
// newline), an encrypted keystore with a password file, and an environment variable,
// through Config; and that bad inputs fail without echoing the input.
func TestLoadSources(t *testing.T) {
	dir := t.TempDir()
	want, err := keys.FromHex(secret)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "key.hex")
	if err := os.WriteFile(keyFile, []byte("0x"+secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ksPath, err := keys.WriteKeystore(want, filepath.Join(dir, "ks"), "correct horse", keystore.LightScryptN, keystore.LightScryptP)
	if err != nil {
		t.Fatal(err)
	}
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("correct horse\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	wrongPw := filepath.Join(dir, "wrong")
	if err := os.WriteFile(wrongPw, []byte("battery staple"), 0o600); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(dir, "bad.hex")
	if err := os.WriteFile(badFile, []byte("zz"+secret[2:]), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHAINRELAY_TEST_KEY", secret)
	t.Setenv("CHAINRELAY_TEST_BADKEY", "0x1234"+secret[:20])

	tests := []struct {
		name    string
		cfg     keys.Config
		wantErr error // nil: must load want
		anyErr  bool
	}{
		{"file", keys.Config{File: keyFile}, nil, false},
		{"keystore", keys.Config{Keystore: ksPath, PasswordFile: pwFile}, nil, false},
		{"env", keys.Config{Env: "CHAINRELAY_TEST_KEY"}, nil, false},
		{"nothing", keys.Config{}, keys.ErrNoSource, false},
		{"two sources", keys.Config{File: keyFile, Env: "CHAINRELAY_TEST_KEY"}, keys.ErrManySources, false},
		{"keystore without password", keys.Config{Keystore: ksPath}, keys.ErrNoPasswordFile, false},
		{"unset env", keys.Config{Env: "CHAINRELAY_TEST_UNSET"}, keys.ErrEnvUnset, false},
		{"wrong password", keys.Config{Keystore: ksPath, PasswordFile: wrongPw}, nil, true},
		{"bad hex file", keys.Config{File: badFile}, nil, true},
		{"bad env", keys.Config{Env: "CHAINRELAY_TEST_BADKEY"}, nil, true},
		{"missing file", keys.Config{File: filepath.Join(dir, "none")}, nil, true},
	}
	for _, tc := range tests {
		k, err := tc.cfg.Load()
		switch {
		case tc.wantErr != nil || tc.anyErr:
			if err == nil || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Fatalf("%s: err %v, want %v", tc.name, err, tc.wantErr)
			}
			if strings.Contains(err.Error(), secret[4:20]) {
				t.Fatalf("%s: error echoes the key: %v", tc.name, err)
			}
		default:
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if k.Address() != want.Address() {
				t.Fatalf("%s: address %s, want %s", tc.name, k.Address(), want.Address())
			}
		}
	}
}
