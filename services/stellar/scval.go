package stellar

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// ConvertScVal turns a Soroban value into chainrelay's lossless form (see README.md);
// ScValToXDR turns it back.
func ConvertScVal(v xdr.ScVal) (schemas.ScVal, error) {
	var c converter
	return c.scVal(v)
}

// converter turns XDR into schemas values. It caches strkeys and symbols, which a ledger
// repeats many times (the same contracts, accounts and topics in every event), already
// boxed as ScVal values, and carves ScVal slices out of shared blocks: a ledger of the
// protocol 23 load test holds about 90,000 values, and allocating each piece alone costs
// more than converting it. One converter serves one goroutine.
type converter struct {
	strkeys map[strkeyKey]boxedString
	// recent is a direct-mapped cache in front of strkeys, indexed by the payload's
	// first bytes (hashes or keys: evenly spread): a hit costs a compare, not a map
	// lookup hashing the whole key.
	recent  *[256]recentStrkey
	symbols map[string]any
	// block is where the next ScVal slices are carved from.
	block []schemas.ScVal
}

type strkeyKey struct {
	version strkey.VersionByte
	key     [32]byte
}

// boxedString is a string and the same string as an interface value.
type boxedString struct {
	s string
	v any
}

// cacheLimit bounds each cache: a long-lived converter meeting ever new keys starts over.
const cacheLimit = 1 << 16

type recentStrkey struct {
	k strkeyKey
	b boxedString
}

// strkeyBoxed encodes a 32-byte payload, from the cache when it was seen before.
func (c *converter) strkeyBoxed(version strkey.VersionByte, key [32]byte) (boxedString, error) {
	k := strkeyKey{version, key}
	if c.recent == nil {
		c.recent = new([256]recentStrkey)
	}
	slot := &c.recent[key[0]^key[1]^byte(version)]
	if slot.k == k && slot.b.v != nil {
		return slot.b, nil
	}
	if s, ok := c.strkeys[k]; ok {
		slot.k, slot.b = k, s
		return s, nil
	}
	s, err := strkey.Encode(version, key[:])
	if err != nil {
		return boxedString{}, err
	}
	if c.strkeys == nil {
		c.strkeys = make(map[strkeyKey]boxedString, 64)
	}
	if len(c.strkeys) > cacheLimit {
		clear(c.strkeys)
	}
	b := boxedString{s, s}
	c.strkeys[k] = b
	slot.k, slot.b = k, b
	return b, nil
}

func (c *converter) strkey(version strkey.VersionByte, key [32]byte) (string, error) {
	b, err := c.strkeyBoxed(version, key)
	return b.s, err
}

// symbol is a symbol's text as a ScVal value, from the cache when it was seen before.
func (c *converter) symbol(s string) any {
	if v, ok := c.symbols[s]; ok {
		return v
	}
	if c.symbols == nil {
		c.symbols = make(map[string]any, 64)
	}
	if len(c.symbols) > cacheLimit {
		clear(c.symbols)
	}
	var v any = s
	c.symbols[s] = v
	return v
}

// scValSlice returns n zero ScVals carved from the current block.
func (c *converter) scValSlice(n int) []schemas.ScVal {
	const blockSize = 1024
	if n == 0 {
		return []schemas.ScVal{} // empty, not absent
	}
	if n > blockSize/4 {
		return make([]schemas.ScVal, n)
	}
	if cap(c.block)-len(c.block) < n {
		c.block = make([]schemas.ScVal, 0, blockSize)
	}
	i := len(c.block)
	c.block = c.block[:i+n]
	return c.block[i : i+n : i+n]
}

func (c *converter) contractID(id xdr.ContractId) (string, error) {
	return c.strkey(strkey.VersionByteContract, id)
}

func (c *converter) accountID(a xdr.AccountId) (string, error) {
	pk, ok := a.GetEd25519()
	if !ok {
		return "", fmt.Errorf("account id of type %d", a.Type)
	}
	return c.strkey(strkey.VersionByteAccountID, pk)
}

// address renders an ScAddress as its strkey.
func (c *converter) address(a xdr.ScAddress) (string, error) {
	b, err := c.addressBoxed(a)
	return b.s, err
}

