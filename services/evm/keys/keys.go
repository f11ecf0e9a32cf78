// Package keys loads the signing key of the EVM layer from a file, an encrypted
// go-ethereum keystore or an environment variable, and keeps it out of logs: a Key prints,
// formats, marshals and logs as its address only.
package keys

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// Errors of key loading.
var (
	ErrNoSource       = errors.New("no key source configured")
	ErrManySources    = errors.New("more than one key source configured")
	ErrNoPasswordFile = errors.New("keystore needs a password file")
	ErrEmptyKey       = errors.New("empty key")
	ErrEnvUnset       = errors.New("key environment variable is not set")
)

// Key is a secp256k1 signing key. Its secret never leaves the value through String,
// fmt verbs, JSON or slog: all of them show the address only.
type Key struct {
	priv *ecdsa.PrivateKey
	addr common.Address
}

func newKey(priv *ecdsa.PrivateKey) *Key {
	return &Key{priv: priv, addr: crypto.PubkeyToAddress(priv.PublicKey)}
}

// Generate returns a fresh random key.
func Generate() (*Key, error) {
	priv, err := crypto.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	return newKey(priv), nil
}

// FromECDSA wraps an existing private key.
func FromECDSA(priv *ecdsa.PrivateKey) *Key { return newKey(priv) }

// FromHex parses a hex private key, with or without 0x, surrounding space ignored. The
// error never contains the input.
func FromHex(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	if s == "" {
		return nil, ErrEmptyKey
	}
	priv, err := crypto.HexToECDSA(s)
	if err != nil {
		// crypto's errors do not echo the key, but say only what kind of problem it was.
		return nil, errors.New("parse key: not a 32-byte hex secp256k1 private key")
	}
	return newKey(priv), nil
}

// LoadFile reads a hex private key from path.
func LoadFile(path string) (*Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	k, err := FromHex(string(b))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return k, nil
}

// LoadKeystore decrypts a go-ethereum keystore JSON file with the password read from
// passwordFile (one trailing newline is not part of the password).
func LoadKeystore(path, passwordFile string) (*Key, error) {
	if passwordFile == "" {
		return nil, ErrNoPasswordFile
	}
	blob, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read keystore: %w", err)
	}
	pw, err := os.ReadFile(passwordFile)
	if err != nil {
		return nil, fmt.Errorf("read password file: %w", err)
	}
	password := strings.TrimSuffix(strings.TrimSuffix(string(pw), "\n"), "\r")
	k, err := keystore.DecryptKey(blob, password)
	if err != nil {
		return nil, fmt.Errorf("decrypt keystore %s: %w", path, err)
	}
	return newKey(k.PrivateKey), nil
}

// FromEnv reads a hex private key from the environment variable name.
func FromEnv(name string) (*Key, error) {
	v, ok := os.LookupEnv(name)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrEnvUnset, name)
	}
	k, err := FromHex(v)
	if err != nil {
		return nil, fmt.Errorf("key from $%s: %w", name, err)
	}
	return k, nil
}

// WriteKeystore encrypts k into a new keystore file in dir and returns its path; scryptN
// and scryptP are keystore.StandardScryptN/P in production, LightScryptN/P in tests.
func WriteKeystore(k *Key, dir, password string, scryptN, scryptP int) (string, error) {
	ks := keystore.NewKeyStore(dir, scryptN, scryptP)
	acct, err := ks.ImportECDSA(k.priv, password)
	if err != nil {
		return "", fmt.Errorf("write keystore: %w", err)
	}
	return acct.URL.Path, nil
}

// Address is the account of the key.
func (k *Key) Address() common.Address { return k.addr }

// SignTx signs tx for signer.
func (k *Key) SignTx(tx *types.Transaction, signer types.Signer) (*types.Transaction, error) {
	return types.SignTx(tx, signer, k.priv)
}

// TransactOpts returns bind v2 transaction options signing with k for chainID.
func (k *Key) TransactOpts(chainID *big.Int) *bind.TransactOpts {
	return bind.NewKeyedTransactor(k.priv, chainID)
}

// HexSecret returns the private key in hex. It exists for writing a key file or handing
// the key to a process that needs it; never log its result.
func (k *Key) HexSecret() string {
	return fmt.Sprintf("%x", crypto.FromECDSA(k.priv))
}

// String shows the address only.
func (k *Key) String() string {
	if k == nil {
		return "Key(nil)"
	}
	return "Key(" + k.addr.Hex() + ")"
}

// GoString keeps %#v from printing the struct's fields.
func (k *Key) GoString() string { return k.String() }

// Format makes every fmt verb (%v, %+v, %s, %x, %d …) print String.
func (k *Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// MarshalJSON writes the address only.
func (k *Key) MarshalJSON() ([]byte, error) { return json.Marshal(k.String()) }

// MarshalText writes the address only (for encoders that use encoding.TextMarshaler).
func (k *Key) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// LogValue makes slog log the address only.
func (k *Key) LogValue() slog.Value { return slog.StringValue(k.String()) }

// Config says where the key comes from: exactly one of File, Keystore (with
// PasswordFile) or Env.
type Config struct {
	// File holds a hex private key.
	File string
	// Keystore is an encrypted go-ethereum keystore JSON file.
	Keystore string
	// PasswordFile holds the keystore password.
	PasswordFile string
	// Env names an environment variable holding a hex private key.
	Env string
}

// Check reports a configuration that cannot load a key.
func (c Config) Check() error {
	n := 0
	for _, s := range []string{c.File, c.Keystore, c.Env} {
		if s != "" {
			n++
		}
	}
	switch {
	case n == 0:
		return ErrNoSource
	case n > 1:
		return ErrManySources
	case c.Keystore != "" && c.PasswordFile == "":
		return ErrNoPasswordFile
	}
	return nil
}

// Load loads the configured key.
func (c Config) Load() (*Key, error) {
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("key config: %w", err)
	}
	switch {
	case c.File != "":
		return LoadFile(c.File)
	case c.Keystore != "":
		return LoadKeystore(c.Keystore, c.PasswordFile)
	default:
		return FromEnv(c.Env)
	}
}