func (c *converter) addressBoxed(a xdr.ScAddress) (boxedString, error) {
	switch a.Type {
	case xdr.ScAddressTypeScAddressTypeAccount:
		id, ok := a.GetAccountId()
		if !ok {
			return boxedString{}, fmt.Errorf("address: account arm missing")
		}
		pk, ok := id.GetEd25519()
		if !ok {
			return boxedString{}, fmt.Errorf("account id of type %d", id.Type)
		}
		return c.strkeyBoxed(strkey.VersionByteAccountID, pk)
	case xdr.ScAddressTypeScAddressTypeContract:
		id, ok := a.GetContractId()
		if !ok {
			return boxedString{}, fmt.Errorf("address: contract arm missing")
		}
		return c.strkeyBoxed(strkey.VersionByteContract, id)
	default:
		// Muxed accounts, claimable balances and liquidity pools are rare: the SDK's
		// encoder is fast enough for them.
		s, err := a.String()
		if err != nil {
			return boxedString{}, fmt.Errorf("address: %w", err)
		}
		return boxedString{s, s}, nil
	}
}

func (c *converter) scVals(vs []xdr.ScVal) ([]schemas.ScVal, error) {
	out := c.scValSlice(len(vs))
	for i := range vs {
		v, err := c.scVal(vs[i])
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (c *converter) scMap(m xdr.ScMap) ([]schemas.ScMapEntry, error) {
	out := make([]schemas.ScMapEntry, len(m))
	for i := range m {
		k, err := c.scVal(m[i].Key)
		if err != nil {
			return nil, err
		}
		v, err := c.scVal(m[i].Val)
		if err != nil {
			return nil, err
		}
		out[i] = schemas.ScMapEntry{Key: k, Value: v}
	}
	return out, nil
}

var errMissingArm = fmt.Errorf("union arm missing")

func (c *converter) scVal(v xdr.ScVal) (schemas.ScVal, error) {
	out, err := c.scValInner(v)
	if err != nil {
		return schemas.ScVal{}, fmt.Errorf("scval %s: %w", scValTypeName(v.Type), err)
	}
	return out, nil
}

func (c *converter) scValInner(v xdr.ScVal) (schemas.ScVal, error) {
	typ := scValTypeName(v.Type)
	out := schemas.ScVal{Type: typ}
	switch v.Type {
	case xdr.ScValTypeScvBool:
		if v.B == nil {
			return out, errMissingArm
		}
		out.Value = *v.B
	case xdr.ScValTypeScvVoid, xdr.ScValTypeScvLedgerKeyContractInstance:
	case xdr.ScValTypeScvError:
		if v.Error == nil {
			return out, errMissingArm
		}
		e, err := scError(*v.Error)
		if err != nil {
			return out, err
		}
		out.Value = e
	case xdr.ScValTypeScvU32:
		if v.U32 == nil {
			return out, errMissingArm
		}
		out.Value = uint32(*v.U32)
	case xdr.ScValTypeScvI32:
		if v.I32 == nil {
			return out, errMissingArm
		}
		out.Value = int32(*v.I32)
	case xdr.ScValTypeScvU64:
		if v.U64 == nil {
			return out, errMissingArm
		}
		out.Value = strconv.FormatUint(uint64(*v.U64), 10)
	case xdr.ScValTypeScvI64:
		if v.I64 == nil {
			return out, errMissingArm
		}
		out.Value = strconv.FormatInt(int64(*v.I64), 10)
	case xdr.ScValTypeScvTimepoint:
		if v.Timepoint == nil {
			return out, errMissingArm
		}
		out.Value = strconv.FormatUint(uint64(*v.Timepoint), 10)
	case xdr.ScValTypeScvDuration:
		if v.Duration == nil {
			return out, errMissingArm
		}
		out.Value = strconv.FormatUint(uint64(*v.Duration), 10)
	case xdr.ScValTypeScvU128:
		if v.U128 == nil {
			return out, errMissingArm
		}
		out.Value = u128String(uint64(v.U128.Hi), uint64(v.U128.Lo))
	case xdr.ScValTypeScvI128:
		if v.I128 == nil {
			return out, errMissingArm
		}
		out.Value = i128String(int64(v.I128.Hi), uint64(v.I128.Lo))
	case xdr.ScValTypeScvU256:
		if v.U256 == nil {
			return out, errMissingArm
		}
		p := v.U256
		out.Value = bigString(false, uint64(p.HiHi), uint64(p.HiLo), uint64(p.LoHi), uint64(p.LoLo))
	case xdr.ScValTypeScvI256:
		if v.I256 == nil {
			return out, errMissingArm
		}
		p := v.I256
		out.Value = bigString(true, uint64(p.HiHi), uint64(p.HiLo), uint64(p.LoHi), uint64(p.LoLo))
	case xdr.ScValTypeScvBytes:
		if v.Bytes == nil {
			return out, errMissingArm
		}
		out.Value = hex.EncodeToString(*v.Bytes)
	case xdr.ScValTypeScvString:
		if v.Str == nil {
			return out, errMissingArm
		}
		setText(&out, string(*v.Str))
	case xdr.ScValTypeScvSymbol:
		if v.Sym == nil {
			return out, errMissingArm
		}
		if len(*v.Sym) <= 32 && utf8.ValidString(string(*v.Sym)) {
			out.Value = c.symbol(string(*v.Sym))
		} else {
			setText(&out, string(*v.Sym))
		}
	case xdr.ScValTypeScvExecutableTag:
		if v.ExecutableTag == nil {
			return out, errMissingArm
		}
		setText(&out, string(*v.ExecutableTag))
	case xdr.ScValTypeScvVec:
		if v.Vec == nil {
			return out, errMissingArm
		}
		if *v.Vec != nil {
			vs, err := c.scVals(**v.Vec)
			if err != nil {
				return out, err
			}
			out.Value = vs
		}
	case xdr.ScValTypeScvMap:
		if v.Map == nil {
			return out, errMissingArm
		}
		if *v.Map != nil {
			m, err := c.scMap(**v.Map)
			if err != nil {
				return out, err
			}
			out.Value = m
		}
	case xdr.ScValTypeScvAddress:
		if v.Address == nil {
			return out, errMissingArm
		}
		a, err := c.addressBoxed(*v.Address)
		if err != nil {
			return out, err
		}
		out.Value = a.v
	case xdr.ScValTypeScvContractInstance:
		if v.Instance == nil {
			return out, errMissingArm
		}
		in, err := c.instance(*v.Instance)
		if err != nil {
			return out, err
		}
		out.Value = in
	case xdr.ScValTypeScvLedgerKeyNonce:
		if v.NonceKey == nil {
			return out, errMissingArm
		}
		out.Value = strconv.FormatInt(int64(v.NonceKey.Nonce), 10)
	default:
		return out, fmt.Errorf("unknown type %d", v.Type)
	}
	return out, nil
}

// setText stores string-like bytes as text when they are UTF-8, as hex otherwise, so that
// nothing is replaced on the way to JSON.
func setText(out *schemas.ScVal, s string) {
	if utf8.ValidString(s) {
		out.Value = s
		return
	}
	out.Hex = hex.EncodeToString([]byte(s))
}

func (c *converter) instance(in xdr.ScContractInstance) (schemas.ScInstanceValue, error) {
	var out schemas.ScInstanceValue
	if err := c.executable(in.Executable, &out.Executable, &out.WasmHash, &out.ExternalOwner, &out.ExternalTag); err != nil {
		return out, err
	}
	if in.Storage != nil {
		m, err := c.scMap(*in.Storage)
		if err != nil {
			return out, err
		}
		out.Storage = &m
	}
	return out, nil
}

func (c *converter) executable(e xdr.ContractExecutable, typ, wasmHash, owner, tag *string) error {
	switch e.Type {
	case xdr.ContractExecutableTypeContractExecutableWasm:
		h, ok := e.GetWasmHash()
		if !ok {
			return fmt.Errorf("executable: wasm hash missing")
		}
		*typ, *wasmHash = "wasm", hex.EncodeToString(h[:])
	case xdr.ContractExecutableTypeContractExecutableStellarAsset:
		*typ = "stellar_asset"
	case xdr.ContractExecutableTypeContractExecutableExternalRef:
		ref, ok := e.GetExternalRef()
		if !ok {
			return fmt.Errorf("executable: external ref missing")
		}
		o, err := c.address(ref.ExecutableOwner)
		if err != nil {
			return err
		}
		*typ, *owner, *tag = "external_ref", o, string(ref.Tag)
	default:
		return fmt.Errorf("executable: unknown type %d", e.Type)
	}
	return nil
}

func scError(e xdr.ScError) (schemas.ScErrorValue, error) {
	if !e.Type.ValidEnum(int32(e.Type)) {
		return schemas.ScErrorValue{}, fmt.Errorf("unknown error type %d", e.Type)
	}
	out := schemas.ScErrorValue{Type: snakeEnum(e.Type.String(), "ScErrorTypeSce")}
	if e.Type == xdr.ScErrorTypeSceContract {
		if e.ContractCode == nil {
			return out, errMissingArm
		}
		out.ContractCode = uint32(*e.ContractCode)
		return out, nil
	}
	if e.Code == nil {
		return out, errMissingArm
	}
	if !e.Code.ValidEnum(int32(*e.Code)) {
		return out, fmt.Errorf("unknown error code %d", *e.Code)
	}
	out.Code = snakeEnum(e.Code.String(), "ScErrorCodeScec")
	return out, nil
}

// u128String and i128String are the common cases of bigString without math/big.
func u128String(hi, lo uint64) string {
	if hi == 0 {
		return strconv.FormatUint(lo, 10)
	}
	return bigString(false, hi, lo)
}

func i128String(hi int64, lo uint64) string {
	if (hi == 0 && lo <= 1<<63-1) || (hi == -1 && lo >= 1<<63) {
		return strconv.FormatInt(int64(lo), 10)
	}
	return bigString(true, uint64(hi), lo)
}

// bigString renders big-endian 64-bit words as a decimal, two's complement when signed.
func bigString(signed bool, words ...uint64) string {
	b := make([]byte, 8*len(words))
	for i, w := range words {
		binary.BigEndian.PutUint64(b[8*i:], w)
	}
	n := new(big.Int).SetBytes(b)
	if signed && words[0]>>63 == 1 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(64*len(words))))
	}
	return n.String()
}

// snakeEnum turns an SDK enum name ("ScErrorCodeScecArithDomain") into snake case after
// its prefix ("arith_domain").
func snakeEnum(name, prefix string) string {
	name = strings.TrimPrefix(name, prefix)
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// scValTypeNames is indexed by type: a lookup per value, which a map makes costly.
var scValTypeNames = [...]string{
	xdr.ScValTypeScvBool:                      schemas.ScBool,
	xdr.ScValTypeScvVoid:                      schemas.ScVoid,
	xdr.ScValTypeScvError:                     schemas.ScError,
	xdr.ScValTypeScvU32:                       schemas.ScU32,
	xdr.ScValTypeScvI32:                       schemas.ScI32,
	xdr.ScValTypeScvU64:                       schemas.ScU64,
	xdr.ScValTypeScvI64:                       schemas.ScI64,
	xdr.ScValTypeScvTimepoint:                 schemas.ScTimepoint,
	xdr.ScValTypeScvDuration:                  schemas.ScDuration,
	xdr.ScValTypeScvU128:                      schemas.ScU128,
	xdr.ScValTypeScvI128:                      schemas.ScI128,
	xdr.ScValTypeScvU256:                      schemas.ScU256,
	xdr.ScValTypeScvI256:                      schemas.ScI256,
	xdr.ScValTypeScvBytes:                     schemas.ScBytes,
	xdr.ScValTypeScvString:                    schemas.ScString,
	xdr.ScValTypeScvSymbol:                    schemas.ScSymbol,
	xdr.ScValTypeScvVec:                       schemas.ScVec,
	xdr.ScValTypeScvMap:                       schemas.ScMap,
	xdr.ScValTypeScvAddress:                   schemas.ScAddress,
	xdr.ScValTypeScvContractInstance:          schemas.ScContractInstance,
	xdr.ScValTypeScvLedgerKeyContractInstance: schemas.ScLedgerKeyContractInstance,
	xdr.ScValTypeScvLedgerKeyNonce:            schemas.ScLedgerKeyNonce,
	xdr.ScValTypeScvExecutableTag:             schemas.ScExecutableTag,
}

// knownScValType is ScValType.ValidEnum without its map lookup, a cost per value.
func knownScValType(t xdr.ScValType) bool {
	return uint32(t) < uint32(len(scValTypeNames)) && scValTypeNames[t] != ""
}

func scValTypeName(t xdr.ScValType) string {
	if knownScValType(t) {
		return scValTypeNames[t]
	}
	return "unknown(" + strconv.Itoa(int(t)) + ")"
}
